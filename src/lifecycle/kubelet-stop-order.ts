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
  /** When the kubelet began stopping the container (its Killing event): the earliest it can have been. */
  startedAt: number;
  /**
   * The latest the kubelet can have begun (its Killing event as seen here); undefined while
   * that event has not been seen. The kubelet begins a burst of stops staggered, up to about a
   * second late, so a moment worked out from the earliest start can run ahead of the node.
   */
  startedBy?: number;
  /**
   * The earliest the kubelet can have begun when startedAt is a sighting here, which runs
   * behind the node's on a busy machine: the delete's stamped second (or this session's
   * request for it), or the Killing event's if later. A hook of known length may have
   * ended from this moment on.
   */
  startedFrom?: number;
  /** The grace period on the pod. */
  graceSeconds: number;
  hasPreStop: boolean;
  /** A FailedPreStopHook event: the hook ended here. */
  hookFailedAt?: number;
  /** A hook of known length (`sleep` handler, exec `sleep N`). */
  hookSeconds?: number;
  /** An exec hook (`sh -c 'sleep N'`) also takes the time to start its process in the container. */
  hookIsExec?: boolean;
  /** A native sidecar: whether the containers it waits for still run, or when the last one exited. */
  turn?: { othersRunning: boolean; othersExitedAt?: number };
}

/** The moments of a Termination that the kubelet's order decides; KILL's is always known (or bounded). */
export type StopOrder = Pick<Termination, 'hookEndedAt' | 'hookEndEstimated' | 'hookEndFrom' | 'hookMayEndFrom' | 'hookEndBy' | 'waitsForTurnUntil' | 'termSentAt' | 'termEstimated' | 'killDueBy'> & { killDueAt: number };

/** How late the kubelet begins a stop after the delete, at most, as seen in bursts (its Killing event not yet here). */
export const KUBELET_START_SPREAD_MS = 1000;

/**
 * The order from a start known only as a window: a hook of known length ends, and its TERM
 * follows, somewhere in a range; until the window closes (the Killing event is seen) the
 * screen says "preStop or TERM", never a TERM the node may not have sent yet.
 */
export function kubeletStopOrder(input: StopOrderInput): StopOrder {
  const knownLength = input.hasPreStop && input.hookSeconds !== undefined && input.hookFailedAt === undefined && !input.turn;
  const latest = input.startedBy;
  const lateStart = latest ?? input.startedAt + KUBELET_START_SPREAD_MS;
  const grace = Math.max(1, input.graceSeconds);
  // An exec `sleep N` shorter than the grace period only bounds its hook from below.
  if (knownLength && input.hookIsExec && input.hookSeconds! < grace) return execSleepOrder(input, lateStart, grace);
  const early = stopOrderFrom(input);
  if (!knownLength) {
    // TERM as the kubelet begins (the delete as seen); KILL between the earliest and the
    // latest start's, once the Killing event bounds it.
    if (latest === undefined || latest <= input.startedAt) return early;
    const late = stopOrderFrom({ ...input, startedAt: latest });
    const killDueBy = Math.max(early.killDueBy ?? early.killDueAt, late.killDueBy ?? late.killDueAt);
    return killDueBy > early.killDueAt ? { ...early, killDueBy } : early;
  }
  const late = stopOrderFrom({ ...input, startedAt: Math.max(input.startedAt, lateStart) });
  // Any window, however narrow, is drawn as "preStop or TERM" from its earlier end: taking
  // its later end as the moment would add the Killing event's trip here (tens of ms, more on
  // a loaded machine) to the time the screen takes to draw the change.
  if (latest !== undefined && latest <= input.startedAt) {
    // The start is one moment: the hook's end and TERM are one too.
    const killDueBy = Math.max(late.killDueAt, late.killDueBy ?? late.killDueAt);
    const { killDueBy: _late, ...rest } = late;
    return killDueBy > early.killDueAt ? { ...rest, killDueAt: early.killDueAt, killDueBy } : { ...rest, killDueAt: early.killDueAt };
  }
  return {
    hookEndFrom: early.hookEndedAt!,
    ...mayEndFrom(input, Math.min(input.hookSeconds!, grace)),
    hookEndBy: late.hookEndedAt!,
    // Past hookEndBy the hook is over and TERM sent, at a moment worked out, not seen.
    hookEndEstimated: true,
    termEstimated: true,
    killDueAt: early.killDueAt,
    killDueBy: Math.max(late.killDueAt, late.killDueBy ?? late.killDueAt),
  };
}

/**
 * An exec hook (`sh -c 'sleep N'`) takes its N seconds and the time to start its process
 * in the container (CRI ExecSync, runc exec): 0.1 s alone, up to 5 s when thirty stop at
 * once on a 2-core node. So it runs at least N s and its end, like any exec hook's, is not
 * reported: "preStop" for N s, then "preStop or TERM" until the exit tells. KILL comes
 * what is left of the grace after TERM, so between the grace period's end and 2 s later.
 */
function execSleepOrder(input: StopOrderInput, lateStart: number, grace: number): StopOrder {
  const hookEndFrom = input.startedAt + input.hookSeconds! * SECOND;
  const graceEnd = lateStart + grace * SECOND;
  return {
    hookEndFrom,
    ...mayEndFrom(input, input.hookSeconds!),
    hookEndBy: graceEnd,
    killDueAt: input.startedAt + Math.max(grace, input.hookSeconds! + KUBELET_MIN_TERM_SECONDS) * SECOND,
    killDueBy: graceEnd + KUBELET_MIN_TERM_SECONDS * SECOND,
  };
}

/**
 * A window's opening when the start may lie before startedAt (a sighting that ran behind
 * the node's): "preStop or TERM" from the earliest end, or the screen can say preStop for
 * as long after the node's TERM as the sighting was late (a CI run: 293 ms).
 */
function mayEndFrom(input: StopOrderInput, hookSeconds: number): Pick<StopOrder, 'hookMayEndFrom'> {
  const from = input.startedFrom;
  return from !== undefined && from < input.startedAt ? { hookMayEndFrom: from + hookSeconds * SECOND } : {};
}

function stopOrderFrom(input: StopOrderInput): StopOrder {
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
