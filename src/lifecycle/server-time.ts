// Server timestamps → local epoch ms. The API serialises most times with whole-second
// precision (truncated), so a watch observation made on the local clock can pin the
// true moment down further; these helpers say how.

/** Parses an RFC 3339 server time and moves it onto the local clock. */
export function serverToLocal(time: string | null | undefined, clockOffsetMs: number): number | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms - clockOffsetMs;
}

/** Whole-second timestamps stand for any moment in [t, t + 1 s). */
export const SECOND_RESOLUTION_MS = 1000;

/**
 * A moment the server stamped with second precision and that we saw happen live a few
 * milliseconds later (a delete request, an event): the observation is the better
 * estimate when it falls inside the server's second; otherwise (seen late, e.g. on a
 * relist) the server's value stands.
 */
export function refineByPromptObservation(serverMs: number, observedAt: number | undefined, clockUncertaintyMs = 0): number {
  if (observedAt === undefined) return serverMs;
  // The second is placed on our clock with an offset known only to ± clockUncertaintyMs: a
  // sighting just past either edge may still be inside it (and is then the better estimate).
  const slack = Math.max(0, clockUncertaintyMs);
  if (observedAt >= serverMs - slack && observedAt < serverMs + SECOND_RESOLUTION_MS + slack) return observedAt;
  return serverMs;
}

/**
 * A moment the server stamped with second precision that reaches us with a delay of its
 * own (a container exit is noticed by the kubelet's relist, then patched into status):
 * the truth lies in [t, min(observed, t + 1 s)], so take the middle of that window.
 */
export function refineByLateObservation(serverMs: number, observedAt: number | undefined): number {
  const upper = Math.min(serverMs + SECOND_RESOLUTION_MS, observedAt ?? Number.POSITIVE_INFINITY);
  if (upper <= serverMs) return serverMs;
  return Math.round((serverMs + upper) / 2);
}
