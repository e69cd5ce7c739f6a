// A watch's chunks on their way from the stream reader's thread (stream-worker.ts) to the
// main thread, in memory both threads share: the reader writes each chunk with the moment
// it came off the socket, the main thread takes them when it is ready for them. Under
// churn it takes them at its own frame timer, and the reader no longer wakes to hand them
// on (stream-reader.ts). A full ring is back-pressure: the reader stops reading its socket
// and says so, and the main thread, having made room, tells it to go on.
//
// Layout: a header of 32-bit counters (RING_LAYOUT), then RING_BYTES of records, each a
// 32-bit length, a float64 stamp (epoch ms) and the chunk's bytes, wrapping at the end.
// `written` and `read` count bytes since the start, modulo 2^32 (RING_BYTES divides it).
// The writer is the worker's own code (it runs without a bundler's help under tests, so it
// gets this layout in its workerData rather than importing it).

export const RING_LAYOUT = {
  /** Bytes before the records. */
  headerBytes: 16,
  /** Int32 indexes of the counters. */
  written: 0,
  read: 1,
  /** 1 while the writer holds a chunk that does not fit (its socket paused). */
  writerWaits: 2,
  /** Bytes of a record's head: its length (uint32) and its stamp (float64). */
  recordHead: 12,
} as const;

/** A ring's room for records: a power of two, so that positions wrap with the counters. */
export const RING_BYTES = 256 * 1024;

export type RingLayout = typeof RING_LAYOUT;

export const newRing = (): SharedArrayBuffer => new SharedArrayBuffer(RING_LAYOUT.headerBytes + RING_BYTES);

/** The main thread's end of a ring. */
export class ChunkRingReader {
  private readonly counters: Int32Array;
  private readonly records: Uint8Array;
  /** The records again, to read a head in place (most heads do not wrap). */
  private readonly recordsView: DataView;

  constructor(buffer: SharedArrayBuffer) {
    this.counters = new Int32Array(buffer, 0, RING_LAYOUT.headerBytes / 4);
    this.records = new Uint8Array(buffer, RING_LAYOUT.headerBytes, RING_BYTES);
    this.recordsView = new DataView(buffer, RING_LAYOUT.headerBytes, RING_BYTES);
  }

  /** The next chunk the reader wrote, in memory of its own; undefined if there is none. */
  take(): { bytes: Uint8Array; at: number } | undefined {
    const read = Atomics.load(this.counters, RING_LAYOUT.read) >>> 0;
    const written = Atomics.load(this.counters, RING_LAYOUT.written) >>> 0;
    if (read === written) return undefined;
    const start = read % RING_BYTES;
    const wraps = start + RING_LAYOUT.recordHead > RING_BYTES;
    const headView = wraps ? new DataView(this.copyOut(read, RING_LAYOUT.recordHead).buffer) : this.recordsView;
    const headAt = wraps ? 0 : start;
    const length = headView.getUint32(headAt);
    const at = headView.getFloat64(headAt + 4);
    const bytes = this.copyOut(read + RING_LAYOUT.recordHead, length);
    Atomics.store(this.counters, RING_LAYOUT.read, (read + RING_LAYOUT.recordHead + length) | 0);
    return { bytes, at };
  }

  /** Whether the ring holds a chunk not yet taken. */
  get holdsChunks(): boolean {
    return Atomics.load(this.counters, RING_LAYOUT.read) !== Atomics.load(this.counters, RING_LAYOUT.written);
  }

  /**
   * True once if the writer waits for room and at least half the ring is free (a waiting
   * piece is at most half of it): the caller then tells the writer to go on.
   */
  roomForWriter(): boolean {
    const used = (Atomics.load(this.counters, RING_LAYOUT.written) - Atomics.load(this.counters, RING_LAYOUT.read)) >>> 0;
    if (used > RING_BYTES / 2) return false;
    return Atomics.compareExchange(this.counters, RING_LAYOUT.writerWaits, 1, 0) === 1;
  }

  private copyOut(position: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const start = position % RING_BYTES;
    const first = Math.min(length, RING_BYTES - start);
    out.set(this.records.subarray(start, start + first));
    if (first < length) out.set(this.records.subarray(0, length - first), first);
    return out;
  }
}
