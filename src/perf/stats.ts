// PODLIFE_STATS_FILE=FILE: every few seconds (PODLIFE_STATS_INTERVAL_MS, default 5000)
// one NDJSON line of what podlife holds: rows, pods with rows, event groups, rows with a
// transition history, per-pod feed entries, heap and RSS, when the first rows of the first
// list were in and when all of it was. The soak benchmark reads it to
// show these stay bounded by what is in view. Off unless the variable is set, and then
// nothing here runs but the registry below (a Set of functions).
import { appendFileSync, writeFileSync } from 'node:fs';

export interface StoreSizes {
  rows: number;
  groups: number;
  eventGroups: number;
  historyRows: number;
}

/** Sizes of the live sources' feeds (per-pod memory), registered while a source runs. */
const feedSizes = new Set<() => number>();

/** A source registers its feed's size while it runs; call the returned function on close. */
export function trackFeedSize(size: () => number): () => void {
  feedSizes.add(size);
  return () => feedSizes.delete(size);
}

export interface StatsLine extends StoreSizes {
  /** Epoch ms. */
  t: number;
  /** When the whole first list was in the store (its last page; epoch ms live). */
  listedAt?: number;
  /** When the first page of that list was in the store, its rows shown (epoch ms live). */
  firstPageAt?: number;
  feedPods: number;
  heapUsedMb: number;
  rssMb: number;
}

/** Starts writing stats lines when PODLIFE_STATS_FILE is set; returns the stop function. */
export function startStatsFile(store: { sizes(): StoreSizes; firstResyncAt?: number; firstPageAt?: number }, env: NodeJS.ProcessEnv = process.env): () => void {
  const file = env.PODLIFE_STATS_FILE;
  if (!file) return () => {};
  const intervalMs = Number(env.PODLIFE_STATS_INTERVAL_MS) || 5_000;
  writeFileSync(file, '');
  const write = () => {
    let feedPods = 0;
    for (const size of feedSizes) feedPods += size();
    const memory = process.memoryUsage();
    const line: StatsLine = { t: Date.now(), listedAt: store.firstResyncAt, firstPageAt: store.firstPageAt, ...store.sizes(), feedPods, heapUsedMb: mb(memory.heapUsed), rssMb: mb(memory.rss) };
    appendFileSync(file, JSON.stringify(line) + '\n');
  };
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    write();
  };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
