// When a source's watches move to the stream reader's thread: watch events at a sustained
// rate (so many a second, so many seconds in a row) or a list that says many pods are
// coming. A quiet source, or a single burst, stays on the main thread. Watches under way
// are told only once the thread is up.
import { describe, expect, it } from 'vitest';
import { READER_THREAD_BUSY_WINDOWS, READER_THREAD_FROM_EVENTS, READER_THREAD_FROM_PODS, READER_THREAD_WINDOW_MS, ReaderThreadSwitch } from '../../src/sources/reader-thread-switch.js';

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
  /** `count` events spread evenly over `ms`. */
  const events = (count: number, ms: number) => {
    for (let i = 0; i < count; i++) {
      thread.eventRead();
      now += ms / count;
    }
  };
  return {
    thread,
    events,
    starts: () => starts,
    moved: () => moved,
    threadUp: async () => {
      start(startsAs);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const busySeconds = (s: ReturnType<typeof switchOnTestClock>, seconds: number) => s.events(seconds * READER_THREAD_FROM_EVENTS, seconds * READER_THREAD_WINDOW_MS);

describe('the reader thread switch', () => {
  it('moves once events have come at the rate for seconds in a row, and only once the thread is up', async () => {
    const s = switchOnTestClock(true);
    busySeconds(s, READER_THREAD_BUSY_WINDOWS - 1);
    expect(s.thread.offThread).toBe(false);
    s.events(READER_THREAD_FROM_EVENTS - 1, READER_THREAD_WINDOW_MS / 2);
    expect(s.thread.offThread).toBe(false);
    expect(s.starts()).toBe(0);
    s.events(1, 0);
    // New watches go there at once; those under way wait for the thread.
    expect(s.thread.offThread).toBe(true);
    expect(s.starts()).toBe(1);
    expect(s.moved()).toBe(0);
    await s.threadUp();
    expect(s.moved()).toBe(1);
    busySeconds(s, 3 * READER_THREAD_BUSY_WINDOWS);
    expect(s.starts()).toBe(1);
    expect(s.moved()).toBe(1);
  });

  it('stays for a single burst, however large', () => {
    const s = switchOnTestClock(true);
    s.events(50 * READER_THREAD_FROM_EVENTS, READER_THREAD_WINDOW_MS / 2);
    s.events(1, 10 * READER_THREAD_WINDOW_MS); // the burst is over
    s.events(READER_THREAD_FROM_EVENTS, READER_THREAD_WINDOW_MS); // and another, later
    expect(s.thread.offThread).toBe(false);
  });

  it('stays while events come just slower than the rate, or busy seconds are broken by a quiet one', () => {
    const s = switchOnTestClock(true);
    // The rate's events spread 1 ms wider each: never that many within a window.
    const gap = READER_THREAD_WINDOW_MS / (READER_THREAD_FROM_EVENTS - 1) + 1;
    s.events(10 * READER_THREAD_FROM_EVENTS, 10 * READER_THREAD_FROM_EVENTS * gap);
    expect(s.thread.offThread).toBe(false);
    for (let i = 0; i < 5; i++) {
      busySeconds(s, READER_THREAD_BUSY_WINDOWS - 1);
      s.events(1, 2 * READER_THREAD_WINDOW_MS); // a quiet spell
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
