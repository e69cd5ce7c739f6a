// The moments around a container's own phases on its timeline: the stop request with its
// cause, each EndpointSlice move of the pod's endpoint (ready, terminating, removed), and
// the lines the container logged while it stopped, so the delete, the endpoint leaving
// rotation, the preStop, what the process said and the exit read in one column.
import { endpointEvents, endpointLabel } from './endpoints.js';
import type { TimelineSegment } from './timeline-segment.js';
import type { ContainerRow, LifecycleEvent } from './types.js';

/** The reason of the events that carry a container's own log lines (not a Kubernetes Event). */
export const LOG_REASON = 'Log';
const LOG_LABEL_CHARS = 160;

/** What the stop point says: a delete is requested; the kubelet's own stops are not. */
export function stopLabel(kind: string): string {
  if (kind === 'probe' || kind === 'poststart' || kind === 'kubelet') return 'kubelet stops it';
  if (kind === 'restart') return 'stopped';
  return 'stop requested';
}

export function podSegments(row: ContainerRow, events: readonly LifecycleEvent[]): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  const t = row.termination;
  if (t && row.cause) out.push({ phase: 'stop', label: stopLabel(row.cause.kind), from: t.requestedAt, to: t.requestedAt, known: true, detail: row.cause.text });
  for (const e of endpointEvents(events, row)) {
    out.push({ phase: 'endpoint', label: endpointLabel(e), from: e.at, to: e.at, known: true, detail: e.message });
  }
  for (const e of events) {
    // A Docker group is one container (its events may name the container, the row the service).
    const ours = row.source === 'docker' || e.container === row.name;
    if (e.reason !== LOG_REASON || e.groupKey !== row.groupKey || !ours || (row.podUid && e.uid && e.uid !== row.podUid)) continue;
    const text = e.message.length > LOG_LABEL_CHARS ? `${e.message.slice(0, LOG_LABEL_CHARS - 1)}…` : e.message;
    out.push({ phase: 'log', label: `log: ${text}`, from: e.at, to: e.at, known: true });
  }
  return out;
}
