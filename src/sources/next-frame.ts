// When the dashboard's next frame can come at the soonest, shared with the stream reader's
// thread (stream-worker.ts). A watch chunk read before then waits on that thread and goes
// to the main thread with the others just before the frame that shows them. Under churn a
// message per chunk (a hundred a second, three or four per frame) woke both threads for
// nothing a frame could show sooner: handing them on once per frame took a fifth to a
// quarter off podlife's CPU at 100 changes/s. The chunks keep the stamps taken as they
// came off the socket; only the hand-over waits. 0, or a moment past: no frame is spaced
// out, and a chunk goes at once (the first change after a quiet spell is drawn at once).
// The dashboard's store says the soonest a frame can come, a stop on screen included.

/** One epoch-ms value (Atomics has no float64; whole ms are enough). */
export const nextFrameSlot = new SharedArrayBuffer(8);
const slot = new BigInt64Array(nextFrameSlot);

/** The main thread: no frame comes before `epochMs`. */
export function noteNextFrameAt(epochMs: number): void {
  Atomics.store(slot, 0, BigInt(Math.round(epochMs)));
}
