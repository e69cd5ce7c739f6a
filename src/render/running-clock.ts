// Rows whose cells count time by themselves (`postStart 3.2s…`, `not ready 12s`, `unhealthy
// 42s`, a startup probe's count estimated from time): the screen must tick while one is
// on it, as it does for a grace bar, even when nothing else changes.
import type { ContainerRow } from '../lifecycle/types.js';
import { startMovesWithTime } from '../lifecycle/kubernetes-start.js';

export function showsRunningClock(row: ContainerRow): boolean {
  return startMovesWithTime(row) || (row.health === 'unhealthy' && row.healthSince !== undefined);
}
