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
