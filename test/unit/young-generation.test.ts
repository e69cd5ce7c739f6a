import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { holdYoungGeneration, podsInView, sizeYoungGenerationBy, YOUNG_GENERATION_GROWS_FROM_PODS } from '../../src/perf/young-generation.js';
import type { ListingProgress } from '../../src/lifecycle/types.js';

describe('holdYoungGeneration', () => {
  it('holds the growth factor at 1, and gives V8 its own back once, at the pod count', () => {
    const flags: string[] = [];
    const sizeFor = holdYoungGeneration((f) => flags.push(f));
    expect(flags).toEqual(['--semi-space-growth-factor=1']);
    expect(sizeFor(YOUNG_GENERATION_GROWS_FROM_PODS - 1)).toBe(false);
    expect(flags).toHaveLength(1);
    expect(sizeFor(YOUNG_GENERATION_GROWS_FROM_PODS)).toBe(true);
    expect(sizeFor(10)).toBe(true);
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  });

  it('counts a list under way by the server estimate, so a big list lets it grow from its first page', () => {
    const fakeStore = (groups: number, listings: (ListingProgress | undefined)[]) => ({
      sizes: () => ({ groups }),
      statusList: () => listings.map((listing) => (listing ? { listing } : {})),
      subscribe: () => () => {},
    });
    expect(podsInView(fakeStore(500, [undefined]))).toBe(500);
    // Two contexts listing: 500 of ~50,000 and 500 of ~600.
    expect(podsInView(fakeStore(1000, [{ listed: 500, estimatedTotal: 50_000 }, { listed: 500, estimatedTotal: 600 }]))).toBe(50_600);
    // A selector's list has no estimate: the pods held count.
    expect(podsInView(fakeStore(1500, [{ listed: 1500 }]))).toBe(1500);
  });

  it('lets go at the first delivery that shows enough pods, and stops listening', () => {
    const flags: string[] = [];
    let listener: (() => void) | undefined;
    let groups = 0;
    let listing: ListingProgress | undefined;
    const store = {
      sizes: () => ({ groups }),
      statusList: () => (listing ? [{ listing }] : [{}]),
      subscribe: (l: () => void) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    sizeYoungGenerationBy(store, (f) => flags.push(f));
    groups = 500;
    listener?.();
    expect(flags).toEqual(['--semi-space-growth-factor=1']);
    listing = { listed: 500, estimatedTotal: 5000 };
    listener?.();
    expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
    expect(listener).toBeUndefined();
  });

  // What the module relies on: this Node's V8 reads the factor each time the space grows.
  // A child process each, with podlife's own young-generation limit (the shebang's 8 MB):
  // flags are the whole process's.
  const CHILD = `
    const [moduleUrl, mode] = process.argv.slice(1);
    const { holdYoungGeneration } = await import(moduleUrl);
    const v8 = await import('node:v8');
    const newSpaceMb = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const kept = [];
    const allocateSurvivors = () => { for (let i = 0; i < 300000; i++) kept.push({ i, name: 'pod-' + i }); };
    const sizeFor = mode === 'hold' ? holdYoungGeneration() : () => false;
    allocateSurvivors();
    const whileHeld = newSpaceMb();
    sizeFor(${YOUNG_GENERATION_GROWS_FROM_PODS});
    allocateSurvivors();
    console.log(JSON.stringify({ whileHeld, afterwards: newSpaceMb() }));
  `;
  const run = (mode: 'hold' | 'never'): { whileHeld: number; afterwards: number } => {
    const moduleUrl = new URL('../../src/perf/young-generation.ts', import.meta.url).href;
    const out = execFileSync(process.execPath, ['--max-semi-space-size=8', '--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', CHILD, moduleUrl, mode], { encoding: 'utf8' });
    return JSON.parse(out) as { whileHeld: number; afterwards: number };
  };

  it('keeps V8 young generation small while held, and lets it grow after', () => {
    const held = run('hold');
    const free = run('never');
    // Without the hold, the same survivors grow it to the 8 MB semi-spaces (16 MB in all).
    // Held, it stays at 2 MB in most runs; V8 sometimes still adds a few pages (4.75 and
    // 5.5 MB seen in 12 runs), never half of what it grows to otherwise.
    expect(free.whileHeld).toBeGreaterThanOrEqual(8);
    expect(held.whileHeld).toBeLessThan(free.whileHeld / 2);
    expect(held.afterwards).toBeGreaterThanOrEqual(8);
  });
});
