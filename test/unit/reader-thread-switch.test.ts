// When a source's watches move to the stream reader's thread: a burst of watch events
// (so many within a second) or a list that says many pods are coming; a quiet source
// stays on the main thread. Watches under way are told only once the thread is up.
import { describe, expect, it } from 'vitest';
import { READER_THREAD_FROM_EVENTS, READER_THREAD_FROM_PODS, READER_THREAD_WINDOW_MS, ReaderThreadSwitch } from '../../src/sources/reader-thread-switch.js';

/** A switch on a clock the test moves, whose thread starts when the test says. */
function switchOnTestClock(startsAs: boolean) {
  let now = 0;
  let starts = 0;
  let start!: (started: boolean) => void;
  const thread = new ReaderThreadSwitch(
    () => {
      starts++;
      return new Promise<boolean>((resolve) => (start = resolve));
    },
    () => now,
  );
  let moved = 0;
  thread.onMoved(() => moved++);
  return {
    thread,
    advance: (ms: number) => (now += ms),
    starts: () => starts,
    moved: () => moved,
    threadUp: async () => {
      start(startsAs);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('the reader thread switch', () => {
  it('moves on a burst of events within the window, and only once the thread is up', async () => {
    const s = switchOnTestClock(true);
    for (let i = 1; i < READER_THREAD_FROM_EVENTS; i++) s.thread.eventRead();
    expect(s.thread.offThread).toBe(false);
    expect(s.starts()).toBe(0);
    s.thread.eventRead();
    // New watches go there at once; those under way wait for the thread.
    expect(s.thread.offThread).toBe(true);
    expect(s.starts()).toBe(1);
    expect(s.moved()).toBe(0);
    await s.threadUp();
    expect(s.moved()).toBe(1);
    for (let i = 0; i < 3 * READER_THREAD_FROM_EVENTS; i++) s.thread.eventRead();
    expect(s.starts()).toBe(1);
    expect(s.moved()).toBe(1);
  });

  it('stays on the main thread while events come slower than that', () => {
    const s = switchOnTestClock(true);
    // The bound spread just wider than the window: never that many within one.
    const gap = READER_THREAD_WINDOW_MS / (READER_THREAD_FROM_EVENTS - 1) + 1;
    for (let i = 0; i < 10 * READER_THREAD_FROM_EVENTS; i++) {
      s.thread.eventRead();
      s.advance(gap);
    }
    expect(s.thread.offThread).toBe(false);
    expect(s.starts()).toBe(0);
  });

  it('moves when a list says as many pods are coming as the bound', async () => {
    const s = switchOnTestClock(true);
    s.thread.podsExpected(READER_THREAD_FROM_PODS - 1);
    expect(s.thread.offThread).toBe(false);
    s.thread.podsExpected(READER_THREAD_FROM_PODS);
    expect(s.thread.offThread).toBe(true);
    await s.threadUp();
    expect(s.moved()).toBe(1);
  });

  it('leaves watches under way where they are when the thread cannot start', async () => {
    const s = switchOnTestClock(false);
    s.thread.podsExpected(READER_THREAD_FROM_PODS);
    await s.threadUp();
    expect(s.moved()).toBe(0);
  });
});
