// The termination timeline as a pure function of a Termination record and `now`.
import type { Termination, TerminationPhase } from './types.js';

export interface TerminationView {
  phase: TerminationPhase;
  /** Seconds since the stop was requested (frozen at exit once done). */
  elapsedSeconds: number;
  graceSeconds: number;
  /** Seconds until KILL is due; 0 once past the deadline. */
  secondsToKill: number;
  /** 0..1 share of the grace period used (capped at 1). */
  fraction: number;
  /** True when KILL was sent, or the container exited after the deadline. */
  killed: boolean;
}

/** The phase at `now`; a `now` in the past gives the phase the container was in then. */
export function terminationPhase(t: Termination, now: number): TerminationPhase {
  const by = (at: number | undefined) => at !== undefined && at <= now;
  if (by(t.exitedAt)) return 'done';
  if (by(t.killSentAt) || now >= t.deadline) return 'kill-due';
  if (t.hasPreStop && !by(t.hookEndedAt) && !by(t.termSentAt)) return 'hook';
  return 'term';
}

export function viewTermination(t: Termination, now: number): TerminationView {
  const phase = terminationPhase(t, now);
  const end = phase === 'done' ? t.exitedAt! : now;
  const elapsedSeconds = Math.max(0, (end - t.requestedAt) / 1000);
  const graceSeconds = t.graceSeconds;
  const fraction = graceSeconds > 0 ? Math.min(1, elapsedSeconds / graceSeconds) : 1;
  const secondsToKill = Math.max(0, (t.deadline - now) / 1000);
  const killed = (t.killSentAt !== undefined && t.killSentAt <= now) || (phase === 'done' && t.exitedAt! >= t.deadline && t.exitCode === 137);
  return { phase, elapsedSeconds, graceSeconds, secondsToKill, fraction, killed };
}

/** How long each phase really took, once the container is done. */
export interface TerminationOutcome {
  hookSeconds?: number;
  termToExitSeconds?: number;
  totalSeconds: number;
  graceSeconds: number;
  exitCode?: number;
  killed: boolean;
}

export function terminationOutcome(t: Termination): TerminationOutcome | undefined {
  if (t.exitedAt === undefined) return undefined;
  const seconds = (from: number, to: number) => Math.max(0, (to - from) / 1000);
  const hookEnd = t.hookEndedAt ?? t.termSentAt;
  const hookSeconds = t.hasPreStop && hookEnd !== undefined ? seconds(t.requestedAt, hookEnd) : undefined;
  const termFrom = t.termSentAt ?? t.hookEndedAt ?? (t.hasPreStop ? undefined : t.requestedAt);
  return {
    hookSeconds,
    termToExitSeconds: termFrom !== undefined ? seconds(termFrom, t.exitedAt) : undefined,
    totalSeconds: seconds(t.requestedAt, t.exitedAt),
    graceSeconds: t.graceSeconds,
    exitCode: t.exitCode,
    killed: viewTermination(t, t.exitedAt).killed,
  };
}

/** "preStop 5.0 s, exited 0 after 5.1 s of 30 s" */
export function describeOutcome(o: TerminationOutcome): string {
  const parts: string[] = [];
  if (o.hookSeconds !== undefined) parts.push(`preStop ${o.hookSeconds.toFixed(1)} s`);
  const how = o.killed ? 'killed' : `exited ${o.exitCode ?? '?'}`;
  parts.push(`${how} after ${o.totalSeconds.toFixed(1)} s of ${o.graceSeconds} s`);
  return parts.join(', ');
}
