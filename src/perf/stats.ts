// PODLIFE_STATS_FILE=FILE: every few seconds (PODLIFE_STATS_INTERVAL_MS, default 5000)
// one NDJSON line of what podlife holds: rows, pods with rows, event groups, rows with a
// transition history, per-pod feed entries, heap (also as the last full collection left
// it), the reader thread's own heap, and RSS, when the first rows of the first list were
// in and when all of it was.
// The soak benchmark reads it to show these stay bounded by what is in view. Off unless
// the variable is set. It asks what it reports of whoever starts it: the store, and the
// sources' feeds through the session.
import { appendFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { StoreSizes } from '../store/store.js';

export interface StatsLine extends StoreSizes {
  /** Epoch ms. */
  t: number;
  /** When the whole first list was in the store (its last page; epoch ms live). */
  listedAt?: number;
  /** When the first page of that list was in the store, its rows shown (epoch ms live). */
  firstPageAt?: number;
  feedPods: number;
  heapUsedMb: number;
  /**
   * The heap used just after the last full (mark-compact) collection: what was still
   * live then. heapUsedMb, read at any moment, also holds the garbage since, which
   * swings by tens of MB between collections; a leak shows as this one growing.
   */
  heapAfterFullGcMb?: number;
  /** What V8 has reserved for the heap: used plus free space it has not given back. */
  heapTotalMb: number;
  /** Memory outside the JS heap that JS objects hold (Buffers, ArrayBuffers, WebAssembly memory). */
  externalMb: number;
  rssMb: number;
  /** The reader thread's own JS heap (a separate isolate), used and reserved, as last asked. */
  readerHeapUsedMb?: number;
  readerHeapTotalMb?: number;
}

/** A JS heap: what it holds, and what it has reserved. */
export interface HeapSize {
  usedBytes: number;
  totalBytes: number;
}

/** Asks the reader thread for its heap; undefined while none runs. */
export type ReaderHeap = () => Promise<HeapSize | undefined>;

/** Starts writing stats lines when PODLIFE_STATS_FILE is set; returns the stop function. */
export function startStatsFile(store: { sizes(): StoreSizes; firstResyncAt?: number; firstPageAt?: number }, feedPods: () => number, readerHeap?: ReaderHeap, env: NodeJS.ProcessEnv = process.env): () => void {
  const file = env.PODLIFE_STATS_FILE;
  if (!file) return () => {};
  const intervalMs = Number(env.PODLIFE_STATS_INTERVAL_MS) || 5_000;
  writeFileSync(file, '');
  let heapAfterFullGc: number | undefined;
  // Told of each collection soon after it ends, before the program allocates much more.
  const collections = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => ((entry as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) heapAfterFullGc = getHeapStatistics().used_heap_size;
  });
  collections.observe({ entryTypes: ['gc'] });
  // The thread answers a moment later: each line carries the answer to the line before's question.
  let reader: HeapSize | undefined;
  const write = () => {
    const memory = process.memoryUsage();
    const line: StatsLine = { t: Date.now(), listedAt: store.firstResyncAt, firstPageAt: store.firstPageAt, ...store.sizes(), feedPods: feedPods(), heapUsedMb: mb(memory.heapUsed), ...(heapAfterFullGc !== undefined ? { heapAfterFullGcMb: mb(heapAfterFullGc) } : {}), heapTotalMb: mb(memory.heapTotal), externalMb: mb(memory.external), rssMb: mb(memory.rss) };
    if (reader) Object.assign(line, { readerHeapUsedMb: mb(reader.usedBytes), readerHeapTotalMb: mb(reader.totalBytes) });
    appendFileSync(file, JSON.stringify(line) + '\n');
    void readerHeap?.().then((heap) => (reader = heap));
  };
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    collections.disconnect();
    write();
  };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
