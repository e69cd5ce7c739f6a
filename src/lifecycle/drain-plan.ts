// Which pods a drain evicts, which it leaves and why, by kubectl drain's rules
// (k8s.io/kubectl/pkg/drain/filters.go, in its order): DaemonSet pods are left (with
// --ignore-daemonsets, else the drain is refused: their controller would put them back);
// mirror pods are left (the kubelet owns them); a pod with emptyDir data needs
// --delete-emptydir-data and one without a controller needs --force (nothing would
// recreate it). A pod that has finished (Succeeded/Failed) is always removed.
import type { PodJson } from './kubernetes-json.js';

export interface DrainRules {
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  /** kubectl's --force: evict pods that no controller would recreate. */
  force: boolean;
}

export interface PlannedPod {
  namespace: string;
  name: string;
  uid?: string;
  /** "ReplicaSet web-5d8f", "no controller". */
  owner: string;
  labels: Record<string, string>;
  /** The controller's uid: its replacement pods carry the same. */
  controllerUid?: string;
  /** The pod's own terminationGracePeriodSeconds (30 when unset, as the API defaults it). */
  graceSeconds: number;
}

export type SkipReason = 'DaemonSet' | 'mirror pod';
export type EvictNote = 'emptyDir' | 'unmanaged';

export interface DrainPlan {
  evict: (PlannedPod & { notes: EvictNote[] })[];
  skip: (PlannedPod & { reason: SkipReason })[];
  /** kubectl's refusals, each with the pods it is about; any one refuses the whole drain. */
  refusals: { message: string; pods: PlannedPod[] }[];
}

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** kubectl's own words, so a user who knows them recognises them. */
export const REFUSAL = {
  DaemonSet: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
  emptyDir: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)',
  unmanaged: 'cannot delete Pods that declare no controller (use --force to override)',
} as const;

/** Why each kind of pod is left or noted, as the plan prints it. */
export const SKIP_TEXT: Record<SkipReason, string> = {
  DaemonSet: 'DaemonSet-managed: its DaemonSet would put it back (--ignore-daemonsets)',
  'mirror pod': 'mirror pod: a static pod the kubelet runs from a file, the API cannot evict it',
};
export const NOTE_TEXT: Record<EvictNote, string> = {
  emptyDir: 'its emptyDir data is deleted with it (--delete-emptydir-data)',
  unmanaged: 'no controller: nothing recreates it (--force)',
};

export function planDrain(pods: readonly PodJson[], rules: DrainRules): DrainPlan {
  const plan: DrainPlan = { evict: [], skip: [], refusals: [] };
  const refuse = (message: string, pod: PlannedPod) => {
    const found = plan.refusals.find((r) => r.message === message);
    if (found) found.pods.push(pod);
    else plan.refusals.push({ message, pods: [pod] });
  };
  for (const pod of pods) {
    const planned = plannedPod(pod);
    const controller = pod.metadata?.ownerReferences?.find((o) => o.controller);
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (controller?.kind === 'DaemonSet' && !finished) {
      if (rules.ignoreDaemonsets) plan.skip.push({ ...planned, reason: 'DaemonSet' });
      else refuse(REFUSAL.DaemonSet, planned);
      continue;
    }
    if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
      plan.skip.push({ ...planned, reason: 'mirror pod' });
      continue;
    }
    const notes: EvictNote[] = [];
    const blocked: string[] = [];
    if (!finished && pod.spec?.volumes?.some((v) => v.emptyDir)) {
      if (rules.deleteEmptydirData) notes.push('emptyDir');
      else blocked.push(REFUSAL.emptyDir);
    }
    if (!finished && !controller) {
      if (rules.force) notes.push('unmanaged');
      else blocked.push(REFUSAL.unmanaged);
    }
    // kubectl stops at a pod's first refusal.
    if (blocked.length) refuse(blocked[0]!, planned);
    else plan.evict.push({ ...planned, notes });
  }
  return plan;
}

/** "cannot delete Pods with local storage (…): ns/a, ns/b; cannot delete …": kubectl's, on one line. */
export function refusalText(plan: DrainPlan): string | undefined {
  if (!plan.refusals.length) return undefined;
  return plan.refusals.map((r) => `${r.message}: ${r.pods.map((p) => `${p.namespace}/${p.name}`).join(', ')}`).join('; ');
}

function plannedPod(pod: PodJson): PlannedPod {
  const controller = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const planned: PlannedPod = {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '?',
    owner: controller ? `${controller.kind} ${controller.name}` : 'no controller',
    labels: pod.metadata?.labels ?? {},
    graceSeconds: pod.spec?.terminationGracePeriodSeconds ?? 30,
  };
  if (pod.metadata?.uid) planned.uid = pod.metadata.uid;
  if (controller?.uid) planned.controllerUid = controller.uid;
  return planned;
}
