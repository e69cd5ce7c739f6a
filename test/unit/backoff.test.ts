// The one reconnect backoff every source uses (Kubernetes informers, Docker), on a fake
// clock: doubling from 250 ms to the 5 s cap the README promises, jitter that only ever
// shortens a delay, reset after a success, and an abortable wait.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../src/sources/backoff.js';

const SETTINGS = { initialMs: 250, maxMs: 5000 };
const delays = (b: Backoff, n: number) => Array.from({ length: n }, () => b.next());

describe('Backoff', () => {
  afterEach(() => vi.useRealTimers());

  it('doubles 250 ms → 5 s and stays at 5 s; with no random share each delay is the nominal one', () => {
    expect(delays(new Backoff(SETTINGS, { random: () => 0 }), 8)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('jitter shortens each delay by at most half and never lengthens it', () => {
    const nominal = [250, 500, 1000, 2000, 4000, 5000, 5000];
    const longest = delays(new Backoff(SETTINGS, { random: () => 0.999999 }), 7);
    nominal.forEach((n, i) => expect(longest[i]).toBe(Math.round(n * 0.5)));
    for (let run = 0; run < 20; run++) {
      const got = delays(new Backoff(SETTINGS), 7);
      got.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(nominal[i]! / 2);
        expect(d).toBeLessThanOrEqual(nominal[i]!);
      });
    }
  });

  it('two podlifes cut off at the same moment do not retry in lockstep', () => {
    const a = delays(new Backoff(SETTINGS), 6);
    const b = delays(new Backoff(SETTINGS), 6);
    expect(a).not.toEqual(b);
  });

  it('reset: after a success the next failure waits the initial delay again', () => {
    const b = new Backoff(SETTINGS, { random: () => 0 });
    delays(b, 5);
    b.reset();
    expect(delays(b, 2)).toEqual([250, 500]);
  });

  it('wait() resolves when the fake clock reaches the delay, not a millisecond before', async () => {
    vi.useFakeTimers();
    const b = new Backoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5 }, { random: () => 0.5 });
    let resolved = false;
    void b.wait().then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(749);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
    // The second wait is twice as long.
    resolved = false;
    void b.wait().then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(1499);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
  });

  it('wait() ends at once on abort and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const b = new Backoff(SETTINGS, { random: () => 0 });
    const abort = new AbortController();
    let resolved = false;
    void b.wait(abort.signal).then(() => (resolved = true));
    expect(vi.getTimerCount()).toBe(1);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await b.wait(abort.signal); // already aborted: resolves without a timer
    expect(vi.getTimerCount()).toBe(0);
  });
});
