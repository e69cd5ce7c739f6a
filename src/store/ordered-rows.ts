// The rows in display order (row-order.ts), kept up to date change by change instead of
// sorted again for each frame: a row written again keeps its slot, a few rows added or
// removed are placed by binary search, many rows added (a list page) are sorted among
// themselves and merged in (appended, when they all sort after the rows held: the pages
// of a list come in this order), and only many removals (a context dropped) sort
// everything again. Readers take slices, so a frame reads the rows on screen only.
import type { ContainerRow } from '../lifecycle/types.js';
import { compareRows } from './row-order.js';

/** Up to this many adds (removes) since the last read are placed one by one; more are merged in (sorted again). */
const PLACE_ONE_BY_ONE = 64;

export class OrderedRows {
  private ordered: ContainerRow[] = [];
  /** Keys added since the last read, not yet in `ordered`. */
  private readonly added = new Set<string>();
  /** Rows removed since the last read, still in `ordered`. */
  private removed: ContainerRow[] = [];
  /** `ordered` no longer tells anything: rebuild it from all rows at the next read. */
  private stale = false;
  /**
   * Rows the reads passed over: each row sorted, copied, sliced or compared in a search
   * counts once. A counter, not a clock: tests prove with it that a frame's reads grow
   * with the rows on screen, not with the rows held.
   */
  rowsTouched = 0;
  /** Rows compared by the searches under way; a read adds them to rowsTouched, a write drops them. */
  private steps = 0;

  constructor(private readonly current: () => Iterable<ContainerRow>, private readonly byKey: (key: string) => ContainerRow | undefined) {}

  add(row: ContainerRow): void {
    this.added.add(row.key);
    this.tooManyChanges();
  }

  remove(row: ContainerRow): void {
    if (this.added.delete(row.key)) return;
    this.removed.push(row);
    this.tooManyChanges();
  }

  /** A row written again under its key: same slot unless its sort fields changed. */
  replace(previous: ContainerRow, row: ContainerRow): void {
    if (this.stale || this.added.has(row.key)) return;
    if (compareRows(previous, row) !== 0) {
      this.remove(previous);
      this.add(row);
      return;
    }
    const at = this.find(previous);
    this.steps = 0; // a write's cost is the change's, not a frame's
    if (at >= 0) this.ordered[at] = row;
    else this.stale = true; // not where its order says: never expected, but never wrong either
  }

  size(): number {
    this.settle();
    this.rowsTouched += this.takeSteps();
    return this.ordered.length;
  }

  /** Rows `from` (inclusive) to `to` (exclusive) in display order. */
  slice(from: number, to: number): ContainerRow[] {
    this.settle();
    const rows = this.ordered.slice(from, to);
    this.rowsTouched += rows.length + this.takeSteps();
    return rows;
  }

  /** A copy of every row in display order. */
  all(): ContainerRow[] {
    return this.slice(0, Infinity);
  }

  /** The row's position in display order, or -1. */
  indexOfKey(key: string): number {
    const row = this.byKey(key);
    if (!row) return -1;
    this.settle();
    const at = this.find(row);
    this.rowsTouched += this.takeSteps();
    return at;
  }

  private takeSteps(): number {
    const steps = this.steps;
    this.steps = 0;
    return steps;
  }

  private tooManyChanges(): void {
    if (this.removed.length > PLACE_ONE_BY_ONE) this.stale = true;
  }

  private settle(): void {
    if (this.stale) {
      this.ordered = [...this.current()].sort(compareRows);
      this.rowsTouched += this.ordered.length;
    } else {
      for (const row of this.removed) {
        const at = this.find(row);
        if (at >= 0) this.ordered.splice(at, 1);
      }
      if (this.added.size > PLACE_ONE_BY_ONE) this.mergeAdded();
      else {
        for (const key of this.added) {
          const row = this.byKey(key);
          if (row) this.ordered.splice(this.upperBound(row), 0, row);
        }
      }
    }
    this.stale = false;
    this.added.clear();
    this.removed = [];
  }

  /** The added rows, sorted, merged into `ordered`; after the rows they sort equal to, as upperBound places one. */
  private mergeAdded(): void {
    const added: ContainerRow[] = [];
    for (const key of this.added) {
      const row = this.byKey(key);
      if (row) added.push(row);
    }
    if (added.length === 0) return;
    added.sort(compareRows);
    this.rowsTouched += added.length;
    const held = this.ordered;
    const last = held[held.length - 1];
    if (last === undefined || compareRows(last, added[0]!) <= 0) {
      for (const row of added) held.push(row);
      return;
    }
    const merged: ContainerRow[] = new Array(held.length + added.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) {
      merged[k] = j >= added.length || (i < held.length && compareRows(held[i]!, added[j]!) <= 0) ? held[i++]! : added[j++]!;
    }
    this.rowsTouched += held.length;
    this.ordered = merged;
  }

  /** Where `row`'s key sits in `ordered` (among rows that sort equal, by key), or -1. */
  private find(row: ContainerRow): number {
    for (let i = this.lowerBound(row); i < this.ordered.length; i++) {
      this.steps++;
      const other = this.ordered[i]!;
      if (other.key === row.key) return i;
      if (compareRows(other, row) !== 0) break;
    }
    return -1;
  }

  /** First index whose row does not sort before `row`. */
  private lowerBound(row: ContainerRow): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.steps++;
      if (compareRows(this.ordered[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose row sorts after `row`: a new row goes after those equal to it, as a stable sort of insertion order puts it. */
  private upperBound(row: ContainerRow): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.steps++;
      if (compareRows(this.ordered[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
