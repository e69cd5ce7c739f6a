// Lifecycle warnings for one pod (or Docker container): what in its spec or its observed
// history will make, or made, a stop or a start go wrong, each with the one line that
// explains it. Pure: rows, events and observed transitions in, warnings out.
import type { ContainerRow, ContainerState, LifecycleEvent, Termination } from './types.js';
import { SECOND_RESOLUTION_MS } from './server-time.js';
import { terminationAsOf } from './termination.js';
import { containerEvents, type TimelineTransition } from './timeline.js';
import { endpointWarning } from './endpoints.js';
import { drainHoldMessage } from './drain-holds.js';

export type WarningKind =
  | 'prestop-exceeds-grace'
  | 'killed-at-deadline'
  | 'poststart-failed'
  | 'prestop-failed'
  | 'sidecar-outlived-grace'
  | 'crash-loop'
  | 'probe-kill-loop'
  | 'term-before-out-of-rotation'
  | 'drain-held';

export interface LifecycleWarning {
  kind: WarningKind;
  groupKey: string;
  container: string;
  /** the one line that explains it */
  message: string;
  severity: 'warning' | 'error';
}

export interface WarningsInput {
  /** all rows of one pod */
  rows: readonly ContainerRow[];
  events: readonly LifecycleEvent[];
  transitions: (rowKey: string) => readonly { at: number; state: ContainerState; reason?: string; exitCode?: number; restartCount: number }[];
  now: number;
}

/** The kubelet reads restarts ≥ 3 (or its own back-off) as a crash loop; so do we. */
export const CRASH_LOOP_RESTARTS = 3;

export function lifecycleWarnings(input: WarningsInput): LifecycleWarning[] {
  const out: LifecycleWarning[] = [];
  // Only what has happened by now: a predicted hook end is not a hook that ran out.
  const rows = input.rows.map((row) => (row.termination ? { ...row, termination: terminationAsOf(row.termination, input.now) } : row));
  for (const row of rows) {
    const events = containerEvents(input.events, row);
    const warn = (kind: WarningKind, severity: LifecycleWarning['severity'], message: string) =>
      out.push({ kind, groupKey: row.groupKey, container: row.name, message, severity });
    const prestop = preStopOverGrace(row, events);
    if (prestop) warn('prestop-exceeds-grace', prestop.severity, prestop.message);
    const killed = killedAtDeadline(row, events);
    if (killed) warn('killed-at-deadline', 'error', killed);
    const postStartFailed = latest(events, 'FailedPostStartHook');
    if (postStartFailed) warn('poststart-failed', 'error', `postStart hook failed: ${oneLine(postStartFailed.message)}`);
    const preStopFailed = latest(events, 'FailedPreStopHook');
    if (preStopFailed) warn('prestop-failed', 'warning', `preStop hook failed: ${oneLine(preStopFailed.message)}`);
    const sidecar = sidecarOutlived(row, rows, input.now);
    if (sidecar) warn('sidecar-outlived-grace', 'warning', sidecar);
    // A container its own probe keeps killing is a loop with a known cause: say that instead.
    const probeLoop = probeKillLoop(row, events, input.transitions(row.key));
    const loop = probeLoop ? undefined : crashLoop(row, events, input.transitions(row.key));
    if (probeLoop) warn('probe-kill-loop', 'error', probeLoop);
    if (loop) warn('crash-loop', 'error', loop);
    // The pod's endpoint moves are pod-wide events: all of them, not the container's.
    const traffic = endpointWarning(row, input.events, input.now);
    if (traffic) warn('term-before-out-of-rotation', 'warning', traffic);
    if (row.drainHold && row.kind !== 'init') warn('drain-held', 'warning', drainHoldMessage(row.drainHold));
  }
  return out;
}

/** "5.0 s", "20 s", "3 min" — messages read as sentences, unlike the strip's "5.0s". */
function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

function latest(events: readonly LifecycleEvent[], reason: string): LifecycleEvent | undefined {
  let found: LifecycleEvent | undefined;
  for (const e of events) if (e.reason === reason && (!found || e.at >= found.at)) found = e;
  return found;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function graceOf(row: ContainerRow): number | undefined {
  return row.termination?.graceSeconds ?? row.defaultGraceSeconds;
}

/** The hook ran into the deadline: its end (reported or inferred) is at the deadline, or it is still running past it. */
function hookUsedWholeGrace(t: Termination, now?: number): boolean {
  if (!t.hasPreStop || t.graceSeconds <= 0) return false;
  const hookEnd = t.hookEndedAt ?? t.termSentAt;
  if (hookEnd !== undefined) return hookEnd >= t.deadline - SECOND_RESOLUTION_MS;
  if (t.exitedAt === undefined) return now !== undefined && now >= t.deadline;
  return false;
}

/**
 * Known from the spec (a `sleep N` preStop with N ≥ grace) before any delete, or observed:
 * a stop whose hook took the whole grace period.
 */
function preStopOverGrace(row: ContainerRow, events: readonly LifecycleEvent[]): { message: string; severity: LifecycleWarning['severity'] } | undefined {
  if (!row.hooks.preStop) return undefined;
  const grace = graceOf(row);
  const sleep = row.hooks.preStopSeconds;
  const t = row.termination;
  const over = t !== undefined && !t.forced && hookUsedWholeGrace(t);
  if (sleep !== undefined && grace !== undefined && sleep >= grace && grace > 0) {
    if (over || (t?.exitedAt !== undefined && t.exitCode === 137)) {
      return { severity: 'error', message: `preStop sleeps ${sleep} s but the grace period was ${grace} s: the container was KILLed before its preStop finished` };
    }
    return { severity: 'warning', message: `preStop sleeps ${sleep} s but the grace period is ${grace} s: the container will be KILLed before its preStop finished` };
  }
  // A hook that failed at the deadline (the kubelet's timeout) ran out of grace too.
  const failedAtDeadline = t !== undefined && latest(events, 'FailedPreStopHook') !== undefined && t.hookEndedAt !== undefined && t.hookEndedAt >= t.deadline - SECOND_RESOLUTION_MS;
  if (t && !t.forced && (over || failedAtDeadline)) {
    return { severity: 'error', message: `preStop ran for the whole ${t.graceSeconds} s grace period: the container was KILLed before its preStop finished; raise terminationGracePeriodSeconds or shorten the hook` };
  }
  return undefined;
}

/** Exit 137 at (or after) the deadline of a stop that was not forced: KILL, not TERM, ended it. */
function killedAtDeadline(row: ContainerRow, events: readonly LifecycleEvent[]): string | undefined {
  const t = row.termination;
  if (t && !t.forced && t.exitedAt !== undefined) {
    const killed = t.exitCode === 137 && (t.killSentAt !== undefined || t.exitedAt >= t.deadline - SECOND_RESOLUTION_MS);
    if (!killed) return undefined;
    if (hookUsedWholeGrace(t)) {
      return `KILLed at the ${t.graceSeconds} s deadline (exit 137) while its preStop still ran: TERM came too late; shorten the preStop or raise the grace period`;
    }
    return `ignored TERM: KILLed at the ${t.graceSeconds} s deadline (exit 137); handle SIGTERM or shorten the work`;
  }
  // The previous run: exit 137 a full grace period after the kubelet's Killing (not an OOM kill).
  const last = row.lastState;
  const grace = row.defaultGraceSeconds;
  if (last?.state !== 'Terminated' || last.exitCode !== 137 || last.reason === 'OOMKilled' || last.finishedAt === undefined || grace === undefined) return undefined;
  const finishedAt = last.finishedAt;
  const killing = events.filter((e) => e.reason === 'Killing' && e.at <= finishedAt + SECOND_RESOLUTION_MS && (last.startedAt === undefined || e.at >= last.startedAt));
  const stopAt = killing.length > 0 ? Math.min(...killing.map((e) => e.at)) : undefined;
  if (stopAt === undefined || finishedAt - stopAt < grace * 1000 - SECOND_RESOLUTION_MS) return undefined;
  return `ignored TERM: KILLed at the ${grace} s deadline (exit 137) before the last restart; handle SIGTERM or shorten the work`;
}

/** Every main container has exited (or was never started) while the pod stops. */
function mainsDoneAt(rows: readonly ContainerRow[]): number | undefined {
  const mains = rows.filter((r) => r.kind === 'main');
  if (mains.length === 0) return undefined;
  let latestExit = Number.NEGATIVE_INFINITY;
  for (const r of mains) {
    const exited = r.termination?.exitedAt ?? (r.state === 'Terminated' ? r.finishedAt : undefined);
    if (exited === undefined) return undefined;
    latestExit = Math.max(latestExit, exited);
  }
  return latestExit;
}

/**
 * A native sidecar is stopped after the main containers, from what is left of the same
 * grace period; one still running (or exiting) past the deadline held the pod up.
 */
function sidecarOutlived(row: ContainerRow, rows: readonly ContainerRow[], now: number): string | undefined {
  if (row.kind !== 'sidecar') return undefined;
  const stop = row.termination ?? rows.find((r) => r.termination)?.termination;
  if (!stop) return undefined;
  const mainsDone = mainsDoneAt(rows);
  if (mainsDone === undefined || now < stop.deadline) return undefined;
  const mainsAt = `the main containers were done ${formatSeconds(Math.max(0, (mainsDone - stop.requestedAt) / 1000))} after the stop`;
  const exited = row.termination?.exitedAt ?? (row.state === 'Terminated' ? row.finishedAt : undefined);
  if (exited === undefined) {
    if (row.state !== 'Running') return undefined;
    return `sidecar ${row.name} still running ${formatSeconds((now - stop.deadline) / 1000)} past the ${stop.graceSeconds} s deadline; ${mainsAt}: make it exit on TERM`;
  }
  if (exited < stop.deadline + SECOND_RESOLUTION_MS || exited < mainsDone) return undefined;
  return `sidecar ${row.name} exited ${formatSeconds((exited - stop.deadline) / 1000)} past the ${stop.graceSeconds} s deadline${row.exitCode === 137 || row.termination?.exitCode === 137 ? ' (KILLed)' : ''}; ${mainsAt}: make it exit on TERM`;
}

/** "back-off 20s restarting failed container=…" → 20 (the kubelet's current back-off). */
export function backOffSeconds(message: string | undefined): number | undefined {
  const match = /back-off (\d+(?:\.\d+)?)(m?s|m)\b/i.exec(message ?? '');
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2] === 'ms' ? n / 1000 : match[2] === 'm' ? n * 60 : n;
}

/**
 * Seconds between restarts, from run starts that are known: the current run's and the
 * last state's start (API times), and restarts podlife saw happen. Needs two runs.
 */
export function restartCadence(row: ContainerRow, transitions: readonly TimelineTransition[]): number | undefined {
  const starts = new Map<number, number>(); // run index → start
  if (row.state !== 'Waiting' && row.startedAt !== undefined) starts.set(row.restartCount, row.startedAt);
  if (row.lastState?.state === 'Terminated' && row.lastState.startedAt !== undefined) {
    // While backing off, the last state is the run counted by restartCount; otherwise the one before.
    starts.set(row.state === 'Waiting' ? row.restartCount : row.restartCount - 1, row.lastState.startedAt);
  }
  for (let i = 1; i < transitions.length; i++) {
    const t = transitions[i]!;
    // Seen when podlife saw it: an API start time for the same run wins.
    if (t.restartCount > transitions[i - 1]!.restartCount && !starts.has(t.restartCount)) starts.set(t.restartCount, t.at);
  }
  if (starts.size < 2) return undefined;
  const runs = [...starts.keys()];
  const first = Math.min(...runs);
  const last = Math.max(...runs);
  return (starts.get(last)! - starts.get(first)!) / 1000 / (last - first);
}

/**
 * Killed by its liveness (or startup) probe again and again: how many kills podlife saw
 * (Killing events naming the probe; the kubelet's restart count when more), their rhythm,
 * and what the probe last said.
 */
function probeKillLoop(row: ContainerRow, events: readonly LifecycleEvent[], transitions: readonly TimelineTransition[]): string | undefined {
  const kills = new Map<string, number[]>();
  for (const e of events) {
    const probe = e.reason === 'Killing' ? /failed (liveness|startup) probe/.exec(e.message)?.[1] : undefined;
    if (!probe) continue;
    // An aggregated event comes again for each repeat; one moment is one kill.
    const times = kills.get(probe) ?? [];
    if (!times.some((at) => Math.abs(at - e.at) < SECOND_RESOLUTION_MS)) times.push(e.at);
    kills.set(probe, times);
  }
  const [probe, times] = [...kills].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!probe || !times) return undefined;
  const byProbe = row.lastStop?.cause.kind === 'probe' || row.cause?.kind === 'probe';
  const count = byProbe ? Math.max(times.length, row.restartCount) : times.length;
  if (count < CRASH_LOOP_RESTARTS) return undefined;
  times.sort((a, b) => a - b);
  const gaps = times.length >= 2 ? (times[times.length - 1]! - times[0]!) / 1000 / (times.length - 1) : restartCadence(row, transitions);
  const rhythm = gaps !== undefined ? `, every ~${formatSeconds(gaps)}` : '';
  const said = row.lastStop?.cause.message ?? (row.cause?.kind === 'probe' ? row.cause.message : undefined);
  return `${probe} probe kills: ${count}${rhythm}${said ? ` (last: ${oneLine(said)})` : ''}`;
}

function crashLoop(row: ContainerRow, events: readonly LifecycleEvent[], transitions: readonly TimelineTransition[]): string | undefined {
  const backOffEvent = events.some((e) => e.reason === 'BackOff' && /restarting failed container/i.test(e.message));
  const inLoop = row.restartCount >= CRASH_LOOP_RESTARTS || row.reason === 'CrashLoopBackOff' || backOffEvent;
  if (!inLoop || row.restartCount === 0) return undefined;
  const restarts = `${row.restartCount} restart${row.restartCount === 1 ? '' : 's'}`;
  const cadence = restartCadence(row, transitions);
  const backOff = row.reason === 'CrashLoopBackOff' ? backOffSeconds(row.message) : undefined;
  const rhythm =
    cadence !== undefined ? `, every ~${formatSeconds(cadence)}` : backOff !== undefined ? `, next after a ${formatSeconds(backOff)} back-off` : '';
  // The exit that caused the latest restart: the current run's if it has ended, else the last state's.
  const exit =
    row.state === 'Terminated'
      ? { exitCode: row.exitCode, reason: row.reason }
      : row.lastState?.state === 'Terminated'
        ? row.lastState
        : undefined;
  const last = exit ? ` (last exit ${[exit.exitCode ?? '?', exit.reason].filter((x) => x !== undefined).join(' ')})` : '';
  return `crash loop: ${restarts}${rhythm}${last}`;
}
