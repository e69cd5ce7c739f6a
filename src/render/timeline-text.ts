// A timeline as text: the compact strip on a table row, and the lines of the detail pane
// and of `podlife timeline`. Pure; the segments come from lifecycle/timeline.ts.
import { cellWidth, cutTo } from './widths.js';
import { BEFORE_WATCH_LABEL, formatSeconds, spanSeconds, type TimelinePhase, type TimelineSegment } from '../lifecycle/timeline.js';

const SHORT: Record<TimelinePhase, string> = {
  pull: 'pull',
  created: 'start',
  postStart: 'post',
  running: 'up',
  readiness: '',
  stop: '',
  endpoint: '',
  log: '',
  preStop: 'preStop',
  turn: 'turn',
  termToExit: 'exit',
  kill: 'KILL',
  waiting: '',
  terminated: '',
  restart: '',
};

function stripPart(s: TimelineSegment, previous: TimelineSegment | undefined): string | undefined {
  if (!s.known) return s.label === BEFORE_WATCH_LABEL ? '?' : `${SHORT[s.phase] || s.label} ?`;
  const time = s.seconds === undefined ? '' : ` ${formatSeconds(s.seconds)}`;
  switch (s.phase) {
    case 'created':
      return s.seconds !== undefined && s.seconds < 1 ? undefined : `start${time}`; // the usual ≈0 says nothing
    case 'waiting':
      // A past blip (Pending → ContainerCreating within a second) is noise on the row.
      return s.to !== undefined && (s.seconds ?? 0) < 1 ? undefined : `${s.label}${time}`;
    case 'restart':
      return `↻${s.label.replace(/^restart /, '')}`;
    case 'stop':
    case 'readiness':
    case 'endpoint':
    case 'log':
      return undefined; // the detail pane's; a row's strip keeps to the container's own phases
    case 'terminated':
      // After preStop/TERM/KILL the exit is already told; a crash or completion is not.
      return previous && ['termToExit', 'kill'].includes(previous.phase) ? undefined : s.label;
    case 'termToExit':
      return `${s.label === 'TERM → KILL' ? 'TERM' : 'exit'}${time}`;
    default:
      return `${SHORT[s.phase]}${time}`;
  }
}

/** Compact one-line form for the row; drops the oldest parts first when it must. */
export function timelineStrip(segments: TimelineSegment[], maxWidth: number): string {
  const parts: string[] = [];
  segments.forEach((s, i) => {
    const part = stripPart(s, segments[i - 1]);
    if (part !== undefined) parts.push(part);
  });
  const sep = ' › ';
  let line = parts.join(sep);
  if (cellWidth(line) <= maxWidth) return line;
  // The latest phases matter most on a live row: keep the longest tail that fits beside
  // the mark of the cut. Summed part by part from the end: a crash-looping row has dozens
  // of parts, and joining and measuring each shorter tail in turn took a frame's share.
  // (Widths add up: the separator starts with a space, so no character joins across it.)
  const mark = `…${sep}`;
  const sepWidth = cellWidth(sep);
  let width = cellWidth(mark);
  let start = parts.length;
  while (start > 1) {
    const added = cellWidth(parts[start - 1]!) + (start < parts.length ? sepWidth : 0);
    if (width + added > maxWidth) break;
    width += added;
    start--;
  }
  if (start < parts.length) return mark + parts.slice(start).join(sep);
  const lastPart = parts[parts.length - 1] ?? '';
  return cutTo(lastPart, maxWidth);
}

function clock(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
}

/** Moments rather than spans: no duration unless one is given. */
const POINT_PHASES: readonly TimelinePhase[] = ['restart', 'terminated', 'stop', 'readiness', 'endpoint', 'log'];

const CLOCK_WIDTH = 10;
const DURATION_WIDTH = 8;

/** Lines for the detail pane / `podlife timeline`: "08:01:02.3  +1.2s  image pull (Pulling → Pulled)". */
export function formatTimeline(segments: TimelineSegment[], now: number): string[] {
  return segments.map((s) => {
    const at = s.from ?? s.to;
    const when = (at === undefined || (!s.known && s.from === undefined) ? '?' : clock(at)).padStart(CLOCK_WIDTH);
    let duration: string;
    if (!s.known) duration = '?';
    else if (POINT_PHASES.includes(s.phase)) duration = s.from !== undefined && s.to !== undefined && s.to > s.from ? `+${formatSeconds(spanSeconds(s.from, s.to))}` : '';
    else if (s.from !== undefined && s.to === undefined) duration = `+${formatSeconds(spanSeconds(s.from, now))}…`; // still going
    else duration = s.seconds === undefined ? '?' : `+${formatSeconds(s.seconds)}`;
    const detail = s.detail ? ` (${s.detail})` : '';
    return `${when}  ${duration.padStart(DURATION_WIDTH)}  ${s.label}${detail}`;
  });
}
