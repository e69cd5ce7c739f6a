// Jobs that come in a crowd start one at a time, spaced, never in the turn that queued
// them; a lone job after a quiet spell waits for nothing but the end of that turn.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SpacedStarts } from '../../src/sources/spaced-starts.js';

describe('spaced starts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const spaced = () => new SpacedStarts(25, () => Date.now());

  it('starts a crowd one at a time, 25 ms apart, the first after the current turn', async () => {
    const starts = spaced();
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) starts.add(() => started.push(name));
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(24);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(25);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('keeps the spacing for a job added soon after, not for one after a quiet spell', async () => {
    const starts = spaced();
    const started: number[] = [];
    const t0 = Date.now();
    starts.add(() => started.push(Date.now() - t0));
    await vi.advanceTimersByTimeAsync(10);
    starts.add(() => started.push(Date.now() - t0));
    await vi.advanceTimersByTimeAsync(100);
    starts.add(() => started.push(Date.now() - t0));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 25, 110]);
  });

  it('drops the jobs waiting when cleared', async () => {
    const starts = spaced();
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) starts.add(() => started.push(name));
    await vi.advanceTimersByTimeAsync(0);
    starts.clear();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual(['a']);
  });
});
