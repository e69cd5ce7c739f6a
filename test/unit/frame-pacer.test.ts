// The dashboard's frame interval follows the process's CPU share: spaced out while busy,
// back to 33 ms when not, never past 200 ms (the live bar's 250 ms bound).
import { describe, expect, it } from 'vitest';
import { CPU_BUDGET, FramePacer, MAX_FRAME_MS, MIN_FRAME_MS } from '../../src/store/frame-pacer.js';

/** A process whose CPU use and clock the test moves: `spend(wallMs, share)`. */
function processModel() {
  let now = 0;
  let cpuMicros = 0;
  return {
    pacer: new FramePacer(CPU_BUDGET, () => ({ user: cpuMicros, system: 0 }), () => now),
    spend(wallMs: number, share: number) {
      now += wallMs;
      cpuMicros += wallMs * share * 1000;
    },
  };
}

describe('FramePacer', () => {
  it('doubles the interval while the process uses more than its budget, up to 200 ms', () => {
    const { pacer, spend } = processModel();
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      spend(100, 0.9);
      gaps.push(pacer.next());
    }
    expect(gaps).toEqual([MIN_FRAME_MS * 2, MIN_FRAME_MS * 4, MAX_FRAME_MS, MAX_FRAME_MS, MAX_FRAME_MS]);
  });

  it('halves it again under half the budget, down to 33 ms, and holds it in between', () => {
    const { pacer, spend } = processModel();
    for (let i = 0; i < 4; i++) {
      spend(100, 0.9);
      pacer.next();
    }
    spend(200, CPU_BUDGET * 0.75); // between half the budget and the budget: hold
    expect(pacer.next()).toBe(MAX_FRAME_MS);
    spend(2000, 0.01); // a quiet spell
    expect(pacer.next()).toBe(MAX_FRAME_MS / 2);
    spend(200, 0.01);
    expect(pacer.next()).toBe(MAX_FRAME_MS / 4);
    spend(200, 0.01);
    expect(pacer.next()).toBe(MIN_FRAME_MS);
    spend(200, 0.01);
    expect(pacer.next()).toBe(MIN_FRAME_MS);
  });

  it('does not judge a span shorter than a frame', () => {
    const { pacer, spend } = processModel();
    spend(10, 1);
    expect(pacer.next()).toBe(MIN_FRAME_MS);
    spend(10, 1); // 20 ms in all, all of it busy: still too short
    expect(pacer.next()).toBe(MIN_FRAME_MS);
    spend(20, 1);
    expect(pacer.next()).toBe(MIN_FRAME_MS * 2);
  });
});
