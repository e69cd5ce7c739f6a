// Did the stop drop traffic? When a pod starts terminating, the EndpointSlice controller
// marks its endpoints ready:false, terminating:true, and kube-proxy and load balancers
// stop sending new requests some time later. TERM before that (or right after) means
// requests can still arrive at a process that is shutting down: the reason the article's
// preStop sleeps. From the pod's endpoint events (the feed turns slice changes into
// events) and the container's termination. Pure.
import type { ContainerRow, LifecycleEvent } from './types.js';
import { SECOND_RESOLUTION_MS } from './server-time.js';
import { terminationAsOf } from './termination.js';

export type EndpointReason = 'EndpointReady' | 'EndpointNotReady' | 'EndpointTerminating' | 'EndpointRemoved';
export const ENDPOINT_REASONS: readonly string[] = ['EndpointReady', 'EndpointNotReady', 'EndpointTerminating', 'EndpointRemoved'];

/**
 * Under this many seconds between the endpoint's terminating mark and TERM, requests may
 * still arrive: kube-proxy applies changes at most once a second (its default
 * min-sync-period) after its own watch sees them, and load balancers take longer.
 */
export const DRAIN_SECONDS = 2;
/** The preStop sleep podlife suggests (the article's 5 s). */
export const SUGGESTED_SLEEP_SECONDS = 5;

export function endpointEvents(events: readonly LifecycleEvent[], row: ContainerRow): LifecycleEvent[] {
  return events.filter((e) => e.groupKey === row.groupKey && e.container === undefined && ENDPOINT_REASONS.includes(e.reason) && (!row.podUid || !e.uid || e.uid === row.podUid));
}

/** When TERM reached the container's main process, and whether that is an estimate. */
export interface TermMoment {
  at: number;
  estimated: boolean;
  basis: string;
}

export function termMoment(row: ContainerRow, events: readonly LifecycleEvent[], now = Number.POSITIVE_INFINITY): TermMoment | undefined {
  // Only what has happened by now: a known-length hook's TERM is worked out ahead of time.
  const t = row.termination && terminationAsOf(row.termination, now);
  if (!t || t.forced) return undefined;
  if (t.termSentAt !== undefined) return { at: t.termSentAt, estimated: t.termEstimated === true, basis: t.hasPreStop ? 'the end of its preStop' : "the kubelet's order" };
  if (t.hasPreStop) {
    if (t.hookEndedAt === undefined) return undefined; // the hook's end was not reported: TERM is unknown
    return { at: t.hookEndedAt, estimated: t.hookEndEstimated === true, basis: t.hookEndEstimated ? 'after the preStop, estimated' : 'after the preStop' };
  }
  // No hook: the kubelet sends TERM as it begins to stop the container (its Killing event).
  const killing = events.find((e) => e.groupKey === row.groupKey && e.container === row.name && e.reason === 'Killing' && e.at >= t.requestedAt - SECOND_RESOLUTION_MS);
  if (killing) return { at: Math.max(t.requestedAt, killing.at), estimated: true, basis: "the kubelet's Killing event" };
  return { at: t.requestedAt, estimated: true, basis: 'the delete' };
}

/** The first moment, after the stop began, that a slice took the pod out of rotation. */
export function outOfRotation(row: ContainerRow, events: readonly LifecycleEvent[]): LifecycleEvent | undefined {
  const t = row.termination;
  if (!t) return undefined;
  return endpointEvents(events, row)
    .filter((e) => (e.reason === 'EndpointTerminating' || e.reason === 'EndpointRemoved') && e.at >= t.requestedAt - SECOND_RESOLUTION_MS)
    .sort((a, b) => a.at - b.at)[0];
}

/** "service web (slice web-abc)" out of the event's message. */
function whereOf(e: LifecycleEvent): string {
  return e.message.split(':')[0] ?? 'its Service';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export interface EndpointGap {
  /** TERM minus the out-of-rotation mark, ms: negative = TERM came first. */
  gapMs: number;
  term: TermMoment;
  mark: LifecycleEvent;
}

export function endpointGap(row: ContainerRow, events: readonly LifecycleEvent[], now?: number): EndpointGap | undefined {
  const mark = outOfRotation(row, events);
  const term = termMoment(row, events, now);
  if (!mark || !term) return undefined;
  return { gapMs: term.at - mark.at, term, mark };
}

/** The measured warning (after a stop) or the spec warning (before any delete). */
export function endpointWarning(row: ContainerRow, events: readonly LifecycleEvent[], now?: number): string | undefined {
  if (row.source !== 'kubernetes' || row.kind !== 'main') return undefined;
  const gap = endpointGap(row, events, now);
  if (gap) {
    if (gap.gapMs >= DRAIN_SECONDS * 1000) return undefined;
    const est = gap.term.estimated ? ` (TERM estimated from ${gap.term.basis})` : '';
    const when =
      gap.gapMs < 0
        ? `TERM came ${seconds(-gap.gapMs)} before ${whereOf(gap.mark)} marked the endpoint ${gap.mark.reason === 'EndpointRemoved' ? 'removed' : 'terminating'}: it was still in rotation`
        : `TERM came only ${seconds(gap.gapMs)} after ${whereOf(gap.mark)} marked the endpoint ${gap.mark.reason === 'EndpointRemoved' ? 'removed' : 'terminating'}: kube-proxy and load balancers may still have sent requests`;
    const buy = `a preStop sleep ${SUGGESTED_SLEEP_SECONDS} would have made that ${seconds(gap.gapMs + SUGGESTED_SLEEP_SECONDS * 1000)} after`;
    return `${when}${est}; ${buy}`;
  }
  const services = [...new Set((row.endpoints ?? []).map((e) => e.service))];
  if (row.hooks.preStop || services.length === 0 || row.termination?.exitedAt !== undefined) return undefined;
  const behind = services.map((s) => `service ${s}`).join(', ');
  return `behind ${behind} with no preStop: on delete TERM comes as the endpoint is taken out of rotation, while kube-proxy and load balancers may still send requests; a preStop sleep ${SUGGESTED_SLEEP_SECONDS} keeps it serving meanwhile`;
}

/** A row's endpoint moves as "endpoint terminating" points: service, slice and conditions. */
export function endpointLabel(e: LifecycleEvent): string {
  switch (e.reason) {
    case 'EndpointReady':
      return 'endpoint ready';
    case 'EndpointNotReady':
      return 'endpoint not ready';
    case 'EndpointTerminating':
      return 'endpoint terminating';
    default:
      return 'endpoint removed';
  }
}
