// The bench's own arithmetic and its RESULTS.md writer: a wrong growth figure or a section
// written over its neighbour would go unnoticed in a report nobody re-derives by hand.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES modules of the bench, without types
import { growthOverLastHalf, median } from '../../bench/lib/numbers.mjs';
// @ts-expect-error plain ES modules of the bench, without types
import { writeSections } from '../../bench/lib/results-file.mjs';
// @ts-expect-error plain ES modules of the bench, without types
import { note, table } from '../../bench/lib/results.mjs';
// @ts-expect-error plain ES modules of the bench, without types
import { compareWithRecorded, recordedPer1000 } from '../../bench/lib/churn-guard.mjs';
// @ts-expect-error plain ES modules of the bench, without types
import { threadShares, threadTicks } from '../../bench/lib/proc.mjs';

type Sample = { s: number; mb: number };
const series = (mb: (s: number) => number): Sample[] => Array.from({ length: 121 }, (_, i) => ({ s: i * 10, mb: mb(i * 10) }));

describe('bench growth over the last half', () => {
  it('is 0 for a flat series and ignores a GC sawtooth around a flat level', () => {
    expect(growthOverLastHalf(series(() => 300))).toBeCloseTo(0, 6);
    const sawtooth = growthOverLastHalf(series((s) => 300 + ((s / 10) % 6) * 10));
    expect(Math.abs(sawtooth)).toBeLessThan(1);
  });

  it('is the rise over the second half as a share of where that half starts', () => {
    // 200 MB at 0 s rising 0.1 MB/s: 260 MB at 600 s, 320 MB at 1200 s → 60/260.
    expect(growthOverLastHalf(series((s) => 200 + 0.1 * s))).toBeCloseTo((60 / 260) * 100, 6);
  });

  it('has no figure from too few samples; median skips missing runs', () => {
    expect(growthOverLastHalf([{ s: 0, mb: 1 }, { s: 10, mb: 2 }])).toBeUndefined();
    expect(median([3, undefined, 1, 2])).toBe(2);
    expect(median([4, 1])).toBe(2.5);
  });
});

describe('bench RESULTS.md sections', () => {
  it('replaces only the sections run, keeps the rest, and appends new ones', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podlife-bench-')), 'RESULTS.md');
    writeFileSync(file, '# title\nprose\n\n<!-- bench:soak -->\nold soak\n<!-- /bench:soak -->\n\n<!-- bench:churn -->\nold churn\n<!-- /bench:churn -->\ntail\n');
    writeSections(file, [
      ['soak', '<!-- bench:soak -->\nnew soak\n<!-- /bench:soak -->'],
      ['scale50k', '<!-- bench:scale50k -->\nscale\n<!-- /bench:scale50k -->'],
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe('# title\nprose\n\n<!-- bench:soak -->\nnew soak\n<!-- /bench:soak -->\n\n<!-- bench:churn -->\nold churn\n<!-- /bench:churn -->\ntail\n\n<!-- bench:scale50k -->\nscale\n<!-- /bench:scale50k -->\n');
  });
});

describe('bench tables', () => {
  it("set podlife against each peer on a tool's figure, and not on a figure of the machine", () => {
    for (const [tool, cpu, busy] of [['podlife', 4, 20], ['kubectl', 2, 10]] as const) {
      note('machine-rows', tool, 'cpu', 1, cpu);
      note('machine-rows', tool, 'busy', 1, busy);
    }
    const lines = table('machine-rows', ['podlife', 'kubectl'], [
      ['CPU s', 'cpu', 1],
      ['machine busy (%)', 'busy', 0, false],
    ]).split('\n');
    expect(lines[0]).toBe('| figure | podlife | kubectl -w | podlife/kubectl |');
    expect(lines[2]).toBe('| CPU s | 4.0 | 2.0 | 2.00× |');
    expect(lines[3]).toBe('| machine busy (%) | 20 | 10 | – |');
  });
});

describe('bench churn guard', () => {
  // The churn section as the bench writes it: the same table writer, two runs per tool.
  const section = () => {
    for (const [tool, runs] of [['podlife', [3.8, 3.94]], ['k9s', [2.8, 2.8]], ['kubectl', [0.85, 0.85]]] as const) {
      runs.forEach((v, i) => note('guard', tool, 'per1000_100', i + 1, v));
      runs.forEach((v, i) => note('guard', tool, 'per1000_500', i + 1, v / 2));
    }
    const body = table('guard', ['podlife', 'k9s', 'kubectl'], [
      ['100/s: CPU s per 1,000 changes', 'per1000_100', 3],
      ['500/s: CPU s per 1,000 changes', 'per1000_500', 3],
    ]);
    return `# results\n\n<!-- bench:startup -->\n| figure | podlife |\n| --- | --- |\n| 100/s: CPU s per 1,000 changes | 99 |\n<!-- /bench:startup -->\n\n<!-- bench:churn -->\n## Churn\n\n${body}\n<!-- /bench:churn -->\n`;
  };

  it("reads podlife's medians per rate from the churn section only", () => {
    expect(recordedPer1000(section())).toEqual({ 100: 3.87, 500: 1.935 });
    expect(recordedPer1000('<!-- bench:churn -->\n## Churn\nNot run at full size yet.\n<!-- /bench:churn -->')).toEqual({});
  });

  it('warns when more than 20 % worse, not at 20 % or when better', () => {
    const recorded = { 100: 3.87, 500: 2.38 };
    const worse = compareWithRecorded({ 100: 3.87 * 1.25, 500: 2.38 * 1.2 }, recorded);
    expect(worse.warned).toBe(true);
    expect(worse.lines[0]).toMatch(/^WARNING: churn 100\/s: podlife 4\.838 CPU s per 1,000 changes is 25 % worse than the last full run's 3\.870/);
    expect(worse.lines[1]).toMatch(/^churn 500\/s: .* 20 % worse .*within 20 %/);
    const better = compareWithRecorded({ 100: 1.935 }, recorded);
    expect(better.warned).toBe(false);
    expect(better.lines).toEqual([expect.stringMatching(/50 % better than the last full run's 3\.870/)]);
  });

  it('says so when RESULTS.md holds no figure for a rate, and does not warn', () => {
    const { lines, warned } = compareWithRecorded({ 100: 9 }, {});
    expect(warned).toBe(false);
    expect(lines).toEqual(["churn 100/s: podlife 9.000 CPU s per 1,000 changes; bench/RESULTS.md holds no full run's figure to compare with"]);
  });
});

describe('bench CPU by thread', () => {
  type Ticks = Map<number, { name: string; ticks: number }>;

  it('splits the CPU between two readings into the main thread, the reader, V8 and the rest', () => {
    const before: Ticks = new Map([
      [100, { name: 'podlife', ticks: 50 }],
      [101, { name: 'V8Worker', ticks: 10 }],
      [105, { name: 'WorkerThread', ticks: 5 }],
    ]);
    // Thread 106 started between the readings: all its ticks count.
    const after: Ticks = new Map([
      [100, { name: 'podlife', ticks: 110 }],
      [101, { name: 'V8Worker', ticks: 20 }],
      [105, { name: 'WorkerThread', ticks: 25 }],
      [106, { name: 'V8Worker', ticks: 5 }],
      [107, { name: 'libuv-worker', ticks: 5 }],
    ]);
    expect(threadShares(100, before, after)).toEqual({ main: 60, reader: 20, v8: 15, other: 5 });
  });

  it('reads this process’s threads by the names Node gives them', async () => {
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    try {
      const threads: Ticks = threadTicks(process.pid);
      expect(threads.has(process.pid)).toBe(true);
      const names = [...threads.values()].map((t) => t.name);
      expect(names).toContain('WorkerThread');
      expect(names).toContain('V8Worker');
    } finally {
      await worker.terminate();
    }
  });
});
