// Requests written but not yet handed to the network. A request's connection (TCP, then
// TLS) makes progress only when the event loop turns; the dashboard loads Ink and React
// right after the sources send their first requests, a stretch of module evaluation
// that never returns to the loop. Started just before it, the first list's connection
// sat unconnected behind it and its answer came ~90 ms after the request instead of
// ~30 (bench/RESULTS.md, 2026-12-05 runs). The dashboard waits (briefly) for the
// requests to be on the wire first: the apiserver then answers while Ink loads.
import type { ClientRequest } from 'node:http';

let unsent = 0;
let waiters: (() => void)[] = [];

/** Counts the request until it is sent (its last bytes handed to the OS) or ends otherwise. */
export function noteUnsentRequest(request: ClientRequest): void {
  unsent++;
  let counted = true;
  const sent = () => {
    if (!counted) return;
    counted = false;
    if (--unsent > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  request.once('finish', sent);
  request.once('close', sent);
}

/**
 * Resolves once no request is waiting to be sent, or after maxMs, whichever is first.
 * It first lets the event loop turn: the sources make their requests a few promise steps
 * after they start (credentials, headers), and a request's connect is a nextTick away.
 */
export async function requestsOnTheWire(maxMs: number): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (unsent === 0) return;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
