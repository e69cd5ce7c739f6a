// A 1 Hz clock that runs only while `active`: a grace bar moves, an idle screen never redraws.
import { useEffect, useState } from 'react';

export function useTick(active: boolean, intervalMs = 1000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return tick;
}

/**
 * Redraws once at `at` (epoch ms on `clock`, the store's): a phase that changes with time
 * alone (a known-length preStop ends, KILL falls due) shows when it happens, not at the
 * next 1 Hz tick. The wait is measured when the effect runs, after the frame is written:
 * measured from the render's clock it came 10–30 ms late, more on a loaded machine.
 */
export function useRedrawAt(at: number | undefined, clock: () => number): void {
  const [, setFired] = useState(0);
  useEffect(() => {
    if (at === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    // A timer can fire a little early by the clock (the event loop's time is taken when an
    // iteration begins): it waits again for what is left, or the change would not be drawn.
    const wait = () => {
      const left = at - clock();
      if (left < 0) setFired((n) => n + 1);
      else timer = setTimeout(wait, left + 1);
    };
    wait();
    return () => clearTimeout(timer);
  }, [at, clock]);
}
