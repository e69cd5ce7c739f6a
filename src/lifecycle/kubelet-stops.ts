// Stops the kubelet makes without a delete: why (read from its own Killing event and the
// eviction manager's Evicted event) and with what grace. Pure.
//
// From the kubelet, v1.34.4:
// - kuberuntime_manager.go computePodActions: a liveness or startup probe failure kills the
//   container with the message "Container NAME failed liveness probe" (or "startup probe"),
//   plus ", will be restarted" when the restart policy restarts it; a changed spec with
//   "Container NAME definition changed".
// - kuberuntime_container.go startContainer: a failed postStart kills it with the message
//   "FailedPostStartHook"; any other stop (delete, eviction, a pod-level kill) says
//   "Stopping container NAME" (killContainer's default).
// - setTerminationGracePeriod: the pod's deletionGracePeriodSeconds if set; else, for a
//   probe kill, the probe's own terminationGracePeriodSeconds when set (KEP-2238); else
//   the pod's terminationGracePeriodSeconds.
// - eviction_manager.go: a container or pod over its ephemeral-storage limit, or an
//   emptyDir over its sizeLimit, is evicted at once (override 1 s); a node-pressure
//   threshold uses 1 s when hard and min(--eviction-max-pod-grace-period, the pod's grace)
//   when soft, which the API does not tell apart: that grace is only bounded.
import type { StopCause } from './types.js';
import type { ContainerJson, PodJson } from './kubernetes-json.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** One Unhealthy event: "Liveness probe failed: HTTP probe failed with statuscode: 500". */
export interface ProbeFailure {
  at: number;
  /** The probe's own output, without the "Liveness probe failed: " prefix. */
  message: string;
  /** The event's count (the kubelet aggregates repeats of one message into one event). */
  count: number;
}

/** What the Killing event says started the stop. */
export type KillReason = 'stop' | 'liveness' | 'startup' | 'poststart' | 'changed' | 'other';

export function killReasonOf(message: string | undefined): KillReason {
  const text = (message ?? '').trim();
  if (text === '' || text.startsWith('Stopping container ')) return 'stop';
  if (text === 'FailedPostStartHook') return 'poststart';
  if (/^Container \S+ failed liveness probe/.test(text)) return 'liveness';
  if (/^Container \S+ failed startup probe/.test(text)) return 'startup';
  if (/^Container \S+ definition changed/.test(text)) return 'changed';
  return 'other';
}

/** The eviction manager's Evicted event (pod-wide), on the local clock. */
export interface KubeletEviction {
  at: number;
  message: string;
}

/** The kubelet's immediate eviction override (eviction_manager.go immediateEvictionGracePeriodSeconds). */
export const IMMEDIATE_EVICTION_GRACE_SECONDS = 1;

// The eviction manager's messages for limit evictions, which always use the 1 s override
// (containerEphemeralStorageMessageFmt, podEphemeralStorageMessageFmt, emptyDirMessageFmt).
const LIMIT_EVICTION = /exceeded its local ephemeral storage limit|ephemeral local storage usage exceeds the total limit|Usage of EmptyDir volume .* exceeds the limit/;

/** The grace a kubelet stop gets: known, or (a node-pressure eviction) only bounded. */
export type KubeletGrace = { seconds: number } | { from: number; to: number };

export interface KubeletStopInput {
  pod: PodJson;
  spec: ContainerJson | undefined;
  reason: KillReason;
  eviction?: KubeletEviction;
  podGraceSeconds: number;
}

export function kubeletStopGrace({ spec, reason, eviction, podGraceSeconds }: KubeletStopInput): KubeletGrace {
  if (reason === 'liveness' || reason === 'startup') {
    const probe = reason === 'liveness' ? spec?.livenessProbe : spec?.startupProbe;
    const own = probe?.terminationGracePeriodSeconds;
    return { seconds: typeof own === 'number' ? own : podGraceSeconds };
  }
  if (reason === 'stop' && eviction) {
    if (LIMIT_EVICTION.test(eviction.message)) return { seconds: IMMEDIATE_EVICTION_GRACE_SECONDS };
    // Hard threshold: 1 s; soft: up to the pod's grace. The API does not say which.
    return podGraceSeconds <= IMMEDIATE_EVICTION_GRACE_SECONDS ? { seconds: podGraceSeconds } : { from: IMMEDIATE_EVICTION_GRACE_SECONDS, to: podGraceSeconds };
  }
  return { seconds: podGraceSeconds };
}

/** Why the kubelet stopped this container, for the CAUSE cell and the detail pane. */
export function kubeletStopCause(reason: KillReason, killingMessage: string | undefined, failure: ProbeFailure | undefined, eviction: KubeletEviction | undefined): StopCause {
  if (reason === 'liveness' || reason === 'startup') {
    const probe: ProbeKind = reason;
    const why = failure?.message ? `: ${oneLine(failure.message)}` : '';
    const cause: StopCause = { kind: 'probe', reason: `${probe} probe`, text: `${probe} probe failed${why}`, short: `${probe} probe failed` };
    if (failure?.message) cause.message = failure.message;
    return cause;
  }
  if (reason === 'poststart') return { kind: 'poststart', reason: 'FailedPostStartHook', text: 'postStart hook failed: the kubelet kills the container (the event carries no message, so no secret leaks)', short: 'postStart failed' };
  if (eviction) return { kind: 'kubelet', reason: 'Evicted', text: `evicted by the kubelet: ${oneLine(eviction.message)}`, short: 'evicted (kubelet)', message: eviction.message };
  const message = oneLine(killingMessage ?? '');
  if (reason === 'changed') return { kind: 'kubelet', reason: 'definition changed', text: message || 'container definition changed', short: 'spec changed' };
  return { kind: 'kubelet', reason: 'Killing', text: message ? `stopped by the kubelet: ${message}` : 'stopped by the kubelet', short: 'kubelet stop' };
}

/** The short name of a stop that ended in a restart in place, for "liveness kill: …". */
export function pastStopLabel(cause: StopCause): string {
  if (cause.kind === 'probe') return `${cause.reason?.replace(/ probe$/, '') ?? 'probe'} kill`;
  if (cause.kind === 'poststart') return 'postStart kill';
  if (cause.kind === 'restart') return 'restart';
  return cause.short;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
