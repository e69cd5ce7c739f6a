// The throttle handed to Ink (ui/ink-throttle.ts) keeps the contract of es-toolkit's, Ink's
// own, and leaves no timer behind a call it made at once.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../src/ui/ink-throttle.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Each call the throttled function made: when (fake ms from the start) and with what. */
function recorder() {
  const start = Date.now();
  const calls: [number, number][] = [];
  return { calls, fn: (n: number) => void calls.push([Date.now() - start, n]) };
}

describe('the throttle Ink is given', () => {
  it('calls at once and sets no timer when calls are further apart than the wait', () => {
    const { calls, fn } = recorder();
    const throttled = throttle(fn, 17);
    throttled(1);
    expect(calls).toEqual([[0, 1]]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(33);
    throttled(2);
    expect(calls).toEqual([
      [0, 1],
      [33, 2],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds calls within the wait and makes the latest at its end', () => {
    const { calls, fn } = recorder();
    const throttled = throttle(fn, 17);
    throttled(1);
    vi.advanceTimersByTime(5);
    throttled(2);
    throttled(3);
    expect(calls).toEqual([[0, 1]]);
    vi.advanceTimersByTime(12);
    expect(calls).toEqual([
      [0, 1],
      [17, 3],
    ]);
    // The held call starts a wait of its own.
    vi.advanceTimersByTime(3);
    throttled(4);
    vi.advanceTimersByTime(20);
    expect(calls.at(-1)).toEqual([34, 4]);
  });

  it("with no wait (Ink's terminal writes) calls each time at once", () => {
    const { calls, fn } = recorder();
    const throttled = throttle(fn);
    throttled(1);
    throttled(2);
    expect(calls).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancel drops a held call, flush makes it now', () => {
    const { calls, fn } = recorder();
    const throttled = throttle(fn, 17);
    throttled(1);
    throttled(2);
    throttled.cancel();
    vi.advanceTimersByTime(50);
    expect(calls).toEqual([[0, 1]]);
    throttled(3);
    throttled(4);
    vi.advanceTimersByTime(2);
    throttled.flush();
    expect(calls).toEqual([
      [0, 1],
      [50, 3],
      [52, 4],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the contract on any schedule of calls: at most one call per wait, the latest arguments last', () => {
    const gaps = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(gaps, fc.constantFrom(0, 17, 33), (spacing, waitMs) => {
        const { calls, fn } = recorder();
        const throttled = throttle(fn, waitMs);
        let at = 0;
        spacing.forEach((gap, n) => {
          vi.advanceTimersByTime(gap);
          at += gap;
          const before = calls.length;
          const lastCallAt = calls.at(-1)?.[0] ?? Number.NEGATIVE_INFINITY;
          const quietBefore = at - lastCallAt >= waitMs && vi.getTimerCount() === 0;
          throttled(n);
          // Nothing called within the wait and nothing held: this call is made at once.
          if (quietBefore) expect(calls.slice(before)).toEqual([[at, n]]);
        });
        vi.advanceTimersByTime(waitMs);
        for (let i = 1; i < calls.length; i++) expect(calls[i]![0] - calls[i - 1]![0]).toBeGreaterThanOrEqual(waitMs);
        // The last call's arguments are made, within the wait of the last call.
        expect(calls.at(-1)![1]).toBe(spacing.length - 1);
        expect(calls.at(-1)![0]).toBeLessThanOrEqual(at + waitMs);
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
