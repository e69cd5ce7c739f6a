// The kubelet's order for stopping one container (pkg/kubelet/kuberuntime, killContainer),
// worked out from what podlife can know. The kubelet:
//   1. takes the grace period G (the pod's deletionGracePeriodSeconds, at least 1 s);
//   2. runs the preStop hook with G as its timeout, then takes the hook's whole seconds off G;
//   3. a native sidecar then waits for every regular container (and every later sidecar) to
//      exit, at most for what is left of G, whose whole seconds come off G too;
//   4. sends TERM with what is left of G as the stop timeout, but never less than 2 s;
//   5. sends KILL when that timeout runs out.
// So a preStop that runs the whole grace period is followed by TERM at the deadline and KILL
// 2 s later, and `--grace-period=1` behaves as 2 s. A moment the API does not report (the end
// of an httpGet or exec hook of unknown length) stays unknown: only its bounds are given.

import type { Termination } from './types.js';

/** The kubelet never gives a container less than this between TERM and KILL. */
export const KUBELET_MIN_TERM_SECONDS = 2;

const SECOND = 1000;

export interface StopOrderInput {
  /** When the kubelet began stopping the container (its Killing event). */
  startedAt: number;
  /** The grace period on the pod. */
  graceSeconds: number;
  hasPreStop: boolean;
  /** A FailedPreStopHook event: the hook ended here. */
  hookFailedAt?: number;
  /** A hook of known length (`sleep` handler, exec `sleep N`). */
  hookSeconds?: number;
  /** A native sidecar: whether the containers it waits for still run, or when the last one exited. */
  turn?: { othersRunning: boolean; othersExitedAt?: number };
}

/** The moments of a Termination that the kubelet's order decides; KILL's is always known (or bounded). */
export type StopOrder = Pick<Termination, 'hookEndedAt' | 'hookEndEstimated' | 'hookEndBy' | 'waitsForTurnUntil' | 'termSentAt' | 'termEstimated' | 'killDueBy'> & { killDueAt: number };

export function kubeletStopOrder(input: StopOrderInput): StopOrder {
  const { startedAt: start } = input;
  const grace = Math.max(1, input.graceSeconds);
  const graceEnd = start + grace * SECOND;
  const order: Partial<StopOrder> = {};
  let remaining = grace;

  // 2. The hook, and when the container is ready for its TERM (unknown: undefined).
  let readyAt: number | undefined = start;
  let readyEstimated = false;
  if (input.hasPreStop) {
    if (input.hookFailedAt !== undefined) {
      order.hookEndedAt = clamp(input.hookFailedAt, start, graceEnd);
    } else if (input.hookSeconds !== undefined) {
      order.hookEndedAt = start + Math.min(input.hookSeconds, grace) * SECOND;
      order.hookEndEstimated = readyEstimated = true;
    } else {
      order.hookEndBy = graceEnd;
      readyAt = undefined;
    }
    if (order.hookEndedAt !== undefined) {
      readyAt = order.hookEndedAt;
      remaining -= Math.floor((order.hookEndedAt - start) / SECOND);
    }
  }

  // 3. A sidecar's turn.
  if (input.turn && remaining > 0) {
    const waitEnd = (readyAt ?? start) + remaining * SECOND;
    if (input.turn.othersRunning) {
      order.waitsForTurnUntil = waitEnd;
      return { ...order, killDueAt: waitEnd, killDueBy: waitEnd + KUBELET_MIN_TERM_SECONDS * SECOND };
    }
    const othersExitedAt = input.turn.othersExitedAt;
    if (readyAt !== undefined && othersExitedAt !== undefined && othersExitedAt > readyAt) {
      const termAt = Math.min(othersExitedAt, waitEnd);
      remaining -= Math.floor((termAt - readyAt) / SECOND);
      readyAt = termAt;
      readyEstimated = true;
    }
  }

  // 4–5. TERM, then KILL after what is left of the grace period (at least 2 s).
  if (readyAt === undefined) {
    // The hook's end is unreported: TERM came somewhere up to the deadline, KILL between
    // the deadline and 2 s after it (a hook that ran the whole grace period).
    return { ...order, killDueAt: graceEnd, killDueBy: graceEnd + KUBELET_MIN_TERM_SECONDS * SECOND };
  }
  order.termSentAt = readyAt;
  if (readyEstimated) order.termEstimated = true;
  return { ...order, killDueAt: readyAt + Math.max(KUBELET_MIN_TERM_SECONDS, remaining) * SECOND };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
