// The termination record of one container of a pod that is being deleted (or that the
// kubelet is stopping after a Killing event), from the pod object plus what the feed
// observed live. Kubernetes does not report when the preStop hook ended or when TERM and
// KILL went out: those come from events (FailedPreStopHook), from the kubelet's own order
// of work (kubelet-stop-order.ts) where a hook's length is known, or stay unknown.
import type { ContainerState, PastStop, StopCause, Termination } from './types.js';
import type { ContainerJson, PodJson } from './kubernetes-json.js';
import { kubeletStopOrder, type StopOrder } from './kubelet-stop-order.js';
import { killReasonOf, kubeletStopCause, kubeletStopGrace, type KubeletEviction, type ProbeFailure, type ProbeKind } from './kubelet-stops.js';
import { refineByLateObservation, refineByPromptObservation, SECOND_RESOLUTION_MS } from './server-time.js';

/** What a feed saw happen to one container, on the local clock. */
export interface ContainerObservations {
  /** When the current Terminated state was first seen (bounds the true exit from above). */
  exitSeenAt?: number;
  /** A FailedPreStopHook event: the hook ended (failed) here, TERM follows at once. */
  hookFailedAt?: number;
  /** A Killing event ("Stopping container …"): the kubelet began to stop it (seen at, refined). */
  killingAt?: number;
  /** The Killing event's own whole-second stamp, on the local clock, and when it was seen. */
  killingStampAt?: number;
  killingSeenAt?: number;
  /** The stamp of the last line it logged while stopping (the kubelet's, nanosecond): it still ran then. */
  lastLogAt?: number;
  /** The Killing event's message: "Stopping container web", "Container web failed liveness probe, will be restarted". */
  killingMessage?: string;
  /** The last failure each probe reported (Unhealthy events), on the local clock. */
  probeFailures?: Partial<Record<ProbeKind, ProbeFailure>>;
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
  stopRequest?: RememberedStop;
  /** The kubelet's Evicted event (node pressure, a storage limit): its stops follow. */
  eviction?: KubeletEviction;
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
  /** The preStop is an exec (`sh -c 'sleep N'`), not the kubelet's own `sleep` action. */
  preStopIsExec?: boolean;
  /** The previous run's exit (lastState.terminated): a stop that ended in a restart in place. */
  last?: { exitCode?: number; startedAt?: number; finishedAt?: number };
  /** The container's spec: its probes' own grace periods. */
  spec?: ContainerJson;
}

export interface StopRequest {
  requestedAt: number;
  graceSeconds: number;
  /** The grace is only bounded (a node-pressure eviction): at most this many seconds. */
  graceUpToSeconds?: number;
  /** The kubelet's own stop: its Killing event is the start, not a bound of it. */
  startSeen?: boolean;
  /**
   * With startSeen: the latest the kubelet can have begun, when its Killing event reached
   * us after the whole second it is stamped with (requestedAt is then that second's start).
   */
  startBy?: number;
  /**
   * A delete seen inside the whole second it is stamped with: requestedAt is that sighting,
   * and this the earliest it can have been made (a sighting runs behind the node's on a busy
   * machine): the second's start, or when this session's own request went out, if later.
   */
  requestedFrom?: number;
  /**
   * A delete seen after the whole second it is stamped with (a relist, a watch running
   * behind), or not seen at all: the latest it can have been made. requestedAt is then that
   * second's start, so KILL is a range up to this moment's deadline, never drawn early.
   */
  requestedBy?: number;
}

/**
 * A stop as first seen, kept on the server's clock: it is moved onto the local clock with
 * the offset known at each redraw, so a better offset (more Date samples) moves it too,
 * instead of pinning it with whatever single sample was known at the delete.
 */
export interface RememberedStop {
  /** deletionTimestamp − grace, server epoch ms (whole seconds). */
  requestServerMs: number;
  graceSeconds: number;
  /** When the delete was first seen here (local clock). */
  seenAt?: number;
  /** This session's own delete: the request went out here, and its answer came here (local clock). */
  madeFrom?: number;
  madeBy?: number;
}

/** The delete as the pod object states it, on the server's clock. */
export function rememberedStop(pod: PodJson, seenAt?: number): RememberedStop | undefined {
  const stamp = pod.metadata?.deletionTimestamp;
  const deadline = stamp ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(deadline)) return undefined;
  const graceSeconds = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  return { requestServerMs: deadline - graceSeconds * 1000, graceSeconds, ...(seenAt !== undefined ? { seenAt } : {}) };
}

/** The pod-wide delete request: deletionTimestamp is request time + grace on the server's clock. */
export function podStopRequest(pod: PodJson, clockOffsetMs: number, deletionSeenAt?: number, remembered?: RememberedStop, clockUncertaintyMs = 0): StopRequest | undefined {
  if (!pod.metadata?.deletionTimestamp) return undefined;
  const stop = remembered ?? rememberedStop(pod, deletionSeenAt);
  if (!stop) return undefined;
  const stampedSecond = stop.requestServerMs - clockOffsetMs;
  // Made by the time it was seen, or by the answer to this session's own request if sooner.
  const seenAt = stop.madeBy === undefined ? stop.seenAt : Math.min(stop.seenAt ?? stop.madeBy, stop.madeBy);
  const requestedAt = refineByPromptObservation(stampedSecond, seenAt, clockUncertaintyMs);
  const request: StopRequest = { requestedAt, graceSeconds: stop.graceSeconds };
  const earliest = Math.max(stampedSecond - Math.max(0, clockUncertaintyMs), stop.madeFrom ?? Number.NEGATIVE_INFINITY);
  if (requestedAt > earliest) request.requestedFrom = earliest;
  if (requestedAt === stampedSecond) {
    const requestedBy = Math.min(seenAt ?? Number.POSITIVE_INFINITY, stampedSecond + SECOND_RESOLUTION_MS + Math.max(0, clockUncertaintyMs) - 1);
    if (requestedBy > requestedAt) request.requestedBy = requestedBy;
  }
  return request;
}

/** A native sidecar's turn: the containers it waits for before its TERM (kubelet termination ordering). */
export interface SidecarTurn {
  othersRunning: boolean;
  othersExitedAt?: number;
}

export function containerTermination(
  pod: PodJson,
  container: ContainerNow,
  podRequest: StopRequest | undefined,
  observed: ContainerObservations | undefined,
  turn?: SidecarTurn,
  eviction?: KubeletEviction,
  clockUncertaintyMs = 0,
): Termination | undefined {
  const request = podRequest ?? killingRequest(pod, container, observed, eviction);
  if (!request) return undefined;
  const { requestedAt } = request;
  // Only a container that was running when the stop began has a stop to show: a
  // completed init container or one still waiting for its image has no process to stop.
  // A failed postStart is the exception: the kubelet kills the started process while the
  // status still says Waiting (the hook runs inside startContainer, before Running).
  if (container.state === 'Waiting' && !(podRequest === undefined && killReasonOf(observed?.killingMessage) === 'poststart')) return undefined;
  if (container.state === 'Terminated' && (container.finishedAt ?? 0) < requestedAt - SECOND_RESOLUTION_MS) return undefined;

  return terminationFor(request, container, observed, turn, clockUncertaintyMs);
}

function terminationFor(request: StopRequest, container: ContainerNow, observed: ContainerObservations | undefined, turn?: SidecarTurn, clockUncertaintyMs = 0): Termination {
  const { requestedAt, graceSeconds } = request;
  const deadline = requestedAt + graceSeconds * 1000;
  const t: Termination = { requestedAt, graceSeconds, deadline, hasPreStop: container.hasPreStop };
  if (graceSeconds === 0) t.forced = true;
  const hookFailedAt = observed?.hookFailedAt !== undefined && observed.hookFailedAt >= requestedAt - SECOND_RESOLUTION_MS ? observed.hookFailedAt : undefined;
  const startedFrom = kubeletStartedFrom(request, observed, clockUncertaintyMs);
  const orderWith = (grace: number, from = requestedAt) =>
    kubeletStopOrder({
      startedAt: kubeletStartedAt(from, observed),
      ...optional('startedFrom', startedFrom),
      ...optional('startedBy', request.startSeen ? (request.startBy ?? from) : kubeletStartedBy(from, observed)),
      graceSeconds: grace,
      hasPreStop: container.hasPreStop,
      ...(hookFailedAt !== undefined ? { hookFailedAt } : {}),
      ...(container.preStopSeconds !== undefined ? { hookSeconds: container.preStopSeconds, hookIsExec: container.preStopIsExec === true } : {}),
      ...(turn ? { turn } : {}),
    });
  const order = request.graceUpToSeconds !== undefined ? boundedOrder(orderWith(graceSeconds), orderWith(request.graceUpToSeconds)) : orderWith(graceSeconds);
  Object.assign(t, order);
  if (request.requestedBy !== undefined) widenKillToLatestRequest(t, orderWith(graceSeconds, request.requestedBy));
  if (request.graceUpToSeconds !== undefined) {
    // The bar fills against the longest grace it may have; KILL is given as a range.
    t.graceSeconds = request.graceUpToSeconds;
    t.graceFromSeconds = graceSeconds;
    t.deadline = requestedAt + request.graceUpToSeconds * 1000;
  }
  if (container.state === 'Terminated' && container.finishedAt !== undefined) settleExit(t, container, observed);
  return t;
}

/** The delete may have come as late as the order `latest` starts from: KILL is due by its end at the earliest. */
function widenKillToLatestRequest(t: Termination, latest: StopOrder): void {
  const latestKill = Math.max(latest.killDueAt, latest.killDueBy ?? latest.killDueAt);
  if (latestKill > (t.killDueBy ?? t.killDueAt ?? t.deadline)) t.killDueBy = latestKill;
}

/**
 * The stop order when the grace lies somewhere in [shortest, longest]: only the moments
 * both agree on are kept; the hook's end and KILL become ranges (never a wrong countdown).
 */
function boundedOrder(shortest: StopOrder, longest: StopOrder): StopOrder {
  const out: StopOrder = { killDueAt: shortest.killDueAt, killDueBy: Math.max(longest.killDueBy ?? longest.killDueAt, longest.killDueAt) };
  if (shortest.hookEndedAt !== undefined && shortest.hookEndedAt === longest.hookEndedAt) {
    out.hookEndedAt = shortest.hookEndedAt;
    if (shortest.hookEndEstimated) out.hookEndEstimated = true;
  } else if (shortest.hookEndedAt !== undefined || longest.hookEndedAt !== undefined || longest.hookEndBy !== undefined) {
    out.hookEndBy = Math.max(longest.hookEndedAt ?? 0, longest.hookEndBy ?? 0, shortest.hookEndedAt ?? 0);
  }
  if (shortest.termSentAt !== undefined && shortest.termSentAt === longest.termSentAt) {
    out.termSentAt = shortest.termSentAt;
    if (shortest.termEstimated || longest.termEstimated) out.termEstimated = true;
  }
  return out;
}

/**
 * The container exited: pin the exit inside finishedAt's whole second, and keep only the
 * worked-out moments that came before it.
 */
function settleExit(t: Termination, container: ContainerNow, observed: ContainerObservations | undefined): void {
  const finishedAt = container.finishedAt!;
  t.exitedAt = Math.max(t.requestedAt, refineByLateObservation(finishedAt, observed?.exitSeenAt));
  if (container.exitCode !== undefined) t.exitCode = container.exitCode;
  const inFinishedSecond = (at: number) => at >= finishedAt && at < finishedAt + SECOND_RESOLUTION_MS;
  // A hook that ran at least until hookEndFrom, inside finishedAt's second: the exit came
  // after it, so the middle of what is left of the window.
  if (t.hookEndedAt === undefined && t.hookEndFrom !== undefined && inFinishedSecond(t.hookEndFrom) && t.exitedAt < t.hookEndFrom + SECOND_RESOLUTION_MS) {
    const upper = Math.min(finishedAt + SECOND_RESOLUTION_MS, observed?.exitSeenAt ?? Number.POSITIVE_INFINITY);
    if (upper > t.hookEndFrom) t.exitedAt = Math.round((t.hookEndFrom + upper) / 2);
  }
  // A known-length hook whose end was only a window: a process that exited by itself
  // exited on its TERM, so the hook ended just before (at the window's latest, or at the
  // exit if that came first). One KILLed says nothing of when its TERM came.
  const killedAtDue = t.exitCode === 137 && t.exitedAt >= (t.killDueAt ?? t.deadline) - SECOND_RESOLUTION_MS;
  if (!killedAtDue && t.hookEndedAt === undefined && t.hookEndFrom !== undefined && t.hookEndBy !== undefined && t.exitedAt >= t.hookEndFrom - SECOND_RESOLUTION_MS) {
    // Somewhere between its earliest end and the exit (or its latest end): the middle.
    t.hookEndedAt = Math.round((t.hookEndFrom + Math.max(t.hookEndFrom, Math.min(t.hookEndBy, t.exitedAt))) / 2);
    t.termSentAt = t.hookEndedAt;
    t.hookEndEstimated = t.termEstimated = true;
    delete t.hookEndFrom;
    delete t.hookMayEndFrom;
    delete t.hookEndBy;
  }
  // A stopped process exits after its TERM: when finishedAt's second has room for the TERM
  // the kubelet's order puts there, the exit came after it (the midpoint guess was too early).
  if (t.termSentAt !== undefined && t.exitedAt < t.termSentAt && inFinishedSecond(t.termSentAt)) t.exitedAt = t.termSentAt;
  // A process that still wrote a line was still running: its exit came after that line.
  const lastLog = observed?.lastLogAt;
  if (lastLog !== undefined && t.exitedAt < lastLog && inFinishedSecond(lastLog)) t.exitedAt = lastLog;
  // Exit 137 (SIGKILL) when KILL was due: killed. SIGKILL ends the process at once, so the
  // exit is the KILL, which the kubelet sends in [killDueAt, killDueBy]: pin it there when
  // finishedAt's second allows.
  const killFrom = t.killDueAt ?? t.deadline;
  if (t.exitCode === 137 && t.exitedAt >= Math.min(killFrom, t.deadline) - SECOND_RESOLUTION_MS) {
    const low = Math.max(killFrom, finishedAt);
    const high = Math.min(t.killDueBy ?? killFrom, finishedAt + SECOND_RESOLUTION_MS - 1);
    // The earliest that finishedAt's second allows: the kubelet begins as the delete is seen
    // (the latest start is only a bound, from when its Killing event reached us).
    if (low <= high) t.exitedAt = low;
    // A runtime slow to reap may report an exit whose second starts after KILL's window:
    // then the KILL was the window's latest moment at most, not the reported exit.
    t.killSentAt = low <= high ? t.exitedAt : Math.min(t.killDueBy ?? killFrom, t.exitedAt);
  }
  const exit = t.exitedAt;
  if (t.hookEndedAt !== undefined && t.hookEndEstimated && exit < t.hookEndedAt - SECOND_RESOLUTION_MS) {
    // It exited well before its known-length hook could have ended: not a stop by TERM.
    delete t.hookEndedAt;
    delete t.hookEndEstimated;
  } else if (t.hookEndedAt !== undefined && t.hookEndedAt > exit) {
    t.hookEndedAt = exit;
  }
  if (t.termSentAt !== undefined && t.termSentAt > exit) {
    delete t.termSentAt;
    delete t.termEstimated;
  }
}

/**
 * The earliest the kubelet can have begun this container's stop. Its Killing event is
 * posted as it begins, stamped with that whole second, and seen here a little later; a
 * kubelet that reacts at once begins when the delete was seen (its watch and ours deliver
 * together). So: the delete as seen, unless the Killing event's second says the kubelet
 * began later; then that second's start.
 */
function kubeletStartedAt(requestedAt: number, observed: ContainerObservations | undefined): number {
  const stamp = killingStampOfStop(requestedAt, observed);
  if (stamp === undefined) return requestedAt;
  const seen = observed?.killingSeenAt;
  const seenInSecond = seen !== undefined && seen >= stamp && seen < stamp + SECOND_RESOLUTION_MS ? seen : undefined;
  if (requestedAt >= stamp) return Math.min(requestedAt, seenInSecond ?? stamp + SECOND_RESOLUTION_MS - 1);
  // It began in the event's second, no later than the sighting (the window's other end,
  // kubeletStartedBy): the second's start is the earliest.
  return stamp;
}

/**
 * The earliest the kubelet can have begun this stop, when that is before the sighting the
 * order starts from: the later of the delete's earliest (its stamped second, or this
 * session's request for it) and the Killing event's stamped second. That second is placed
 * on the local clock with an offset known to ± clockUncertaintyMs: its earliest start is
 * that much sooner (without it a known-length hook's "preStop or TERM" opened up to the
 * offset's error after the node's TERM).
 */
function kubeletStartedFrom(request: StopRequest, observed: ContainerObservations | undefined, clockUncertaintyMs: number): number | undefined {
  const killingSecond = killingStampOfStop(request.requestedAt, observed);
  const killingFrom = killingSecond === undefined ? undefined : killingSecond - Math.max(0, clockUncertaintyMs);
  const bounds = [request.requestedFrom, killingFrom].filter((at): at is number => at !== undefined);
  return bounds.length > 0 ? Math.max(...bounds) : undefined;
}

/**
 * The latest the kubelet can have begun this stop: its Killing event as seen here (inside
 * the event's stamped second), else the end of that second; undefined while no Killing
 * event of this stop has been seen.
 */
function kubeletStartedBy(requestedAt: number, observed: ContainerObservations | undefined): number | undefined {
  const stamp = killingStampOfStop(requestedAt, observed);
  const seen = observed?.killingSeenAt;
  if (stamp === undefined || seen === undefined) return undefined;
  return seen >= stamp && seen < stamp + SECOND_RESOLUTION_MS ? seen : stamp + SECOND_RESOLUTION_MS - 1;
}

/** The Killing event's stamped second, when it is this stop's (not from a second before the request). */
function killingStampOfStop(requestedAt: number, observed: ContainerObservations | undefined): number | undefined {
  const stamp = observed?.killingStampAt;
  return stamp !== undefined && stamp >= requestedAt - SECOND_RESOLUTION_MS ? stamp : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** No delete, but a Killing event (a probe kill, a failed postStart, an eviction): the stop began there. */
function killingRequest(pod: PodJson, container: ContainerNow, observed: ContainerObservations | undefined, eviction?: KubeletEviction): StopRequest | undefined {
  const killingAt = observed?.killingAt;
  if (killingAt === undefined) return undefined;
  if (restartedSinceKill(container, observed!)) return undefined;
  if (container.state === 'Terminated' && (container.finishedAt ?? 0) < killingAt - SECOND_RESOLUTION_MS) return undefined;
  return kubeletRequest(pod, container, observed!, eviction);
}

function kubeletRequest(pod: PodJson, container: ContainerNow, observed: ContainerObservations, eviction: KubeletEviction | undefined): StopRequest {
  const podGraceSeconds = pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const grace = kubeletStopGrace({ pod, spec: container.spec, reason: killReasonOf(observed.killingMessage), podGraceSeconds, ...(eviction ? { eviction } : {}) });
  const requestedAt = observed.killingAt!;
  // A Killing event seen after its stamped second (a busy node or apiserver) says only that
  // the stop began in that second: TERM and KILL are then windows, never claimed early.
  const stamp = observed.killingStampAt;
  const seenLate = stamp !== undefined && observed.killingSeenAt !== undefined && requestedAt <= stamp && observed.killingSeenAt >= stamp + SECOND_RESOLUTION_MS;
  const start = { startSeen: true, ...(seenLate ? { startBy: stamp + SECOND_RESOLUTION_MS - 1 } : {}) };
  return 'seconds' in grace ? { requestedAt, graceSeconds: grace.seconds, ...start } : { requestedAt, graceSeconds: grace.from, graceUpToSeconds: grace.to, ...start };
}

/**
 * The container was restarted in place after the Killing event: the run it stopped is the
 * one lastState now holds, whose exit falls in or after the event's second. (Comparing the
 * new run's whole-second startedAt with the event's sub-second sighting missed a restart
 * within the same second and left the old bar on the new run.)
 */
function restartedSinceKill(container: ContainerNow, observed: ContainerObservations): boolean {
  const killingAt = observed.killingAt!;
  if (container.state === 'Terminated') return false;
  const killSecond = observed.killingStampAt ?? killingAt - SECOND_RESOLUTION_MS;
  if (container.last?.finishedAt !== undefined && container.last.finishedAt >= killSecond) return true;
  return container.state === 'Running' && (container.startedAt ?? 0) > killingAt;
}

/**
 * Why a stop that no delete explains happened (the kubelet's own reason), while it runs or
 * once it is over.
 */
export function kubeletStopCauseOf(pod: PodJson, observed: ContainerObservations | undefined, eviction?: KubeletEviction): StopCause | undefined {
  if (observed?.killingAt === undefined || pod.metadata?.deletionTimestamp) return undefined;
  const reason = killReasonOf(observed.killingMessage);
  const probe = reason === 'liveness' || reason === 'startup' ? observed.probeFailures?.[reason] : undefined;
  return kubeletStopCause(reason, observed.killingMessage, probe, reason === 'stop' ? eviction : undefined);
}

/**
 * The kubelet's last stop of a container that has since restarted in place (a probe kill,
 * a failed postStart), settled on the exit lastState records.
 */
export function pastKubeletStop(pod: PodJson, container: ContainerNow, observed: ContainerObservations | undefined, eviction?: KubeletEviction, clockUncertaintyMs = 0): PastStop | undefined {
  if (observed?.killingAt === undefined || container.last?.finishedAt === undefined) return undefined;
  if (!restartedSinceKill(container, observed)) return undefined;
  const cause = kubeletStopCauseOf(pod, observed, eviction);
  if (!cause) return undefined;
  const exited: ContainerNow = { ...container, state: 'Terminated', finishedAt: container.last.finishedAt };
  if (container.last.exitCode !== undefined) exited.exitCode = container.last.exitCode;
  else delete exited.exitCode;
  // The restarted run's lines are not the stopped run's: they bound nothing here.
  const { lastLogAt: _later, ...stopped } = observed;
  return { cause, termination: terminationFor(kubeletRequest(pod, container, observed, eviction), exited, stopped, undefined, clockUncertaintyMs) };
}
