// The dashboard's Ink really draws with podlife's parts: loaded as podlife loads it
// (dist/cli/load-ink.js, in a Node process of its own), a frame with a non-ASCII text is
// laid out by podlife's layout engine, measured through podlife's width memo and drawn by
// the row-caching output grid, and a changed line of one-cell characters is rewritten by
// podlife's counting line update. Without the swaps all four stay untouched and this fails.
// A truncated text changed to one of the same size lays nothing out again: Ink's texts
// tell the engine how they measure (ui/ink-squash-memo.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { ROOT } from './package-root.js';

beforeAll(() => {
  execFileSync('bash', ['-c', 'source scripts/build-if-stale.sh'], { cwd: ROOT, stdio: 'pipe' });
});

it("Ink loaded by podlife measures and draws its frames with podlife's modules", () => {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL('../support/draw-with-ink.mjs', import.meta.url))], { cwd: ROOT, encoding: 'utf8' });
  type Usage = { measured: number; linesDrawn: number; linesCounted: number; layouts: number; computed: number };
  const { before, beforeLast, afterLast, after } = JSON.parse(out.trim().split('\n').at(-1)!) as Record<'before' | 'beforeLast' | 'afterLast' | 'after', Usage>;
  expect(after.layouts).toBeGreaterThan(before.layouts);
  expect(beforeLast.computed).toBeGreaterThan(before.computed);
  expect(afterLast.layouts).toBeGreaterThan(beforeLast.layouts);
  expect(afterLast.computed).toBe(beforeLast.computed);
  expect(after.measured).toBeGreaterThan(before.measured);
  expect(after.linesDrawn).toBeGreaterThan(before.linesDrawn);
  expect(after.linesCounted).toBeGreaterThan(before.linesCounted);
});

// What dist/cli.js runs is the bundle (scripts/bundle.mjs), where the swaps are made as it
// is built: every import a swap names, in every file of the bundle it applies to, must
// have become the replacement (or, for a wrapping swap, its wrapper module).
it('the bundled program hands Ink the same modules', async () => {
  const { INK_MODULE_SWAPS } = (await import(pathToFileURL(join(ROOT, 'dist/cli/ink-module-swaps.js')).href)) as typeof import('../../src/cli/ink-module-swaps.js');
  type Meta = { inputs: Record<string, { imports: { path: string; original?: string }[] }> };
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as Meta;
  for (const swap of INK_MODULE_SWAPS) {
    const replacement = join('dist/cli', swap.replacement);
    const made = Object.entries(meta.inputs).flatMap(([file, input]) =>
      swap.importer.test(`/${file}`) ? input.imports.filter((i) => i.original === swap.specifier).map((i) => ({ file, path: i.path })) : [],
    );
    expect(made.length, swap.specifier).toBeGreaterThan(0);
    for (const { file, path } of made) {
      if (!swap.wrapWith) expect(path, `${file}: ${swap.specifier}`).toBe(replacement);
      else {
        expect(path, `${file}: ${swap.specifier}`).toMatch(/^podlife-wrapped:/);
        expect(meta.inputs[path]!.imports.map((i) => i.path), path).toContain(replacement);
      }
    }
  }
});

// React, its reconciler and scheduler choose a build by NODE_ENV as they load; podlife runs
// the production one, and a bundle holding both made every start read the other too.
it('the bundle holds React production builds only', () => {
  type Meta = { inputs: Record<string, unknown> };
  const inputs = Object.keys((JSON.parse(readFileSync(join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as Meta).inputs);
  const react = inputs.filter((file) => /node_modules\/(?:react|react-reconciler|scheduler)\/cjs\//.test(file));
  expect(react.filter((file) => file.endsWith('.production.js')).length).toBeGreaterThanOrEqual(3);
  expect(react.filter((file) => file.endsWith('.development.js'))).toEqual([]);
});
