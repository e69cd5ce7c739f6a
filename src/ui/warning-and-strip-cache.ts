// The warning mark and timeline strip of each row on screen, remembered between frames:
// on a busy cluster frames come ~15 times a second while a given pod changes rarely. A
// pod's warnings are worked out once for all its rows, and each row's strip once, again
// only when the pod's rows, transitions or events changed (the store's group stamp), the
// width changed, or the second turned (strips speak of running durations, and so do the
// warnings of a pod being stopped; a pod none of whose containers is stopping has the same
// warnings at any moment: lifecycle/warnings.ts reads the time only through a termination).
// When only the second turned, a container not being stopped keeps its timeline, the
// lengths of its segments still going moved on (timelineAsOf), and only its strip is made.
import type { LifecycleWarning } from '../lifecycle/warnings.js';
import { lastStopText } from '../render/last-stop-text.js';
import { drainHoldText } from '../render/drain-hold-text.js';
import { timelineAsOf, type TimelineSegment } from '../lifecycle/timeline.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { BoundedMap } from '../render/bounded-map.js';
import { timelineStrip } from '../render/timeline-text.js';
import { timelineFor, warningsForGroup } from '../store/warnings-and-timelines.js';
import type { Store } from '../store/store.js';

/** Pods whose warnings are remembered: far more than a screen shows. */
const PODS_REMEMBERED = 1024;

interface Stamped {
  second: number;
  stamp: number;
}

/** A row's timeline, with the watch start it was built with. */
interface Timeline {
  segments: TimelineSegment[];
  watchStartedAt: number;
}

export interface RowWarningAndStrip {
  /** The first lifecycle warning's message, if any. */
  warning?: string;
  strip: string;
}

/** A restarted container's last stop leads its strip: how the kill went, then the timeline. */
function withLastStop(row: ContainerRow, strip: string): string {
  if (!row.lastStop) return strip;
  const stop = lastStopText(row.lastStop);
  return strip ? `${stop} · ${strip}` : stop;
}

/** A drain held on the row's pod (or its eviction refused) leads the strip. */
function withDrain(row: ContainerRow, strip: string): string {
  const drain = drainHoldText(row);
  return drain ? (strip ? `${drain} · ${strip}` : drain) : strip;
}

export class WarningAndStripCache {
  private readonly strips = new WeakMap<ContainerRow, Stamped & { width: number; value: RowWarningAndStrip; timeline?: Timeline }>();
  private readonly warnings = new BoundedMap<string, Stamped & { warnings: LifecycleWarning[]; timeless: boolean }>(PODS_REMEMBERED);
  /** How many times a pod's warnings were worked out (tests read it). */
  warningsComputed = 0;
  /** How many times a row's timeline was built from the store (tests read it). */
  timelinesBuilt = 0;

  constructor(
    private readonly store: Store,
    private readonly watchStartedAt: () => number,
  ) {}

  get(row: ContainerRow, width: number): RowWarningAndStrip {
    const now = this.store.clock();
    const second = Math.floor(now / 1000);
    const stamp = this.store.groupStamp(row.groupKey);
    const cached = this.strips.get(row);
    if (cached && cached.second === second && cached.stamp === stamp && cached.width === width) return cached.value;
    // A stopping container shows its grace bar, not a strip.
    const timeline = row.termination ? undefined : this.timeline(row, now, cached?.stamp === stamp ? cached.timeline : undefined);
    const value: RowWarningAndStrip = {
      warning: this.podWarnings(row.groupKey, second, stamp).find((w) => w.container === row.name)?.message,
      strip: timeline ? withDrain(row, withLastStop(row, timelineStrip(timeline.segments, width))) : '',
    };
    this.strips.set(row, { second, stamp, width, value, ...(timeline ? { timeline } : {}) });
    return value;
  }

  /** The row's timeline now: the one built before moved on, if its pod and the watch's start are the same. */
  private timeline(row: ContainerRow, now: number, before: Timeline | undefined): Timeline {
    const watchStartedAt = this.watchStartedAt();
    if (before && before.watchStartedAt === watchStartedAt) return { segments: timelineAsOf(before.segments, now), watchStartedAt };
    this.timelinesBuilt++;
    return { segments: timelineFor(this.store, row, watchStartedAt), watchStartedAt };
  }

  private podWarnings(groupKey: string, second: number, stamp: number): LifecycleWarning[] {
    const cached = this.warnings.get(groupKey);
    if (cached && cached.stamp === stamp && (cached.second === second || cached.timeless)) return cached.warnings;
    this.warningsComputed++;
    // The pod's rows once, for both: groupRows copies and sorts them.
    const rows = this.store.groupRows(groupKey);
    const warnings = warningsForGroup(this.store, groupKey, rows);
    const timeless = rows.every((row) => !row.termination);
    this.warnings.set(groupKey, { second, stamp, warnings, timeless });
    return warnings;
  }
}
