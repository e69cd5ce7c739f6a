// The pod-wide moments on a container's timeline: the stop request with its cause, and
// each EndpointSlice move of the pod's endpoint (ready, terminating, removed), so the
// delete, the endpoint leaving rotation, the preStop and the exit read in one column.
import { endpointEvents, endpointLabel } from './endpoints.js';
import type { TimelineSegment } from './timeline.js';
import type { ContainerRow, LifecycleEvent } from './types.js';

export function podSegments(row: ContainerRow, events: readonly LifecycleEvent[]): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  const t = row.termination;
  if (t && row.cause) out.push({ phase: 'stop', label: 'stop requested', from: t.requestedAt, to: t.requestedAt, known: true, detail: row.cause.text });
  for (const e of endpointEvents(events, row)) {
    out.push({ phase: 'endpoint', label: endpointLabel(e), from: e.at, to: e.at, known: true, detail: e.message });
  }
  return out;
}
