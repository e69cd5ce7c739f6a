// A Docker health status with how long it has held, for the REASON cell: "unhealthy 42s",
// or "unhealthy >5m" when the engine's log no longer reaches back to the check that turned it.
import type { ContainerRow } from '../lifecycle/types.js';
import { formatAge } from './format.js';

/** The REASON text of an unhealthy Docker row; undefined for every other row. */
export function unhealthyText(row: ContainerRow, now: number): string | undefined {
  if (row.source !== 'docker' || row.health !== 'unhealthy' || row.state !== 'Running' || row.paused) return undefined;
  if (row.healthSince === undefined) return 'unhealthy';
  return `unhealthy ${row.healthSinceAtLeast ? '>' : ''}${formatAge(Math.max(0, now - row.healthSince))}`;
}
