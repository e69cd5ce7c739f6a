// Turns any number of change requests into at most one callback per frame: the first
// request after a quiet period fires at once (low latency), later ones wait for the frame.
// A cap, asked at each request, can shorten the wait (a grace bar on screen must not wait
// for a frame spaced out for churn).
// Either way the callback runs from setImmediate, after the event loop's poll phase: every
// watch chunk already on a socket is read and applied first, so a burst (a drain, a
// rollout) reaches the screen as one frame instead of being drawn line by line.
// A hold, when given, keeps a due frame back while input is still coming (a burst read on
// this thread: its lines are stamped as read, so not while a frame is drawn), up to maxMs.
/**
 * A frame due within this long is drawn at once: a timer that short costs the thread a
 * wake-up more than the frame gains by waiting (the stream reader hands a watch's chunks on
 * just before the frame, stream-worker.ts, and the frame follows in the same wake-up).
 */
export const DRAW_EARLY_MS = 3;

/** How much longer input is still coming (0: it paused), and the most a frame is held for it. */
export interface FrameHold {
  stillComingMs: () => number;
  maxMs: number;
}

export class FrameCoalescer {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastFiredAt = -Infinity;
  private gapMs: number;
  /** When the pending timer fires (performance.now()). */
  private dueAt = Infinity;
  private holdTimer: NodeJS.Timeout | undefined;
  /** When the frame now held back was first due (performance.now()). */
  private heldSince: number | undefined;

  /**
   * frameMs: the least time between callbacks, or a function asked after each (a FramePacer);
   * capMs: the most a request may wait, asked at each request;
   * next: after each callback, the soonest the next can come, in ms from now (leastCapMs:
   * the least capMs can say, which a request arriving later may bring in);
   * hold: see FrameHold.
   */
  constructor(
    private readonly frameMs: number | (() => number),
    private readonly fire: () => void,
    private readonly capMs: () => number = () => Infinity,
    private readonly next?: { leastCapMs: number; soonestIn: (ms: number) => void },
    private readonly hold?: FrameHold,
  ) {
    this.gapMs = typeof frameMs === 'number' ? frameMs : 0;
  }

  request(): void {
    if (this.immediate || this.holdTimer) return;
    const due = this.lastFiredAt + Math.min(this.gapMs, this.capMs());
    // Called for every change: with a frame already due by then, nothing more to do.
    if (this.timer && this.dueAt <= due) return;
    const now = performance.now();
    this.cancelTimer();
    if (due - now <= DRAW_EARLY_MS) this.afterPendingInput();
    else {
      this.dueAt = due;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.dueAt = Infinity;
        this.afterPendingInput();
      }, due - now);
    }
  }

  flushNow(): void {
    this.cancel();
    this.lastFiredAt = performance.now();
    this.fire();
    if (typeof this.frameMs === 'function') this.gapMs = this.frameMs();
    this.next?.soonestIn(this.lastFiredAt + Math.min(this.gapMs, this.next.leastCapMs) - performance.now());
  }

  cancel(): void {
    this.cancelTimer();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.heldSince = undefined;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  private afterPendingInput(): void {
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      const wait = this.hold?.stillComingMs() ?? 0;
      const now = performance.now();
      this.heldSince ??= now;
      if (wait > 0 && now + wait - this.heldSince <= this.hold!.maxMs) {
        this.holdTimer = setTimeout(() => {
          this.holdTimer = undefined;
          this.afterPendingInput();
        }, wait);
        return;
      }
      this.flushNow();
    });
  }
}
