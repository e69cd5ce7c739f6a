// The warning mark and timeline strip of each row on screen, remembered between frames:
// on a busy cluster frames come ~15 times a second while a given row changes rarely, so
// they are worked out again only when the row, its pod's other rows or events, the
// width, or the second (strips show running durations) changed.
import { timelineStrip } from '../render/timeline-text.js';
import { lastStopText } from '../render/last-stop-text.js';
import { drainHoldText } from '../render/drain-hold-text.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { timelineFor, warningsForGroup } from '../store/warnings-and-timelines.js';
import type { Store } from '../store/store.js';

interface Entry {
  second: number;
  width: number;
  events: number;
  transitions: number;
  siblings: readonly ContainerRow[];
  value: RowWarningAndStrip;
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
  private readonly entries = new WeakMap<ContainerRow, Entry>();

  constructor(
    private readonly store: Store,
    private readonly watchStartedAt: () => number,
  ) {}

  get(row: ContainerRow, width: number): RowWarningAndStrip {
    const second = Math.floor(this.store.clock() / 1000);
    const siblings = this.store.groupRows(row.groupKey);
    const events = this.store.eventsFor(row.groupKey).length;
    const transitions = this.store.transitions(row.key).length;
    const cached = this.entries.get(row);
    if (
      cached &&
      cached.second === second &&
      cached.width === width &&
      cached.events === events &&
      cached.transitions === transitions &&
      cached.siblings.length === siblings.length &&
      cached.siblings.every((s, i) => s === siblings[i])
    ) {
      return cached.value;
    }
    const value: RowWarningAndStrip = {
      warning: warningsForGroup(this.store, row.groupKey).find((w) => w.container === row.name)?.message,
      strip: row.termination ? '' : withDrain(row, withLastStop(row, timelineStrip(timelineFor(this.store, row, this.watchStartedAt()), width))),
    };
    this.entries.set(row, { second, width, events, transitions, siblings, value });
    return value;
  }
}
