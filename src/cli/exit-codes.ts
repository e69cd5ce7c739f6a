// podlife's exit codes, one table for the code, --help and the README.

export const EXIT = {
  /** Done; for `delete --watch`: every container was seen to exit 0. */
  ok: 0,
  /** podlife could not do it: no cluster, a bad kubeconfig or unknown context, pod not found, delete refused (403), -A without cluster-wide rights, a failing sign-in plugin, --readonly. */
  error: 1,
  /** Bad usage: a flag or argument was refused before anything was sent. */
  usage: 2,
  /** `delete --watch`: a container exited non-zero (not at the deadline); `rollout`: an old pod's did. */
  failed: 3,
  /** `delete --watch`: a container was KILLed at the end of its grace period; `rollout`: an old pod's was. */
  killed: 4,
  /** `delete --watch`: a container's exit was not seen (force delete, pod gone before its final status). */
  unseen: 5,
  /** `rollout`: the Deployment stalled past its progressDeadlineSeconds. */
  stalled: 6,
  /**
   * --timeout ran out. `drain`: with pods still on the node (evicted but not gone yet, or an
   * eviction failing for another reason); `delete --watch`: with the pod still there
   * (stopping, or held by a finalizer, which the last line names).
   */
  timedOut: 7,
  /** `drain`: --timeout ran out with a pod's eviction still refused by a PodDisruptionBudget. */
  drainBlocked: 8,
  /** `drain`: stopped by Ctrl-C; the node is left cordoned. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table as --help prints it (the README has the same rows). */
export const EXIT_CODE_HELP = [
  `${EXIT.ok}  ok; delete --watch: every container was seen to exit 0`,
  `${EXIT.error}  error: no cluster, bad kubeconfig or context, pod not found, delete refused (403), --readonly`,
  `${EXIT.usage}  bad usage: a flag or argument was refused, nothing was sent`,
  `${EXIT.failed}  delete --watch: a container exited non-zero; rollout: an old pod's did`,
  `${EXIT.killed}  delete --watch: a container was KILLed at the grace deadline; rollout: an old pod's was`,
  `${EXIT.unseen}  delete --watch: a container's exit was not seen (force delete, pod gone first)`,
  `${EXIT.stalled}  rollout: stalled past the Deployment's progressDeadlineSeconds`,
  `${EXIT.timedOut}  drain: --timeout ran out with pods still on the node (none held by a budget); delete --watch: with the pod still there`,
  `${EXIT.drainBlocked}  drain: --timeout ran out with an eviction still refused by a PodDisruptionBudget`,
  `${EXIT.interrupted}  drain: stopped by Ctrl-C; the node stays cordoned (podlife uncordon node/NAME)`,
];
