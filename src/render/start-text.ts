// The start side as text: the REASON cell (`postStart 3.2s…`, `startup probe 4/30`,
// `not ready 12s`, `init 2/3`) and the detail pane's lines saying since when. Elapsed
// times are worked out from `now`, so each tick moves them. Estimates carry `~`.
import type { ContainerRow, StartProgress } from '../lifecycle/types.js';
import { startupFailuresAsOf } from '../lifecycle/kubernetes-start.js';
import { formatSeconds } from '../lifecycle/timeline.js';
import { formatClock } from './format.js';

/** The REASON column's width: a longer text is shortened rather than cut. */
const REASON_CELL = 18;

/** The REASON cell while the start side has something to say, else undefined. */
export function startReasonText(row: ContainerRow, now: number): string | undefined {
  const start = row.start;
  if (!start) return undefined;
  if (start.postStart) return `postStart ${elapsed(start.postStart.since, now, start.postStart.estimated)}…`;
  if (start.startupProbe) {
    const { failures, estimated } = startupFailuresAsOf(start.startupProbe, now);
    const count = `${estimated ? '~' : ''}${failures}/${start.startupProbe.threshold}`;
    const long = `startup probe ${count}`;
    return long.length <= REASON_CELL ? long : `startup ${count}`;
  }
  if (start.notReady) return `not ready ${elapsed(start.notReady.since, now, start.notReady.estimated)}`;
  // Init progress stands in for the API's bare "PodInitializing" (and an empty Running cell), not for an error.
  if (start.init && (row.reason === undefined || row.reason === 'PodInitializing')) return `init ${start.init.done}/${start.init.total}`;
  return undefined;
}

function elapsed(since: number, now: number, estimated: boolean | undefined): string {
  return `${estimated ? '~' : ''}${formatSeconds(Math.max(0, (now - since) / 1000))}`;
}

/** Lines for the detail pane: what is happening, and since when. */
export function startDetailLines(row: ContainerRow, now: number): [label: string, value: string][] {
  const start = row.start;
  if (!start) return [];
  const lines: [string, string][] = [];
  if (start.postStart) {
    const p = start.postStart;
    const when = p.estimated ? `${formatClock(p.since)} (the Started event's whole second)` : formatClock(p.since);
    lines.push(['Starting', `postStart hook running since ${when} (${elapsed(p.since, now, p.estimated)}); the container stays ${row.reason ?? 'Waiting'} until it returns`]);
  }
  if (start.startupProbe) lines.push(['Startup probe', startupLine(start.startupProbe, now)]);
  if (start.notReady) lines.push(['Readiness', notReadyLine(start.notReady, now)]);
  if (start.init) lines.push(['Init', `${start.init.done} of ${start.init.total} init containers completed`]);
  return lines;
}

function startupLine(p: NonNullable<StartProgress['startupProbe']>, now: number): string {
  const { failures, estimated } = startupFailuresAsOf(p, now);
  const how = estimated ? `about ${failures} (estimated from the time since the start, every ${p.periodSeconds}s)` : `${failures} (Unhealthy events)`;
  const last = p.lastFailure ? `; last: ${p.lastFailure}` : '';
  return `not passed yet: failures in this run ${how} of ${p.threshold}; the kubelet restarts the container at ${p.threshold}${last}`;
}

const NOT_READY_BASIS = {
  seen: 'seen by podlife',
  started: 'since the container started',
  condition: "the pod's ContainersReady condition",
} as const;

function notReadyLine(n: NonNullable<StartProgress['notReady']>, now: number): string {
  const basis = n.estimated ? 'at least since the container started (it may have been ready in between, unseen)' : NOT_READY_BASIS[n.basis];
  const last = n.lastFailure ? `; last failure: ${n.lastFailure}` : '';
  return `not ready since ${formatClock(n.since)} (${elapsed(n.since, now, n.estimated)}; ${basis})${last}`;
}
