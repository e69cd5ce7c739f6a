// The main thread's end of a chunk ring, read against records written as chunk-ring.ts's
// layout documents them (the writer runs on the reader thread): a record whose head or
// bytes cross the ring's end reads back whole, and taking one frees its room.
import { describe, expect, it } from 'vitest';
import { ChunkRingReader, newRing, RING_BYTES, RING_LAYOUT } from '../../src/sources/chunk-ring.js';

/** Writes one record at byte count `position` (head: uint32 length, float64 stamp), as the writer does. */
function writeRecord(ring: SharedArrayBuffer, position: number, bytes: Uint8Array, at: number): number {
  const records = new Uint8Array(ring, RING_LAYOUT.headerBytes, RING_BYTES);
  const head = new DataView(new ArrayBuffer(RING_LAYOUT.recordHead));
  head.setUint32(0, bytes.byteLength);
  head.setFloat64(4, at);
  let cursor = position;
  for (const byte of [...new Uint8Array(head.buffer), ...bytes]) records[cursor++ % RING_BYTES] = byte;
  const counters = new Int32Array(ring, 0, RING_LAYOUT.headerBytes / 4);
  Atomics.store(counters, RING_LAYOUT.written, cursor | 0);
  return cursor;
}

/** A ring whose reader and writer both stand at byte count `position`. */
function ringAt(position: number): SharedArrayBuffer {
  const ring = newRing();
  const counters = new Int32Array(ring, 0, RING_LAYOUT.headerBytes / 4);
  Atomics.store(counters, RING_LAYOUT.written, position | 0);
  Atomics.store(counters, RING_LAYOUT.read, position | 0);
  return ring;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('ChunkRingReader', () => {
  it('takes records in order, with their stamps, and then has none', () => {
    const ring = ringAt(0);
    const next = writeRecord(ring, 0, text('{"type":"ADDED"}\n'), 1_764_000_000_123);
    writeRecord(ring, next, text('{"type":"MODIFIED"}\n'), 1_764_000_000_456);
    const reader = new ChunkRingReader(ring);
    expect(reader.holdsChunks).toBe(true);
    const first = reader.take()!;
    expect(new TextDecoder().decode(first.bytes)).toBe('{"type":"ADDED"}\n');
    expect(first.at).toBe(1_764_000_000_123);
    expect(reader.take()!.at).toBe(1_764_000_000_456);
    expect(reader.take()).toBeUndefined();
    expect(reader.holdsChunks).toBe(false);
  });

  // Every split of the 12-byte head across the end, then bytes that cross it.
  it.each([1, 4, 5, 11, 12, 13, 20])('reads a record that starts %i bytes before the ring ends', (before) => {
    const position = 7 * RING_BYTES - before; // counters past a few wraps, as after hours of churn
    const ring = ringAt(position);
    const bytes = text('x'.repeat(9) + 'the chunk across the end');
    writeRecord(ring, position, bytes, 1_764_000_000_789.5);
    const reader = new ChunkRingReader(ring);
    const taken = reader.take()!;
    expect(taken.at).toBe(1_764_000_000_789.5);
    expect(taken.bytes).toEqual(bytes);
    expect(reader.holdsChunks).toBe(false);
  });

  it('tells a waiting writer of room only once at most half the ring is used', () => {
    const ring = ringAt(0);
    const counters = new Int32Array(ring, 0, RING_LAYOUT.headerBytes / 4);
    const big = new Uint8Array(RING_BYTES / 2);
    const next = writeRecord(ring, 0, big, 1);
    writeRecord(ring, next, text('small'), 2);
    Atomics.store(counters, RING_LAYOUT.writerWaits, 1);
    const reader = new ChunkRingReader(ring);
    expect(reader.roomForWriter()).toBe(false);
    reader.take();
    expect(reader.roomForWriter()).toBe(true);
    expect(reader.roomForWriter()).toBe(false); // said once
  });
});
