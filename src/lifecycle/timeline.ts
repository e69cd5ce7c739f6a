// Where a container's time went: one run's life (pull, create, postStart, Running,
// preStop, TERM → exit, KILL) plus the restarts before it, from the row, what podlife
// observed (transitions) and the pod's Events. Pure. What nobody reported and podlife
// did not see is a segment with known:false, never a made-up number.
import type { ContainerRow, ContainerState, LifecycleEvent } from './types.js';
import { SECOND_RESOLUTION_MS } from './server-time.js';
import { terminationAsOf } from './termination.js';
import { podSegments, stopLabel } from './pod-timeline.js';
import type { TimelinePhase, TimelineSegment } from './timeline-segment.js';

export type { TimelinePhase, TimelineSegment };

/** One observed change of a row (the store's Transition, restated to keep this layer free of the store). */
export interface TimelineTransition {
  at: number;
  state: ContainerState;
  reason?: string;
  exitCode?: number;
  restartCount: number;
  ready?: boolean;
}

export interface TimelineInput {
  row: ContainerRow;
  transitions: readonly TimelineTransition[];
  /** the pod's events; filtered here by container */
  events: readonly LifecycleEvent[];
  now: number;
  /** when podlife began watching this context */
  watchStartedAt?: number;
}

export const BEFORE_WATCH_LABEL = 'before podlife watched';

export function buildTimeline(input: TimelineInput): TimelineSegment[] {
  const { row, transitions, now } = input;
  const events = containerEvents(input.events, row);
  const out: TimelineSegment[] = [];
  out.push(...restartSegments(row, transitions, now));
  out.push(...startupSegments(input, events));
  out.push(...waitingSegments(row, transitions, now));
  const postStart = postStartSegment(input, events);
  if (postStart) out.push(postStart);
  const running = runningSegment(row, postStart, now);
  if (running) out.push(running);
  out.push(...readinessSegments(transitions));
  out.push(...terminationSegments(row, events, now));
  out.push(...lastStopSegments(row, events, now));
  out.push(...podSegments(row, input.events));
  return inTimeOrder(out);
}

/**
 * Events about this container only. A Docker group is one container, and its events carry
 * the container's name where the row may show the Compose service: the group decides.
 */
export function containerEvents(events: readonly LifecycleEvent[], row: ContainerRow): LifecycleEvent[] {
  return events.filter((e) => e.groupKey === row.groupKey && (row.source === 'docker' || e.container === row.name));
}

/**
 * The same timeline a while later, for a container that is not being stopped: only the
 * lengths of the segments still going (no `to`) move with the clock (test/unit/
 * timeline-as-of.test.ts checks this against buildTimeline).
 */
export function timelineAsOf(segments: readonly TimelineSegment[], now: number): TimelineSegment[] {
  return segments.map((s) => (s.from !== undefined && s.to === undefined && s.seconds !== undefined ? { ...s, seconds: spanSeconds(s.from, now) } : s));
}

/** Whole-second server times: anything under a second is "≈0", not a measurement. */
export function spanSeconds(from: number, to: number): number {
  return Math.max(0, (to - from) / 1000);
}

function segment(phase: TimelinePhase, label: string, from: number | undefined, to: number | undefined, now: number, detail?: string): TimelineSegment {
  const s: TimelineSegment = { phase, label, known: true };
  if (from !== undefined) s.from = from;
  if (to !== undefined) s.to = to;
  // An open segment (no `to`) is still going: its length so far.
  if (from !== undefined) s.seconds = spanSeconds(from, to ?? now);
  if (detail) s.detail = detail;
  return s;
}

function unknown(phase: TimelinePhase, label: string, to: number | undefined, detail?: string): TimelineSegment {
  const s: TimelineSegment = { phase, label, known: false };
  if (to !== undefined) s.to = to;
  if (detail) s.detail = detail;
  return s;
}

/** Since when podlife knows what happened to this row (its watch, else its first sighting). */
function watchHorizon(input: TimelineInput): number {
  return input.watchStartedAt ?? input.transitions[0]?.at ?? input.now;
}

/** The previous run ended here; events before it belong to older runs. */
function currentRunSince(row: ContainerRow): number {
  const ended = row.lastState?.state === 'Terminated' ? row.lastState.finishedAt : undefined;
  return ended === undefined ? Number.NEGATIVE_INFINITY : ended - SECOND_RESOLUTION_MS;
}

function lastEvent(events: readonly LifecycleEvent[], reason: string, since: number, until = Number.POSITIVE_INFINITY): LifecycleEvent | undefined {
  let found: LifecycleEvent | undefined;
  for (const e of events) if (e.reason === reason && e.at >= since && e.at <= until && (!found || e.at >= found.at)) found = e;
  return found;
}

// ── restarts ───────────────────────────────────────────────────────────────────────────

function describeExit(reason: string | undefined, exitCode: number | undefined): string {
  const code = exitCode === undefined ? '' : `exit ${exitCode}`;
  return [code, reason].filter(Boolean).join(' ') || 'exited';
}

/**
 * One entry per restart podlife saw (restartCount rose between two transitions), with the
 * exit it saw before it; and the restart out of lastState (its reason and exit code),
 * which the API reports however late podlife started watching.
 */
function restartSegments(row: ContainerRow, transitions: readonly TimelineTransition[], now: number): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  const last = row.lastState?.state === 'Terminated' ? row.lastState : undefined;
  // While Waiting (back-off) the last run is over and the next restart has not happened.
  const restartedIntoCurrent = row.state !== 'Waiting' && last !== undefined;
  // The latest exit seen before each transition, carried along: a crash loop whose exits
  // podlife never saw (Running ↔ CrashLoopBackOff) made a search back per restart quadratic.
  let exit: TimelineTransition | undefined;
  for (let i = 1; i < transitions.length; i++) {
    const t = transitions[i]!;
    const before = transitions[i - 1]!;
    if (before.state === 'Terminated') exit = before;
    if (t.restartCount <= before.restartCount) continue;
    if (restartedIntoCurrent && t.restartCount === row.restartCount) continue; // told by lastState below, with server times
    const detail = exit ? `seen by podlife; after ${describeExit(exit.reason, exit.exitCode)}` : 'seen by podlife';
    out.push({ phase: 'restart', label: `restart ${t.restartCount}`, from: t.at, to: t.at, known: true, detail });
  }
  if (last) {
    const ran = last.startedAt !== undefined && last.finishedAt !== undefined ? `, ran ${formatSeconds(spanSeconds(last.startedAt, last.finishedAt))}` : '';
    const detail = `last state ${describeExit(last.reason, last.exitCode)}${ran}`;
    if (restartedIntoCurrent) {
      out.push(segment('restart', `restart ${row.restartCount}`, last.finishedAt, row.startedAt, now, detail));
    } else {
      // The run that just ended, as a point: the Waiting segment shows the back-off after it.
      out.push({ phase: 'terminated', label: `run ${row.restartCount} ended`, ...(last.finishedAt !== undefined ? { from: last.finishedAt, to: last.finishedAt } : {}), known: last.finishedAt !== undefined, detail });
    }
  }
  return out;
}

// ── start-up: pull, create → start ─────────────────────────────────────────────────────

const GO_UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, µs: 1e-6, us: 1e-6, ns: 1e-9 };

/** "Successfully pulled image … in 1.161s (1.161s including waiting)" → 1.161 (Go duration). */
export function pulledSeconds(message: string): number | undefined {
  const match = /\bin ((?:\d+(?:\.\d+)?(?:h|m(?!s)|s|ms|µs|us|ns))+)/.exec(message);
  if (!match) return undefined;
  let seconds = 0;
  for (const [, n, unit] of match[1]!.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|µs|us|ns)/g)) {
    seconds += Number(n) * (GO_UNIT_SECONDS[unit!] ?? 0);
  }
  return seconds;
}

function startupSegments(input: TimelineInput, events: readonly LifecycleEvent[]): TimelineSegment[] {
  const { row, now } = input;
  const out: TimelineSegment[] = [];
  if (row.source === 'docker') {
    // dockerd's inspect carries both times: known however late podlife came.
    if (row.createdAt !== undefined && row.startedAt !== undefined && row.startedAt >= row.createdAt) {
      out.push(segment('created', 'created → started', row.createdAt, row.startedAt, now));
    }
    return out;
  }
  const since = currentRunSince(row);
  const startedBy = row.startedAt === undefined ? Number.POSITIVE_INFINITY : row.startedAt + SECOND_RESOLUTION_MS;
  const pulled = lastEvent(events, 'Pulled', since, startedBy);
  const pulling = lastEvent(events, 'Pulling', since, pulled?.at ?? startedBy);
  if (pulled) {
    const already = /already present/i.test(pulled.message);
    const reported = pulledSeconds(pulled.message);
    if (already) out.push(segment('pull', 'image pull', pulled.at, pulled.at, now, 'already present on machine'));
    else if (reported !== undefined) {
      // The kubelet's own measure beats two whole-second event stamps.
      const s = segment('pull', 'image pull', pulled.at - reported * 1000, pulled.at, now, pulling ? 'Pulling → Pulled' : 'Pulled');
      s.seconds = reported;
      out.push(s);
    } else if (pulling) out.push(segment('pull', 'image pull', pulling.at, pulled.at, now, 'Pulling → Pulled'));
    else out.push(unknown('pull', 'image pull', pulled.at, 'Pulled, its start not seen'));
  } else if (pulling && row.startedAt === undefined) {
    const failed = row.state === 'Waiting' && /ImagePull|InvalidImage/.test(row.reason ?? '');
    out.push(segment('pull', 'image pull', pulling.at, undefined, now, failed ? `Pulling → ${row.reason}` : 'pulling'));
  }
  const created = lastEvent(events, 'Created', since, startedBy);
  const started = lastEvent(events, 'Started', since, startedBy);
  const startAt = row.startedAt ?? started?.at;
  if (created && startAt !== undefined) {
    out.push(segment('created', 'created → started', created.at, Math.max(created.at, startAt), now, started ? 'Created → Started' : 'Created → startedAt'));
  }
  const covered = out.length > 0;
  const back = row.state === 'Waiting' && row.lastState?.state === 'Terminated'; // between runs: nothing to start yet
  const reference = row.startedAt ?? row.createdAt;
  if (!covered && !back && reference !== undefined && watchHorizon(input) > reference + SECOND_RESOLUTION_MS) {
    out.unshift(unknown('created', BEFORE_WATCH_LABEL, row.startedAt, 'pull and start were not observed'));
  }
  return out;
}

// ── Waiting streaks podlife saw ────────────────────────────────────────────────────────

function waitingSegments(row: ContainerRow, transitions: readonly TimelineTransition[], now: number): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  for (let i = 0; i < transitions.length; i++) {
    const t = transitions[i]!;
    if (t.state !== 'Waiting') continue;
    const next = transitions[i + 1];
    // Only the first sighting's beginning may predate podlife; later streaks began when seen.
    const detail = i === 0 ? 'since podlife first saw it' : undefined;
    const open = next === undefined && row.state === 'Waiting' && row.goneAt === undefined;
    out.push(segment('waiting', t.reason ?? 'Waiting', t.at, open ? undefined : (next?.at ?? row.goneAt ?? t.at), now, detail));
  }
  if (transitions.length === 0 && row.state === 'Waiting') {
    // A row read straight from the API: the reason is known, since when is not.
    out.push(unknown('waiting', row.reason ?? 'Waiting', undefined, row.message));
  }
  return out;
}

// ── postStart and Running ──────────────────────────────────────────────────────────────

/**
 * The container does not report Running until postStart has returned, so startedAt → the
 * first Running podlife saw bounds the hook (from above, by the watch's latency). Known
 * only if podlife watched from before the start.
 */
function postStartSegment(input: TimelineInput, events: readonly LifecycleEvent[]): TimelineSegment | undefined {
  const { row, transitions, now } = input;
  // Running now: the Started event is its beginning; the status says nothing until it returns.
  const running = row.start?.postStart;
  if (running) return segment('postStart', 'postStart', running.since, undefined, now, running.estimated ? 'running, since the Started event (its whole second)' : 'running, since the Started event');
  if (!row.hooks.postStart || row.startedAt === undefined) return undefined;
  const startedAt = row.startedAt;
  const failed = lastEvent(events, 'FailedPostStartHook', startedAt - SECOND_RESOLUTION_MS);
  if (failed) return segment('postStart', 'postStart', startedAt, Math.max(startedAt, failed.at), now, `FailedPostStartHook: ${failed.message}`);
  if (watchHorizon(input) > startedAt + SECOND_RESOLUTION_MS) {
    return unknown('postStart', 'postStart', undefined, BEFORE_WATCH_LABEL);
  }
  const seen = transitions.find((t) => t.state === 'Running' && t.restartCount === row.restartCount && t.at >= startedAt - SECOND_RESOLUTION_MS);
  if (!seen) return row.state === 'Running' ? undefined : unknown('postStart', 'postStart', undefined, 'Running never seen');
  const to = Math.max(startedAt, seen.at);
  if (to - startedAt < SECOND_RESOLUTION_MS) {
    const s = segment('postStart', 'postStart', startedAt, to, now, 'Running seen within the start second: ≈0');
    s.seconds = 0;
    return s;
  }
  return segment('postStart', 'postStart', startedAt, to, now, 'until podlife saw Running');
}

function runningSegment(row: ContainerRow, postStart: TimelineSegment | undefined, now: number): TimelineSegment | undefined {
  if (row.startedAt === undefined || row.state === 'Waiting') return undefined;
  const from = postStart?.known && postStart.to !== undefined ? postStart.to : row.startedAt;
  const t = row.termination;
  const end = t ? t.requestedAt : row.state === 'Terminated' ? (row.finishedAt ?? row.goneAt) : row.goneAt;
  if (end !== undefined && end < row.startedAt - SECOND_RESOLUTION_MS) return undefined; // stopped before it ran
  return segment('running', 'Running', from, end === undefined ? undefined : Math.max(from, end), now, row.paused ? 'paused' : undefined);
}

/**
 * Each change of readiness podlife saw within a run (ready → not ready → ready): moments
 * at their sighting. The first ready of a run counts too; a run's start is not a change.
 */
function readinessSegments(transitions: readonly TimelineTransition[]): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  for (let i = 1; i < transitions.length; i++) {
    const t = transitions[i]!;
    const before = transitions[i - 1]!;
    if (t.state !== 'Running' || before.state !== 'Running' || t.restartCount !== before.restartCount) continue;
    if (t.ready === undefined || before.ready === undefined || t.ready === before.ready) continue;
    out.push({ phase: 'readiness', label: t.ready ? 'ready' : 'not ready', from: t.at, to: t.at, known: true, detail: 'seen by podlife' });
  }
  return out;
}

// ── termination: preStop, TERM → exit, KILL ────────────────────────────────────────────

function terminationSegments(row: ContainerRow, events: readonly LifecycleEvent[], now: number): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  const t = row.termination && terminationAsOf(row.termination, now);
  if (!t) {
    if (row.state === 'Terminated') {
      const at = row.finishedAt;
      out.push({ phase: 'terminated', label: describeExit(row.reason, row.exitCode), ...(at !== undefined ? { from: at, to: at } : {}), known: at !== undefined });
    }
    return out;
  }
  const end = t.exitedAt;
  const forced = t.forced ? 'forced, grace 0' : undefined;
  let termFrom: number | undefined = t.termSentAt;
  if (t.hasPreStop) {
    const hookEnd = t.hookEndedAt ?? t.termSentAt;
    const failed = lastEvent(events, 'FailedPreStopHook', t.requestedAt - SECOND_RESOLUTION_MS);
    const notes = [
      t.hookEndEstimated ? `estimated${row.hooks.preStopSeconds !== undefined ? ` from sleep ${row.hooks.preStopSeconds}` : ''}` : undefined,
      failed ? `FailedPreStopHook: ${failed.message}` : undefined,
      forced,
    ].filter(Boolean).join('; ');
    if (hookEnd !== undefined) out.push(segment('preStop', 'preStop', t.requestedAt, hookEnd, now, notes));
    // Still within the hook's timeout and its end not reported: it may be over already.
    else if (end === undefined && (t.hookEndBy === undefined || now < t.hookEndBy)) out.push(segment('preStop', 'preStop', t.requestedAt, undefined, now, notes || 'end not reported: may still be running'));
    else if (end === undefined && t.hookEndBy !== undefined) out.push({ ...unknown('preStop', 'preStop', t.hookEndBy, 'hook end not reported; over by its timeout'), from: t.requestedAt });
    // Exited, but when the hook ended nobody reported: say so instead of guessing.
    else out.push({ ...unknown('preStop', 'preStop', undefined, 'hook end not reported'), from: t.requestedAt });
    termFrom ??= hookEnd;
  } else if (t.waitsForTurnUntil === undefined && row.kind !== 'sidecar') {
    termFrom ??= t.requestedAt;
  }
  // A native sidecar waits for the regular containers (and later sidecars) before its TERM.
  if (row.kind === 'sidecar') {
    const waitFrom = t.hookEndedAt ?? (t.hasPreStop ? undefined : t.requestedAt);
    // (A sidecar whose main containers were already gone has no wait worth a segment.)
    if ((termFrom === undefined && t.waitsForTurnUntil !== undefined) || (termFrom !== undefined && termFrom - (waitFrom ?? t.requestedAt) >= 100)) {
      out.push(segment('turn', 'waits for main containers', waitFrom ?? t.requestedAt, termFrom, now, t.termEstimated ? 'TERM estimated from their exit' : undefined));
    }
  }
  const killAt = t.killSentAt ?? (t.exitCode === 137 && end !== undefined && end >= t.deadline - SECOND_RESOLUTION_MS ? Math.max(t.deadline, end) : undefined);
  if (termFrom !== undefined) {
    const to = killAt ?? end;
    const label = killAt !== undefined ? 'TERM → KILL' : 'TERM → exit';
    const termNote = [t.termEstimated ? 'TERM estimated' : undefined, t.hasPreStop ? undefined : forced].filter(Boolean).join('; ') || undefined;
    out.push(segment('termToExit', label, termFrom, to === undefined ? undefined : Math.max(termFrom, to), now, termNote));
  } else if (t.hasPreStop && end !== undefined) {
    out.push(unknown('termToExit', 'TERM → exit', end, 'TERM time not reported'));
  }
  if (killAt !== undefined) {
    out.push(segment('kill', 'KILL', killAt, end === undefined ? undefined : Math.max(killAt, end), now, `grace ${t.graceSeconds} s ran out`));
  }
  if (end !== undefined) {
    const reason = t.exitCode === 137 && killAt !== undefined ? 'KILLed' : row.reason;
    out.push({ phase: 'terminated', label: describeExit(reason, t.exitCode), from: end, to: end, known: true, detail: `${formatSeconds(spanSeconds(t.requestedAt, end))} of ${t.graceSeconds} s grace` });
  }
  return out;
}

/**
 * The kubelet's last stop of a container that restarted in place (a probe kill, a failed
 * postStart): why, then its preStop, TERM and KILL as they went, before the restart.
 */
function lastStopSegments(row: ContainerRow, events: readonly LifecycleEvent[], now: number): TimelineSegment[] {
  const past = row.lastStop;
  if (!past) return [];
  const t = past.termination;
  const stopped: ContainerRow = { ...row, state: 'Terminated', termination: t, reason: row.lastState?.reason ?? row.reason };
  if (t.exitCode !== undefined) stopped.exitCode = t.exitCode;
  const stop: TimelineSegment = { phase: 'stop', label: stopLabel(past.cause.kind), from: t.requestedAt, to: t.requestedAt, known: true, detail: past.cause.text };
  return [stop, ...terminationSegments(stopped, events, now)];
}

// ── order and rendering ────────────────────────────────────────────────────────────────

/** Stable sort by start; a segment without times keeps its place after the one before it. */
/** A life's own order, for segments whose stamps are too close to tell apart. */
const PHASE_RANK: Record<TimelinePhase, number> = {
  restart: 0,
  pull: 1,
  created: 2,
  waiting: 3,
  postStart: 4,
  running: 5,
  readiness: 5.1,
  stop: 5.3,
  endpoint: 5.6,
  preStop: 6,
  turn: 6.5,
  termToExit: 7,
  log: 7.5,
  kill: 8,
  terminated: 9,
};

function inTimeOrder(segments: TimelineSegment[]): TimelineSegment[] {
  let key = Number.NEGATIVE_INFINITY;
  const keyed = segments.map((s, i) => {
    const at = s.from ?? s.to;
    if (at !== undefined) key = at;
    return { s, key, i };
  });
  // The API stamps whole seconds (and podlife pins some of them to when it saw them):
  // within a second the lifecycle's own order decides, not stamps rounded apart.
  keyed.sort((a, b) =>
    Math.abs(a.key - b.key) < SECOND_RESOLUTION_MS ? PHASE_RANK[a.s.phase] - PHASE_RANK[b.s.phase] || a.i - b.i : a.key - b.key,
  );
  return keyed.map((k) => k.s);
}

/** 0.3s, 5.0s, 42s, 3m05s, 2h03m */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) {
    const total = Math.round(seconds);
    return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
  }
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
