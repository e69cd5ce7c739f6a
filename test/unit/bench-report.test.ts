// The bench's own arithmetic and its RESULTS.md writer: a wrong growth figure or a section
// written over its neighbour would go unnoticed in a report nobody re-derives by hand.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES modules of the bench, without types
import { growthOverLastHalf, median } from '../../bench/lib/numbers.mjs';
// @ts-expect-error plain ES modules of the bench, without types
import { writeSections } from '../../bench/lib/results-file.mjs';

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
