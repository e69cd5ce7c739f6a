// The throttle Ink spaces its frames and terminal writes with, handed to Ink in place of
// es-toolkit's (cli/ink-module-swaps.ts). Both keep the same contract: a call is made at
// once when none was made within the wait, else it is held and made with the latest
// arguments once the wait is over; never two calls within a wait. es-toolkit's also sets a
// timer after every call made at once, to look at the end of the wait for calls that came
// meanwhile. Ink calls its two throttles once per frame, so each frame left two timers
// behind (the wait of Ink's frame rate, and a 0 ms one for its writes) that woke the
// process for nothing: under churn, two of the main thread's ~4 wake-ups a frame. This
// one sets a timer only for a call it holds back.

export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  /** Drops a held call. */
  cancel(): void;
  /** Makes a held call now. */
  flush(): void;
}

/** Ink's only use: leading and trailing calls (the options it passes say so, and are the only ones honoured). */
export function throttle<A extends unknown[]>(fn: (...args: A) => unknown, waitMs = 0): Throttled<A> {
  let lastCallAt = Number.NEGATIVE_INFINITY;
  let held: A | undefined;
  let timer: NodeJS.Timeout | undefined;

  const call = (args: A) => {
    held = undefined;
    lastCallAt = Date.now();
    fn(...args);
  };
  const callHeld = () => {
    timer = undefined;
    if (held) call(held);
  };

  const throttled = (...args: A) => {
    const since = Date.now() - lastCallAt;
    if (timer === undefined && since >= waitMs) return void call(args);
    held = args;
    timer ??= setTimeout(callHeld, Math.max(0, waitMs - since));
  };
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    held = undefined;
  };
  throttled.flush = () => {
    clearTimeout(timer);
    callHeld();
  };
  return throttled;
}
