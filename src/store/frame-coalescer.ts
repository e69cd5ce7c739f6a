// Turns any number of change requests into at most one callback per frame: the first
// request after a quiet period fires at once (low latency), later ones wait for the frame.
export class FrameCoalescer {
  private timer: NodeJS.Timeout | undefined;
  private lastFiredAt = -Infinity;

  constructor(
    private readonly frameMs: number,
    private readonly fire: () => void,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFiredAt + this.frameMs - performance.now());
    // setImmediate-like 0 ms still batches everything a single I/O callback changes.
    this.timer = setTimeout(() => this.flushNow(), wait);
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFiredAt = performance.now();
    this.fire();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
