// The shapes every layer shares. Sources turn API objects into ContainerRows; the store
// keeps them; the UI and headless printers read them. Times are epoch milliseconds on the
// local clock (sources correct server timestamps for clock skew before they get here).

export type SourceKind = 'kubernetes' | 'docker' | 'replay';

export type ContainerState = 'Waiting' | 'Running' | 'Terminated';

/** How the container takes part in its pod (Docker containers are always `main`). */
export type ContainerKind = 'init' | 'sidecar' | 'main' | 'ephemeral';

/** Lifecycle hook handler kinds as the Kubernetes API names them. */
export type HookKind = 'exec' | 'httpGet' | 'tcpSocket' | 'sleep';

export interface Hooks {
  postStart?: HookKind;
  preStop?: HookKind;
  /** For a `sleep` handler, or an exec that ends in `sleep N`: the seconds it is known to take. */
  preStopSeconds?: number;
}

/**
 * Where a stopping container is, in the order the kubelet (or dockerd) works:
 * hook = preStop running; hook-or-term = a preStop whose end the API does not report
 * (TERM may already have followed it); waiting = a native sidecar whose preStop is over,
 * waiting for the regular containers (and later sidecars) to exit before its TERM;
 * term = TERM sent, waiting for exit; kill-due = KILL is due or sent; done = exited.
 */
export type TerminationPhase = 'hook' | 'hook-or-term' | 'waiting' | 'term' | 'kill-due' | 'done';

export interface Termination {
  /** When the stop/delete was requested (deletionTimestamp − grace for Kubernetes). */
  requestedAt: number;
  /** The grace period as requested (the kubelet gives at least 2 s between TERM and KILL). */
  graceSeconds: number;
  /** requestedAt + grace: the API's deadline, against which the bar fills. */
  deadline: number;
  /**
   * The grace is only bounded (a kubelet eviction whose override the API does not tell):
   * it is at least this many seconds and at most graceSeconds.
   */
  graceFromSeconds?: number;
  /** The container has a preStop hook, so the first phase is `hook`. */
  hasPreStop: boolean;
  /** When the hook ended (or, for a hook of known length, will end): TERM follows at once. */
  hookEndedAt?: number;
  /** hookEndedAt was inferred (e.g. from a known `sleep N` preStop), not observed. */
  hookEndEstimated?: boolean;
  /** The hook's end is not reported, but it ends by this moment (the kubelet's hook timeout). */
  hookEndBy?: number;
  /** A hook of known length whose start is known only as a window: it runs at least until here. */
  hookEndFrom?: number;
  /**
   * Before hookEndFrom when the start was a sighting that may have run behind the node's:
   * the earliest the hook can have ended, so "preStop or TERM" shows from here.
   */
  hookMayEndFrom?: number;
  /** A native sidecar's TERM waits for other containers to exit, at the latest until this moment. */
  waitsForTurnUntil?: number;
  /** When TERM (or the stop signal below) was sent, if observed (Docker `kill` event with the StopSignal) or worked out from the kubelet's order. */
  termSentAt?: number;
  /** termSentAt was inferred from an estimated moment, not observed. */
  termEstimated?: boolean;
  /** The signal that asks the process to stop, when it is not SIGTERM (a Docker StopSignal such as "SIGQUIT"). */
  stopSignal?: string;
  /** When KILL falls due by the kubelet's rules (the earliest, when it depends on an unreported moment). */
  killDueAt?: number;
  /** The latest KILL can fall due, when it depends on an unreported moment. */
  killDueBy?: number;
  /** When KILL was sent, if observed (Docker `kill` event with signal 9, Kubernetes exit 137 at the deadline). */
  killSentAt?: number;
  /** When the container exited (finishedAt / `die`). */
  exitedAt?: number;
  /**
   * exitedAt is when the engine logged the exit (Docker's `die`), which it does after its
   * clean-up: the exit came at or before it. Cleared once its own record (FinishedAt) says when.
   */
  exitedAtLatest?: boolean;
  exitCode?: number;
  /** The user asked for grace 0 (the object may vanish while the process still runs). */
  forced?: boolean;
  /**
   * Nobody asked it to stop: the process ended by itself (a Docker `die` without a stop).
   * requestedAt and deadline are the exit; there was no grace and there are no phases.
   */
  unrequested?: boolean;
}

export interface LastState {
  state: ContainerState;
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  startedAt?: number;
  finishedAt?: number;
}

/*
 * "Group", the one word podlife uses for what a row belongs to, means per source:
 * - Kubernetes: the pod. `group` is the pod's name; `groupKey` (k8s/context/namespace/pod)
 *   gathers its init, sidecar, main and ephemeral containers, which are replaced together
 *   and deleted together (Ctrl-D deletes the pod).
 * - Docker: the container itself. `groupKey` (docker/context/id) holds that one row;
 *   `group` is only a label: the Compose project the container belongs to, else its own
 *   name (the PROJECT column). Ctrl-D stops that one container.
 * Everything else that says group (store, sources, warnings) means exactly this.
 */
export interface ContainerRow {
  /** Unique across everything shown: source/context/namespace/group/container. */
  key: string;
  /** Kubernetes: the pod's uid, which tells this pod from an earlier one of the same name. */
  podUid?: string;
  /** The group's key (see "Group" above): a pod, or one Docker container. */
  groupKey: string;
  source: SourceKind;
  context: string;
  /** Kubernetes namespace; empty for Docker. */
  namespace: string;
  /** The group's name as shown (see "Group" above): pod name; Docker: Compose project, else container name. */
  group: string;
  name: string;
  kind: ContainerKind;
  /** Position within the group, in the order the pod runs them (init, sidecar, main, ephemeral). */
  order: number;
  image?: string;
  /** Docker container id / Kubernetes containerID. */
  id?: string;
  state: ContainerState;
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  restartCount: number;
  ready: boolean;
  /** Docker health status (healthy / unhealthy / starting). */
  health?: string;
  /** Since when `health` holds (the check that turned it, or its event); unknown for a `healthy` podlife did not see begin. */
  healthSince?: number;
  /** The status began before healthSince: the engine's log (its last 5 checks) no longer holds the check that turned it. */
  healthSinceAtLeast?: boolean;
  paused?: boolean;
  startedAt?: number;
  finishedAt?: number;
  createdAt?: number;
  lastState?: LastState;
  hooks: Hooks;
  /** The grace a stop/delete gets by default: the pod's terminationGracePeriodSeconds, Docker's StopTimeout or 10. */
  defaultGraceSeconds?: number;
  termination?: Termination;
  /** The source lost its connection: this row may be out of date. */
  stale?: boolean;
  /** The object is gone (pod deleted, container removed); kept dimmed for a while. */
  goneAt?: number;
  /**
   * Kubernetes: the pod's metadata.finalizers. A deleted pod stays, its containers stopped,
   * until each is removed, by whoever added it.
   */
  finalizers?: string[];
  /** Kubernetes: the pod's controller, resolved through its ReplicaSet to the Deployment when known. */
  owner?: PodOwner;
  /** Kubernetes: why the pod is stopping (only while or after it stops). */
  cause?: StopCause;
  /** Kubernetes: the EndpointSlices that list the pod now (it is behind a Service). */
  endpoints?: EndpointMembership[];
  /** Kubernetes: the pod's node is cordoned and a budget allowing no disruption covers it: a drain would be held. */
  drainHold?: DrainHold;
  /** Kubernetes: this session's eviction (`e`) was refused (HTTP 429), and by which budget. */
  evictionRefused?: EvictionRefused;
  /**
   * The last stop that ended in a restart in place (a liveness or startup probe kill, a
   * failed postStart, Docker's restart policy) and how it went: kept after the restart,
   * when `termination` is gone.
   */
  lastStop?: PastStop;
  /** Kubernetes: how far the container's start has got where its state does not say (kubernetes-start.ts). */
  start?: StartProgress;
}

/**
 * The start side, as moments: the text works out elapsed times at each render, so the
 * 1 Hz tick moves them. At most one of postStart / startupProbe / notReady applies to a
 * container at a time; init is about its pod.
 */
export interface StartProgress {
  /** postStart is running: the state stays Waiting until the hook returns. */
  postStart?: {
    /** The kubelet's Started event (the container started; the hook runs right after). */
    since: number;
    /** Only the event's whole-second stamp is known (it was not seen live). */
    estimated?: boolean;
  };
  /** Running, its startup probe not passed yet. */
  startupProbe?: {
    /** Failures in this run, counted from Unhealthy events; absent when they cannot be told apart from an earlier run's. */
    failures?: number;
    /** failureThreshold: the kubelet kills the container at this many. */
    threshold: number;
    periodSeconds: number;
    initialDelaySeconds: number;
    timeoutSeconds: number;
    /** This run's startedAt (for the estimate from time when `failures` is absent or its events stopped). */
    since: number;
    /** The last failure counted (its event's stamp, local clock). */
    lastFailureAt?: number;
    /** The last failure's output, when the event carried one. */
    lastFailure?: string;
  };
  /** Running and not ready (its readiness probe fails). */
  notReady?: {
    since: number;
    /** seen: the flip was watched live; started: not ready since the run began; condition: the pod's ContainersReady transition. */
    basis: 'seen' | 'started' | 'condition';
    /** `since` is a lower bound, not a moment (it may have been ready for a while, unseen). */
    estimated?: boolean;
    lastFailure?: string;
  };
  /** The pod's regular init containers (not sidecars) while they run: completed of total, as kubectl's Init:N/M. */
  init?: { done: number; total: number };
}

/** A stop that is over while the container lives on, with why it happened. */
export interface PastStop {
  cause: StopCause;
  /** The settled record: exitedAt is set. */
  termination: Termination;
}

export interface PodOwner {
  /** The controller's kind and name: ReplicaSet, Job, StatefulSet, DaemonSet, … */
  kind: string;
  name: string;
  /** A ReplicaSet's Deployment, and the ReplicaSet's revision in it, when the ReplicaSet is known. */
  deployment?: string;
  revision?: number;
}

/**
 * Why a pod stops. disruption: the DisruptionTarget condition (reason and message as the
 * API gives them); podlife: this session deleted it; rollout: its ReplicaSet is older
 * than the Deployment's newest; owner: its controller (scale-down, Job); deleted: a
 * delete nothing else explains. Without a delete, the kubelet's own stops of one
 * container: probe (a liveness or startup probe failed), poststart (its postStart hook
 * failed), kubelet (a stop the kubelet made for another reason, e.g. an eviction whose
 * condition is not there yet); restart: Docker ran the container again (its restart
 * policy, a `docker restart`, or a `docker start` after a stop or an exit).
 */
export interface StopCause {
  kind: 'disruption' | 'podlife' | 'rollout' | 'owner' | 'deleted' | 'probe' | 'poststart' | 'kubelet' | 'restart';
  /** One line for people: "rollout of deployment/web revision 2 → 3". */
  text: string;
  /** A few words for a table cell: "rollout 2 → 3", "EvictionByEvictionAPI", "podlife Ctrl-D". */
  short: string;
  reason?: string;
  message?: string;
}

/** One EndpointSlice's entry for the pod, as last seen. */
export interface EndpointMembership {
  service: string;
  slice: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** A Kubernetes Event or a Docker event, attached to the rows it concerns. */
export interface LifecycleEvent {
  at: number;
  groupKey: string;
  /** Kubernetes: the uid of the pod the event is about (involvedObject.uid). */
  uid?: string;
  /** Container name when the event names one (fieldPath spec.containers{name}). */
  container?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /**
   * Set for an event whose repeats say nothing new (BackOff, Unhealthy: the same Event
   * object with a rising count): a repeat replaces the earlier entry instead of being
   * kept beside it, so a flood of them cannot push out the events a timeline needs.
   */
  aggregateId?: string;
}

/** A budget as a drain meets it: its name and status numbers. */
export interface BudgetNumbers {
  name: string;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
}

export interface DrainHold {
  node: string;
  budget: BudgetNumbers;
}

export interface EvictionRefused {
  /** When the apiserver refused it (local clock). */
  at: number;
  budget?: BudgetNumbers;
  message: string;
}

export interface ConnectionStatus {
  source: SourceKind;
  context: string;
  state: 'connecting' | 'live' | 'disconnected' | 'error' | 'ended';
  /** Since when the state holds (disconnected since …). */
  since: number;
  /** Human message for the header: what failed, for which context, what to try. */
  message?: string;
  /** Server clock minus local clock in ms, when measured. */
  clockOffsetMs?: number;
  /** How far off clockOffsetMs may be (half the window the Date samples leave). */
  clockOffsetUncertaintyMs?: number;
  /** Kubernetes: the nodes that are cordoned (spec.unschedulable), when nodes can be watched. */
  cordonedNodes?: string[];
  /** Kinds besides pods the server says this user may not read ("events", "pods/log"): the header names them. */
  noAccess?: string[];
  /** Kubernetes: a pod list under way in pages, its rows shown as they come (the header says how far it is). */
  listing?: ListingProgress;
  /** Docker: the engine that answers on the endpoint (dockerd, or Podman's Docker-compatible service). */
  engine?: DockerEngine;
}

export interface ListingProgress {
  /** Pods the pages so far held. */
  listed: number;
  /** listed plus the server's remainingItemCount: an estimate, absent when the server gave none (a selector). */
  estimatedTotal?: number;
}

/** What a Docker endpoint says it is (its GET /_ping headers). */
export interface DockerEngine {
  kind: 'docker' | 'podman';
  /** The engine's own version ("27.3.1", "4.3.1"), when it says. */
  version?: string;
}
