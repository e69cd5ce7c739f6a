// The dashboard's frame interval follows the process's CPU share, averaged over about two
// seconds: a short burst keeps the full frame rate, a flood that lasts is spaced out, never
// past 200 ms, and a quiet spell brings 33 ms back. (While a grace bar runs the store caps
// the wait lower: see frame-coalescer.test.ts.)
import { describe, expect, it } from 'vitest';
import { CPU_BUDGET, FramePacer, MAX_FRAME_MS, MIN_FRAME_MS } from '../../src/store/frame-pacer.js';

/** A process whose CPU use and clock the test moves: `spend(wallMs, share)`. */
function processModel() {
  let now = 0;
  let cpuMicros = 0;
  const pacer = new FramePacer(CPU_BUDGET, () => ({ user: cpuMicros, system: 0 }), () => now);
  return {
    pacer,
    /** Frames every `frameMs` for `forMs` at this CPU share; the gaps the pacer gave. */
    run(forMs: number, share: number, frameMs = 100): number[] {
      const gaps: number[] = [];
      for (let t = 0; t < forMs; t += frameMs) {
        now += frameMs;
        cpuMicros += frameMs * share * 1000;
        gaps.push(pacer.next());
      }
      return gaps;
    },
  };
}

describe('FramePacer', () => {
  it('a burst of under half a second at a full core keeps 33 ms', () => {
    const { run } = processModel();
    expect(new Set(run(400, 1))).toEqual(new Set([MIN_FRAME_MS]));
  });

  it('a flood that lasts doubles the gap up to 200 ms and holds it there', () => {
    const { run } = processModel();
    const gaps = run(5000, 0.9);
    expect(gaps.at(-1)).toBe(MAX_FRAME_MS);
    expect(Math.max(...gaps)).toBe(MAX_FRAME_MS);
    // Each step doubles: 33 → 66 → 132 → 200.
    expect([...new Set(gaps)]).toEqual([MIN_FRAME_MS, MIN_FRAME_MS * 2, MIN_FRAME_MS * 4, MAX_FRAME_MS]);
  });

  it('holds between half the budget and the budget, and comes back to 33 ms after a quiet spell', () => {
    const { run } = processModel();
    run(5000, 0.9);
    expect(run(3000, CPU_BUDGET * 0.75).at(-1)).toBe(MAX_FRAME_MS);
    const quiet = run(5000, 0.01);
    expect(quiet.at(-1)).toBe(MIN_FRAME_MS);
  });

  it('judges a span only once it is a frame long: 10 ms frames are judged three or four at a time', () => {
    const { run } = processModel();
    expect(run(30, 1, 10)).toEqual([MIN_FRAME_MS, MIN_FRAME_MS, MIN_FRAME_MS]);
    // The same flood in 10 ms frames is spaced out as in 100 ms ones.
    expect(run(5000, 0.9, 10).at(-1)).toBe(MAX_FRAME_MS);
  });

  it('after restart (a list is in) frames are at 33 ms again, whatever the list cost', () => {
    const { pacer, run } = processModel();
    run(3000, 1);
    expect(run(200, 0.15).at(-1)).toBe(MAX_FRAME_MS); // the list's CPU still weighs
    pacer.restart();
    expect(run(1000, 0.2)).toEqual(Array(10).fill(MIN_FRAME_MS));
  });
});
