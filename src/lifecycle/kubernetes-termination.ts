// The termination record of one container of a pod that is being deleted (or that the
// kubelet is stopping after a Killing event), from the pod object plus what the feed
// observed live. Kubernetes does not report when the preStop hook ended or when TERM and
// KILL went out, so those are filled in only from events or from a clear inference.
import type { ContainerState, Termination } from './types.js';
import type { PodJson } from './kubernetes-json.js';
import { refineByLateObservation, refineByPromptObservation, SECOND_RESOLUTION_MS, serverToLocal } from './server-time.js';

/** What a feed saw happen to one container, on the local clock. */
export interface ContainerObservations {
  /** When the current Terminated state was first seen (bounds the true exit from above). */
  exitSeenAt?: number;
  /** A FailedPreStopHook event: the hook ended (failed) here, TERM follows at once. */
  hookFailedAt?: number;
  /** A Killing event ("Stopping container …"): the kubelet began to stop it. */
  killingAt?: number;
}

/** What a feed saw happen to one pod, on the local clock. */
export interface PodObservations {
  /** When the pod was first seen carrying a deletionTimestamp. */
  deletionSeenAt?: number;
  /**
   * The stop request as first seen (and shortened by a later, shorter delete). Wins over
   * the pod's current deletionTimestamp: the kubelet's final grace-0 delete rewrites it
   * just before the object goes, which must not rewrite the stop that happened.
   */
  stopRequest?: StopRequest;
  containers?: Record<string, ContainerObservations>;
}

export const DEFAULT_GRACE_SECONDS = 30;

/** The container's current state, as the mapping already worked it out. */
export interface ContainerNow {
  state: ContainerState;
  exitCode?: number;
  startedAt?: number;
  finishedAt?: number;
  hasPreStop: boolean;
  preStopSeconds?: number;
}

export interface StopRequest {
  requestedAt: number;
  graceSeconds: number;
}

/** The pod-wide delete request: deletionTimestamp is request time + grace on the server's clock. */
export function podStopRequest(pod: PodJson, clockOffsetMs: number, deletionSeenAt?: number, remembered?: StopRequest): StopRequest | undefined {
  const deadline = serverToLocal(pod.metadata?.deletionTimestamp, clockOffsetMs);
  if (deadline === undefined) return undefined;
  if (remembered) return remembered;
  const graceSeconds = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const requestedAt = refineByPromptObservation(deadline - graceSeconds * 1000, deletionSeenAt);
  return { requestedAt, graceSeconds };
}

export function containerTermination(
  pod: PodJson,
  container: ContainerNow,
  podRequest: StopRequest | undefined,
  observed: ContainerObservations | undefined,
): Termination | undefined {
  const request = podRequest ?? killingRequest(pod, container, observed);
  if (!request) return undefined;
  const { requestedAt, graceSeconds } = request;
  // Only a container that was running when the stop began has a stop to show: a
  // completed init container or one still waiting for its image has no process to stop.
  if (container.state === 'Waiting') return undefined;
  if (container.state === 'Terminated' && (container.finishedAt ?? 0) < requestedAt - SECOND_RESOLUTION_MS) return undefined;

  const deadline = requestedAt + graceSeconds * 1000;
  const t: Termination = { requestedAt, graceSeconds, deadline, hasPreStop: container.hasPreStop };
  if (graceSeconds === 0) t.forced = true;
  if (container.state === 'Terminated' && container.finishedAt !== undefined) {
    t.exitedAt = Math.max(requestedAt, refineByLateObservation(container.finishedAt, observed?.exitSeenAt));
    if (container.exitCode !== undefined) t.exitCode = container.exitCode;
  }
  if (container.hasPreStop) {
    // The kubelet runs the hook with the grace period as its timeout, and the container
    // cannot exit before its hook ended: both bound any hook end we report.
    const latestEnd = Math.min(deadline, t.exitedAt ?? Number.POSITIVE_INFINITY);
    if (observed?.hookFailedAt !== undefined && observed.hookFailedAt >= requestedAt - SECOND_RESOLUTION_MS) {
      // Events are posted asynchronously by the kubelet, so the event may arrive after the exit.
      t.hookEndedAt = Math.max(requestedAt, Math.min(observed.hookFailedAt, latestEnd));
    } else if (container.preStopSeconds !== undefined && t.exitedAt !== undefined) {
      // A hook known to take N s that the container outlived ran its full length (or until
      // the grace period cut it off). Inferred, so marked: the kubelet does not report it.
      // The kubelet starts the hook when it begins stopping (its Killing event), which can
      // be a second after the request.
      const killingAt = observed?.killingAt;
      const hookStart = killingAt !== undefined && killingAt >= requestedAt - SECOND_RESOLUTION_MS && killingAt <= latestEnd ? Math.max(requestedAt, killingAt) : requestedAt;
      const expectedEnd = hookStart + container.preStopSeconds * 1000;
      // finishedAt's whole second still has room for the hook's full length: TERM only
      // follows the hook, so the exit came after it (the midpoint guess was too early).
      if (container.finishedAt !== undefined && t.exitedAt < expectedEnd && expectedEnd <= deadline && expectedEnd < container.finishedAt + SECOND_RESOLUTION_MS) {
        t.exitedAt = expectedEnd;
      }
      if (t.exitedAt >= Math.min(expectedEnd, deadline) - SECOND_RESOLUTION_MS) {
        t.hookEndedAt = Math.max(requestedAt, Math.min(expectedEnd, deadline, t.exitedAt));
        t.hookEndEstimated = true;
      }
    }
  }
  // Exit 137 (SIGKILL) at the deadline (the kubelet adds up to 2 s when preStop overran):
  // killed. SIGKILL ends the process at once, so the exit marks when it was sent.
  if (t.exitedAt !== undefined && t.exitCode === 137 && t.exitedAt >= deadline - SECOND_RESOLUTION_MS) {
    t.killSentAt = Math.max(deadline, t.exitedAt);
  }
  return t;
}

/** No delete, but a Killing event (liveness failure, preemption): the stop began there. */
function killingRequest(pod: PodJson, container: ContainerNow, observed: ContainerObservations | undefined): StopRequest | undefined {
  const killingAt = observed?.killingAt;
  if (killingAt === undefined) return undefined;
  // Restarted since: that stop is over and lives on in lastState.
  if (container.state === 'Running' && (container.startedAt ?? 0) > killingAt) return undefined;
  if (container.state === 'Terminated' && (container.finishedAt ?? 0) < killingAt - SECOND_RESOLUTION_MS) return undefined;
  return { requestedAt: killingAt, graceSeconds: pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS };
}
