// When the dashboard's next frame can come at the soonest, shared with the stream reader's
// thread (stream-worker.ts). A watch chunk read before then waits on that thread and goes
// to the main thread with the others just before the frame that shows them. Under churn a
// message per chunk (a hundred a second, three or four per frame) woke both threads for
// nothing a frame could show sooner: handing them on once per frame took a fifth to a
// quarter off podlife's CPU at 100 changes/s. The chunks keep the stamps taken as they
// came off the socket; only the hand-over waits. 0, or a moment past: no frame is spaced
// out, and a chunk goes at once (the first change after a quiet spell is drawn at once).
// The dashboard's store says the soonest a frame can come, a stop on screen included.
// While chunks keep coming, the main thread takes them itself at that moment (the drain
// flag below, stream-reader.ts), and the reader does not wake to hand them on.

/**
 * The readers' chunks are taken this long before the frame they are for, whether the reader
 * hands them on (stream-worker.ts, given it in its workerData) or the main thread takes them
 * itself (stream-reader.ts). A frame due that soon is drawn in the same wake-up
 * (frame-coalescer.ts), where 3 ms ahead had the main thread wake again for its own timer.
 */
export const TAKEN_BEFORE_FRAME_MS = 1;

/** An epoch-ms value (Atomics has no float64; whole ms are enough), then the drain flag. */
export const nextFrameSlot = new SharedArrayBuffer(16);
const slot = new BigInt64Array(nextFrameSlot, 0, 1);
/** Int32 index in nextFrameSlot of the drain flag: whether the main thread takes the readers' chunks itself. */
export const DRAIN_FLAG_INDEX = 2;
export const DRAIN = {
  /** The reader hands its chunks on (a message, timed for the next frame). */
  none: 0,
  /** The main thread takes them itself just before its next frame. */
  promised: 1,
  /** It has just taken them for the frame being drawn; the next frame is not yet noted. */
  taken: 2,
} as const;
const drainFlag = new Int32Array(nextFrameSlot);

const listeners = new Set<(epochMs: number) => void>();

/** The main thread: no frame comes before `epochMs`. */
export function noteNextFrameAt(epochMs: number): void {
  Atomics.store(slot, 0, BigInt(Math.round(epochMs)));
  for (const listener of listeners) listener(epochMs);
}

/** Told of each frame's moment as it is noted, for the process's life (the one stream reader). */
export function onNextFrameNoted(listener: (epochMs: number) => void): void {
  listeners.add(listener);
}

/**
 * Said by the main thread. It says `taken` before it looks: a chunk written after the
 * look then finds the promise gone and is handed on (sequentially consistent atomics on
 * both sides; the reader looks at the flag after it writes).
 */
export function setDrain(state: (typeof DRAIN)[keyof typeof DRAIN]): void {
  Atomics.store(drainFlag, DRAIN_FLAG_INDEX, state);
}
