// PODLIFE_STATS_FILE: the line the soak benchmark reads must count what the store and the
// feeds really hold.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { startStatsFile } from '../../src/perf/stats.js';
import { Store } from '../../src/store/store.js';
import { readerHeap, streamReader } from '../../src/sources/stream-reader.js';
import { dockerRow } from '../support/rows.js';

describe('stats file', () => {
  it('reports rows, groups, event groups and feed entries as they change', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podlife-stats-')), 'stats.ndjson');
    const store = new Store({ clock: () => 1_000 });
    const sink = store.sinkFor('docker', 'default');
    const running = dockerRow('running');
    const exited = dockerRow('exited-0');
    sink.resync([running, exited]);
    sink.event({ at: 1, groupKey: running.groupKey, type: 'Normal', reason: 'Started', message: '' });
    let feedPods = 7;
    const stop = startStatsFile(store, () => feedPods, undefined, { PODLIFE_STATS_FILE: file, PODLIFE_STATS_INTERVAL_MS: '60000' });
    stop();
    feedPods = 0;
    const [first] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const stopAgain = startStatsFile(store, () => feedPods, undefined, { PODLIFE_STATS_FILE: file, PODLIFE_STATS_INTERVAL_MS: '60000' });
    stopAgain();
    const [second] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ listedAt: 1_000, rows: 2, groups: 2, eventGroups: 1, historyRows: 2, feedPods: 7 });
    expect(first.rssMb).toBeGreaterThan(0);
    expect(second.feedPods).toBe(0);
  });

  it('reports the heap a full collection left, once one has run', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podlife-stats-')), 'stats.ndjson');
    const lines = () => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, number>);
    const stop = startStatsFile(new Store(), () => 0, undefined, { PODLIFE_STATS_FILE: file, PODLIFE_STATS_INTERVAL_MS: '5' });
    // A full collection on demand: gc() exposed to a fresh context.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    while (!lines().some((l) => l.heapAfterFullGcMb !== undefined)) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    const last = lines().at(-1)!;
    expect(last.heapAfterFullGcMb).toBeGreaterThan(0);
    expect(last.heapAfterFullGcMb).toBeLessThanOrEqual(last.heapTotalMb!);
  });

  it("reports the reader thread's own heap (a separate isolate, not in the process's heap figures) once it runs", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podlife-stats-')), 'stats.ndjson');
    const lines = () => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, number>);
    await streamReader()!.ready;
    const stop = startStatsFile(new Store(), () => 0, readerHeap, { PODLIFE_STATS_FILE: file, PODLIFE_STATS_INTERVAL_MS: '5' });
    while (!lines().some((l) => l.readerHeapTotalMb !== undefined)) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
    const last = lines().at(-1)!;
    expect(last.readerHeapTotalMb).toBeGreaterThan(0);
    expect(last.readerHeapUsedMb).toBeLessThanOrEqual(last.readerHeapTotalMb!);
  });
});
