// How long the dashboard waits between frames. Each Ink frame lays out and redraws the
// whole screen, whatever changed; under heavy churn a frame every 33 ms would take more
// CPU than a dashboard should (a core, beside the cluster tools people run with it). The
// pacer watches the process's CPU share, averaged over the last two seconds or so: above
// the budget the interval doubles, under half of it the interval halves, between 33 ms
// and 200 ms. The average lets a burst (a drain's first seconds) be drawn at full rate
// while a flood that lasts is drawn at 5 frames a second; after a quiet spell the first
// change is drawn at once (the coalescer's leading edge). While a container on screen is stopping
// the store caps the wait at LIVE_BAR_MAX_FRAME_MS: 200 ms would leave 50 ms of the live
// bar's 250 ms bound for drawing, less than a frame takes on a loaded machine.
// A list (the start's, a relist, another context's) costs CPU that says nothing of the
// churn after it: once it is in, the pacer starts afresh (restart), or a start on 5,000
// pods held frames 200 ms apart for the first five seconds of churn.

export const MIN_FRAME_MS = 33;
export const MAX_FRAME_MS = 200;
/** The most a change waits for its frame while a grace bar runs. */
export const LIVE_BAR_MAX_FRAME_MS = 100;
/**
 * The most a due frame is held while watch data read on the main thread is still coming
 * (sources/watch-arrivals.ts): a burst is read while the thread is idle, then drawn.
 */
export const HOLD_FRAME_MAX_MS = 60;
/** The share of one core the process may use before frames are spaced out. */
export const CPU_BUDGET = 0.3;
/** Time constant of the CPU share's moving average. */
export const AVERAGE_OVER_MS = 2000;

type CpuUsage = { user: number; system: number };

export class FramePacer {
  private intervalMs = MIN_FRAME_MS;
  private averageShare = 0;
  private since: { cpu: CpuUsage; at: number };

  constructor(
    private readonly budget = CPU_BUDGET,
    private readonly cpu: () => CpuUsage = () => process.cpuUsage(),
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.since = { cpu: this.cpu(), at: this.clock() };
  }

  /** Forgets the CPU spent so far: frames at 33 ms again, judged from now on. */
  restart(): void {
    this.intervalMs = MIN_FRAME_MS;
    this.averageShare = 0;
    this.since = { cpu: this.cpu(), at: this.clock() };
  }

  /** Called as a frame is drawn: the least wait before the next one. */
  next(): number {
    const at = this.clock();
    const wall = at - this.since.at;
    if (wall < MIN_FRAME_MS) return this.intervalMs; // too short a span to judge
    const cpu = this.cpu();
    const usedMs = (cpu.user - this.since.cpu.user + cpu.system - this.since.cpu.system) / 1000;
    this.averageShare += (usedMs / wall - this.averageShare) * (1 - Math.exp(-wall / AVERAGE_OVER_MS));
    if (this.averageShare > this.budget) this.intervalMs = Math.min(MAX_FRAME_MS, this.intervalMs * 2);
    else if (this.averageShare < this.budget / 2) this.intervalMs = Math.max(MIN_FRAME_MS, this.intervalMs / 2);
    this.since = { cpu, at };
    return this.intervalMs;
  }
}
