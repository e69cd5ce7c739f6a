// Timelines and lifecycle warnings from what the store holds: the rows of a pod, the
// transitions podlife observed and the pod's Events. Read-only; the UI and the
// `podlife timeline` command both use it.
import { buildTimeline, type TimelineSegment } from '../lifecycle/timeline.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { lifecycleWarnings, type LifecycleWarning } from '../lifecycle/warnings.js';
import type { Store } from './store.js';

export function timelineFor(store: Store, row: ContainerRow, watchStartedAt?: number): TimelineSegment[] {
  return buildTimeline({ row, transitions: store.transitions(row.key), events: store.eventsFor(row.groupKey), now: store.clock(), watchStartedAt });
}

export function warningsForGroup(store: Store, groupKey: string, rows: readonly ContainerRow[] = store.groupRows(groupKey)): LifecycleWarning[] {
  return lifecycleWarnings({ rows, events: store.eventsFor(groupKey), transitions: (key) => store.transitions(key), now: store.clock() });
}

/** Warnings of every group among `rows`, keyed by row key (a warning names its container). */
export function warningsByRow(store: Store, rows: readonly ContainerRow[]): Map<string, LifecycleWarning[]> {
  const byRow = new Map<string, LifecycleWarning[]>();
  const groups = new Map<string, ContainerRow[]>();
  for (const row of rows) groups.set(row.groupKey, [...(groups.get(row.groupKey) ?? []), row]);
  for (const [groupKey, groupRows] of groups) {
    for (const warning of warningsForGroup(store, groupKey)) {
      const row = groupRows.find((r) => r.name === warning.container);
      if (row) byRow.set(row.key, [...(byRow.get(row.key) ?? []), warning]);
    }
  }
  return byRow;
}
