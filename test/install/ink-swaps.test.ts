// The dashboard's Ink really draws with podlife's parts: loaded as podlife loads it
// (dist/cli/load-ink.js, in a Node process of its own), a frame with a non-ASCII text is
// measured through podlife's width memo and drawn by the row-caching output grid, and a
// changed line of one-cell characters is rewritten by podlife's counting line update.
// Without the swaps all three stay untouched and this fails.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { ROOT } from './package-root.js';

beforeAll(() => {
  execFileSync('bash', ['-c', 'source scripts/build-if-stale.sh'], { cwd: ROOT, stdio: 'pipe' });
});

it("Ink loaded by podlife measures and draws its frames with podlife's modules", () => {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL('../support/draw-with-ink.mjs', import.meta.url))], { cwd: ROOT, encoding: 'utf8' });
  const { before, after } = JSON.parse(out.trim().split('\n').at(-1)!) as Record<'before' | 'after', { measured: number; linesDrawn: number; linesCounted: number }>;
  expect(after.measured).toBeGreaterThan(before.measured);
  expect(after.linesDrawn).toBeGreaterThan(before.linesDrawn);
  expect(after.linesCounted).toBeGreaterThan(before.linesCounted);
});
