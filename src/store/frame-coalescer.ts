// Turns any number of change requests into at most one callback per frame: the first
// request after a quiet period fires at once (low latency), later ones wait for the frame.
// Either way the callback runs from setImmediate, after the event loop's poll phase: every
// watch chunk already on a socket is read and applied first, so a burst (a drain, a
// rollout) reaches the screen as one frame instead of being drawn line by line.
export class FrameCoalescer {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastFiredAt = -Infinity;
  private gapMs: number;

  /** frameMs: the least time between callbacks, or a function asked after each (a FramePacer). */
  constructor(
    private readonly frameMs: number | (() => number),
    private readonly fire: () => void,
  ) {
    this.gapMs = typeof frameMs === 'number' ? frameMs : 0;
  }

  request(): void {
    if (this.timer || this.immediate) return;
    const wait = this.lastFiredAt + this.gapMs - performance.now();
    if (wait <= 0) this.afterPendingInput();
    else this.timer = setTimeout(() => {
      this.timer = undefined;
      this.afterPendingInput();
    }, wait);
  }

  flushNow(): void {
    this.cancel();
    this.lastFiredAt = performance.now();
    this.fire();
    if (typeof this.frameMs === 'function') this.gapMs = this.frameMs();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private afterPendingInput(): void {
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.flushNow();
    });
  }
}
