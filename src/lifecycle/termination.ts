// The termination timeline as a pure function of a Termination record and `now`.
import type { Termination, TerminationPhase } from './types.js';

export interface TerminationView {
  phase: TerminationPhase;
  /** Seconds since the stop was requested (frozen at exit once done). */
  elapsedSeconds: number;
  graceSeconds: number;
  /** Seconds until KILL is due (the earliest, when a range); 0 once past it. */
  secondsToKill: number;
  /** When KILL's moment depends on an unreported one: seconds until the latest it can be. */
  secondsToKillLatest?: number;
  /** 0..1 share of the grace period used (capped at 1). */
  fraction: number;
  /** True when KILL was sent, or the container exited after the deadline. */
  killed: boolean;
  /** TERM's moment is worked out from an estimate (a `sleep N` hook's length, a sidecar's turn), not seen. */
  estimated: boolean;
}

/** When KILL falls due: the kubelet's own moment when the source worked it out, else the deadline. */
export function killDueRange(t: Termination): { from: number; to: number } {
  const from = t.killDueAt ?? t.deadline;
  return { from, to: Math.max(from, t.killDueBy ?? from) };
}

/**
 * The phase at `now`; a `now` in the past gives the phase the container was in then.
 * Moments may lie ahead of `now` (a hook of known length ends, KILL falls due): the phase
 * changes when they come, without a new observation.
 */
export function terminationPhase(t: Termination, now: number): TerminationPhase {
  const by = (at: number | undefined) => at !== undefined && at <= now;
  if (by(t.exitedAt)) return 'done';
  if (by(t.killSentAt) || now >= killDueRange(t).to) return 'kill-due';
  if (by(t.termSentAt)) return 'term';
  const waiting = t.waitsForTurnUntil !== undefined && now < t.waitsForTurnUntil;
  if (t.hasPreStop) {
    if (t.hookEndedAt !== undefined) {
      if (now < t.hookEndedAt) return 'hook';
    } else if (t.hookEndFrom !== undefined && now < (t.hookMayEndFrom ?? t.hookEndFrom)) {
      return waiting ? 'waiting' : 'hook';
    } else if (t.termSentAt === undefined && now < (t.hookEndBy ?? t.deadline)) {
      // Neither the hook's end nor TERM is reported: either may have happened (a sidecar
      // that waits for its turn has had no TERM either way).
      return waiting ? 'waiting' : 'hook-or-term';
    }
  }
  return waiting ? 'waiting' : 'term';
}

export function viewTermination(t: Termination, now: number): TerminationView {
  const phase = terminationPhase(t, now);
  const end = phase === 'done' ? t.exitedAt! : now;
  const elapsedSeconds = Math.max(0, (end - t.requestedAt) / 1000);
  const graceSeconds = t.graceSeconds;
  const fraction = graceSeconds > 0 ? Math.min(1, elapsedSeconds / graceSeconds) : 1;
  const kill = killDueRange(t);
  const secondsToKill = Math.max(0, (kill.from - now) / 1000);
  // An exit nobody asked for had no deadline: a 137 there is no KILL of a stop.
  const killed = (t.killSentAt !== undefined && t.killSentAt <= now) || (phase === 'done' && !t.unrequested && t.exitedAt! >= t.deadline && t.exitCode === 137);
  // A running hook is a fact; the TERM that follows a hook of known length is worked out.
  const estimated = phase === 'term' && t.termEstimated === true && (t.termSentAt === undefined || t.termSentAt <= now);
  const view: TerminationView = { phase, elapsedSeconds, graceSeconds, secondsToKill, fraction, killed, estimated };
  if (kill.to > kill.from) view.secondsToKillLatest = Math.max(0, (kill.to - now) / 1000);
  return view;
}

/** The next moment after `now` at which the phase changes without a new observation (for redraws). */
export function nextPhaseChangeAt(t: Termination, now: number): number | undefined {
  if (t.exitedAt !== undefined && t.exitedAt <= now) return undefined;
  const kill = killDueRange(t);
  const moments = [t.hookEndedAt, t.hookMayEndFrom ?? t.hookEndFrom, t.hookEndBy, t.waitsForTurnUntil, t.termSentAt, t.killSentAt, kill.from, kill.to, t.exitedAt];
  let next: number | undefined;
  for (const at of moments) if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
  return next;
}

/** How long each phase really took, once the container is done. */
export interface TerminationOutcome {
  hookSeconds?: number;
  termToExitSeconds?: number;
  totalSeconds: number;
  /** totalSeconds is an upper bound: the exit's own moment is not yet known (see Termination.exitedAtLatest). */
  totalAtMost?: boolean;
  graceSeconds: number;
  /** The grace was only bounded: at least this many seconds (and at most graceSeconds). */
  graceFromSeconds?: number;
  exitCode?: number;
  killed: boolean;
  /** The process ended by itself: there were no phases to time. */
  unrequested?: boolean;
}

export function terminationOutcome(t: Termination): TerminationOutcome | undefined {
  if (t.exitedAt === undefined) return undefined;
  const seconds = (from: number, to: number) => Math.max(0, (to - from) / 1000);
  const hookEnd = t.hookEndedAt ?? t.termSentAt;
  const hookSeconds = t.hasPreStop && hookEnd !== undefined ? seconds(t.requestedAt, hookEnd) : undefined;
  const termFrom = t.termSentAt ?? t.hookEndedAt ?? (t.hasPreStop ? undefined : t.requestedAt);
  const outcome: TerminationOutcome = {
    hookSeconds,
    termToExitSeconds: termFrom !== undefined ? seconds(termFrom, t.exitedAt) : undefined,
    totalSeconds: seconds(t.requestedAt, t.exitedAt),
    graceSeconds: t.graceSeconds,
    exitCode: t.exitCode,
    // A KILL was sent and the exit says signal 9: the KILL ended it, even when the engine's
    // exit stamp (Docker's FinishedAt) is a moment before the time it logged the KILL at.
    killed: (t.killSentAt !== undefined && t.exitCode === 137) || viewTermination(t, t.exitedAt).killed,
  };
  if (t.graceFromSeconds !== undefined && t.graceFromSeconds < t.graceSeconds) outcome.graceFromSeconds = t.graceFromSeconds;
  if (t.unrequested) outcome.unrequested = true;
  if (t.exitedAtLatest) outcome.totalAtMost = true;
  return outcome;
}

/** "preStop 5.0 s, exited 0 after 5.1 s of 30 s"; an exit nobody asked for: "exited 3". */
export function describeOutcome(o: TerminationOutcome): string {
  if (o.unrequested) return `exited ${o.exitCode ?? '?'}`;
  const parts: string[] = [];
  if (o.hookSeconds !== undefined) parts.push(`preStop ${o.hookSeconds.toFixed(1)} s`);
  const how = o.killed ? 'killed' : `exited ${o.exitCode ?? '?'}`;
  const grace = o.graceFromSeconds !== undefined ? `${o.graceFromSeconds}-${o.graceSeconds}` : `${o.graceSeconds}`;
  parts.push(`${how} after ${o.totalAtMost ? '≤' : ''}${o.totalSeconds.toFixed(1)} s of ${grace} s`);
  return parts.join(', ');
}

/**
 * The record as it stood at `now`: moments worked out ahead of time (a known-length hook's
 * end, the TERM after it) are dropped until they come, so that what has happened is told
 * apart from what will.
 */
export function terminationAsOf(t: Termination, now: number): Termination {
  const ahead = (at: number | undefined) => at !== undefined && at > now;
  if (!ahead(t.hookEndedAt) && !ahead(t.termSentAt) && !ahead(t.killSentAt) && !ahead(t.exitedAt)) return t;
  const past: Termination = { ...t };
  if (ahead(t.hookEndedAt)) {
    past.hookEndBy ??= t.hookEndedAt;
    delete past.hookEndedAt;
    delete past.hookEndEstimated;
  }
  if (ahead(t.termSentAt)) {
    delete past.termSentAt;
    delete past.termEstimated;
  }
  if (ahead(t.killSentAt)) delete past.killSentAt;
  if (ahead(t.exitedAt)) {
    delete past.exitedAt;
    delete past.exitCode;
  }
  return past;
}
