// When a source's watches are read on the stream reader's thread (stream-reader.ts).
// There each chunk is stamped as it comes off the socket, however busy the main thread is
// drawing. The thread is a Node environment of its own: one namespace of 500 pods peaked
// at 110.6 MB with it and 98.1 without. A quiet source does not need it (the main thread,
// idle, reads each line as it comes), so watches start on the main thread and move, once
// and for good, when the source is busy for good: a list that says many pods are coming,
// or watch events at a sustained rate. Not on a single burst: the thread's start then fell
// in the middle of it, beside the apiserver's own work on two cores, and of 100 deletes the
// last predicted switch came 122 ms late at most instead of 64 (the bench, 5 runs each).
// A burst read on the main thread holds the screen while it comes (watch-arrivals.ts), so
// its lines are read, and stamped, while the thread is not drawing.

import { streamReader } from './stream-reader.js';

/** A list that says this many pods are coming moves the watches before they start. */
export const READER_THREAD_FROM_PODS = 1_000;
/** A second with this many watch events is busy (READER_THREAD_WINDOW_MS)... */
export const READER_THREAD_FROM_EVENTS = 20;
export const READER_THREAD_WINDOW_MS = 1_000;
/** ...and this many busy seconds in a row move the watches under way. */
export const READER_THREAD_BUSY_WINDOWS = 3;

/** What an informer asks of the choice (kubernetes-informer.ts). */
export interface ReaderThreadChoice {
  /** A watch starting now is read on the reader's thread. */
  readonly offThread: boolean;
  /** Told of each watch event read on the main thread. */
  eventRead(): void;
  /**
   * Called once, when the reader's thread is up: a watch still read on the main thread
   * ends then and resumes there from its last resourceVersion. Returns: stop listening.
   */
  onMoved(listener: () => void): () => void;
}

/** What a source tells the choice besides (kubernetes.ts). */
export interface ReaderThreadPolicy extends ReaderThreadChoice {
  /** The pods in view, or a list's estimate of them. */
  podsExpected(pods: number): void;
}

export class ReaderThreadSwitch implements ReaderThreadPolicy {
  private asked = false;
  private readonly listeners = new Set<() => void>();
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  /** Busy windows in a row before the one under way. */
  private busyBefore = 0;

  constructor(
    /** Starts the thread; true once it reads, false if it cannot start. */
    private readonly startThread: () => Promise<boolean> = startStreamReader,
    private readonly now: () => number = () => performance.now(),
  ) {}

  // Asked is enough for a new watch: its open waits in the thread's queue until it is up,
  // and a thread that cannot start leaves it to the main thread (kubernetes-http.ts).
  get offThread(): boolean {
    return this.asked;
  }

  eventRead(): void {
    if (this.asked) return;
    const now = this.now();
    const since = now - this.windowStart;
    if (since >= READER_THREAD_WINDOW_MS) {
      // The window under way ends; a quiet one (or a whole window without events) breaks the row.
      const busy = this.inWindow >= READER_THREAD_FROM_EVENTS && since < 2 * READER_THREAD_WINDOW_MS;
      this.busyBefore = busy ? this.busyBefore + 1 : 0;
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (++this.inWindow >= READER_THREAD_FROM_EVENTS && this.busyBefore + 1 >= READER_THREAD_BUSY_WINDOWS) this.move();
  }

  podsExpected(pods: number): void {
    if (pods >= READER_THREAD_FROM_PODS) this.move();
  }

  onMoved(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private move(): void {
    if (this.asked) return;
    this.asked = true;
    // Watches under way move only once the thread is up: until then they go on reading here.
    void this.startThread().then((started) => {
      if (!started) return;
      const moving = [...this.listeners];
      this.listeners.clear();
      for (const listener of moving) listener();
    });
  }
}

async function startStreamReader(): Promise<boolean> {
  const reader = streamReader();
  if (!reader) return false;
  return reader.ready.then(
    () => true,
    () => false,
  );
}
