// Starts queued jobs one at a time, at least `spacingMs` apart, the first once the
// current turn of the event loop is over. For work that may come in a crowd and can
// wait a little: a drain's or a rollout's stops arrive together, and whatever each one
// starts (a connection, a TLS handshake) must not hold up the watch records and the
// frame that show those stops.
export class SpacedStarts {
  private readonly waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastStartAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly spacingMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  add(job: () => void): void {
    this.waiting.push(job);
    this.arm();
  }

  /** Drops the jobs not started yet. */
  clear(): void {
    this.waiting.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer || this.waiting.length === 0) return;
    const wait = Math.max(0, this.lastStartAt + this.spacingMs - this.clock());
    this.timer = setTimeout(() => this.startNext(), wait);
    // Waiting jobs never keep the process alive (a closed session has nothing to start).
    this.timer.unref();
  }

  private startNext(): void {
    this.timer = undefined;
    const job = this.waiting.shift();
    if (!job) return;
    this.lastStartAt = this.clock();
    this.arm();
    job();
  }
}
