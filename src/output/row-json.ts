// A row as structured output: ISO times, and the termination as podlife judges it now.
import { terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import type { ContainerRow, LastState, StartProgress, Termination } from '../lifecycle/types.js';
import { startupFailuresAsOf } from '../lifecycle/kubernetes-start.js';
import { lastStopText } from '../render/last-stop-text.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function rowToJson(row: ContainerRow, now: number): Record<string, unknown> {
  return {
    source: row.source,
    context: row.context,
    namespace: row.namespace || undefined,
    group: row.group,
    container: row.name,
    kind: row.kind,
    image: row.image,
    state: row.state,
    reason: row.reason,
    message: row.message,
    exitCode: row.exitCode,
    signal: row.signal,
    restartCount: row.restartCount,
    ready: row.ready,
    health: row.health,
    healthSince: iso(row.healthSince),
    healthSinceAtLeast: row.healthSinceAtLeast || undefined,
    paused: row.paused || undefined,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    lastState: row.lastState && lastStateJson(row.lastState),
    hooks: Object.keys(row.hooks).length ? row.hooks : undefined,
    termination: row.termination && terminationJson(row.termination, now),
    lastStop: row.lastStop && { cause: row.lastStop.cause, summary: lastStopText(row.lastStop), termination: terminationJson(row.lastStop.termination, now) },
    owner: row.owner,
    cause: row.cause,
    endpoints: row.endpoints,
    drainHold: row.drainHold,
    evictionRefused: row.evictionRefused && { ...row.evictionRefused, at: iso(row.evictionRefused.at) },
    stale: row.stale || undefined,
    goneAt: iso(row.goneAt),
    start: row.start && startJson(row.start, now),
  };
}

/** The start side with ISO moments and the elapsed seconds as of `now`. */
function startJson(s: StartProgress, now: number) {
  const since = (at: number) => ({ since: iso(at), seconds: round((now - at) / 1000) });
  const startup = s.startupProbe && { ...startupFailuresAsOf(s.startupProbe, now), threshold: s.startupProbe.threshold, periodSeconds: s.startupProbe.periodSeconds, lastFailure: s.startupProbe.lastFailure };
  return {
    postStart: s.postStart && { ...since(s.postStart.since), estimated: s.postStart.estimated },
    startupProbe: startup,
    notReady: s.notReady && { ...since(s.notReady.since), basis: s.notReady.basis, estimated: s.notReady.estimated, lastFailure: s.notReady.lastFailure },
    init: s.init,
  };
}

function lastStateJson(l: LastState) {
  return { ...l, startedAt: iso(l.startedAt), finishedAt: iso(l.finishedAt) };
}

function terminationJson(t: Termination, now: number) {
  const view = viewTermination(t, now);
  const outcome = terminationOutcome(t);
  return {
    requestedAt: iso(t.requestedAt),
    graceSeconds: t.graceSeconds,
    graceFromSeconds: t.graceFromSeconds,
    deadline: iso(t.deadline),
    phase: view.phase,
    elapsedSeconds: round(view.elapsedSeconds),
    secondsToKill: round(view.secondsToKill),
    hasPreStop: t.hasPreStop,
    hookEndedAt: iso(t.hookEndedAt),
    termSentAt: iso(t.termSentAt),
    killSentAt: iso(t.killSentAt),
    exitedAt: iso(t.exitedAt),
    exitCode: t.exitCode,
    forced: t.forced || undefined,
    killed: view.killed,
    outcome: outcome && {
      hookSeconds: outcome.hookSeconds === undefined ? undefined : round(outcome.hookSeconds),
      termToExitSeconds: outcome.termToExitSeconds === undefined ? undefined : round(outcome.termToExitSeconds),
      totalSeconds: round(outcome.totalSeconds),
      totalAtMost: outcome.totalAtMost,
    },
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
