// When the main thread last read a watch chunk. A watch read here (the reader thread not
// started: a quiet source, one namespace) is stamped when this thread reads it, so a chunk
// that comes while a frame is being drawn is stamped when the frame ends: in a burst of
// deletes each of those sightings, and the KILL predicted from it, came a frame late. The
// dashboard holds a frame while watch data is still coming, up to a bound
// (store/frame-coalescer.ts): most of a burst is read, and stamped, while this thread is
// idle; a line that comes while a frame is drawn after all is still stamped late.

/** Watch data read within this long counts as still coming. */
export const STILL_COMING_MS = 5;

let lastReadAt = Number.NEGATIVE_INFINITY;

/** The main thread read a watch chunk now. */
export function noteWatchChunkRead(now = performance.now()): void {
  lastReadAt = now;
}

/** How much longer a frame waits for the watch data under way: 0 once it has paused. */
export function watchDataStillComingMs(now = performance.now()): number {
  return Math.max(0, lastReadAt + STILL_COMING_MS - now);
}
