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
 * Redraws once at `at` (epoch ms on the store's clock): a phase that changes with time
 * alone (a known-length preStop ends, KILL falls due) shows when it happens, not at the
 * next 1 Hz tick.
 */
export function useRedrawAt(at: number | undefined, now: number): void {
  const [, setFired] = useState(0);
  useEffect(() => {
    if (at === undefined) return;
    const timer = setTimeout(() => setFired((n) => n + 1), Math.max(0, at - now) + 5);
    return () => clearTimeout(timer);
  }, [at, now]);
}
