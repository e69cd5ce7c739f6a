// Reconnect delays for every source: doubling from initialMs up to maxMs, each delay
// shortened by a random share (jitter) so that the podlifes of a whole team, cut off by
// the same apiserver or dockerd restart, do not all come back in the same instant.
// Jitter only ever shortens a delay: the longest wait stays maxMs.

export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  /** Share of each delay that is random, 0..1: a delay lies in [nominal × (1 − jitter), nominal]. */
  jitter?: number;
}

export interface BackoffDeps {
  /** 0 ≤ x < 1; Math.random by default (tests pass their own). */
  random?: () => number;
  /** Timers; the global ones by default (tests pass a fake clock's). */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

export const DEFAULT_JITTER = 0.5;

export class Backoff {
  private nominalMs: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly settings: BackoffSettings,
    deps: BackoffDeps = {},
  ) {
    this.nominalMs = settings.initialMs;
    this.jitter = Math.min(1, Math.max(0, settings.jitter ?? DEFAULT_JITTER));
    this.random = deps.random ?? Math.random;
    this.setTimer = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimeout ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** The delay before the next retry; the one after it is twice as long (up to maxMs). */
  next(): number {
    const nominal = this.nominalMs;
    this.nominalMs = Math.min(nominal * 2, this.settings.maxMs);
    return Math.round(nominal * (1 - this.jitter * this.random()));
  }

  /** After a success: the next failure waits initialMs again. */
  reset(): void {
    this.nominalMs = this.settings.initialMs;
  }

  /** Waits next() ms; resolves early (at once if already aborted) when the signal aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    const ms = this.next();
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        this.clearTimer(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.setTimer(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
