// The rows the table can scroll through, read a screenful at a time. Without a filter or
// grouping they are the store's own order, read in slices: a frame costs the rows on
// screen, however many the cluster has. A filter or the owner grouping needs every row
// looked at, so that view is built once per store version from all rows.
import type { ContainerRow } from '../lifecycle/types.js';
import { groupByOwner } from '../render/owner-groups.js';
import type { Store } from '../store/store.js';
import { filterRows } from './row-filter.js';

export interface RowsInView {
  readonly length: number;
  /** Rows `from` to `to` (exclusive). */
  slice(from: number, to: number): readonly ContainerRow[];
  /** The index of the row with this key, or -1. */
  indexOfKey(key: string): number;
}

export function rowsInView(store: Store, filter: string, grouped: boolean): RowsInView {
  if (filter.trim() === '' && !grouped) {
    return { length: store.rowCount(), slice: (from, to) => store.rowsBetween(from, to), indexOfKey: (key) => store.indexOfKey(key) };
  }
  const rows = grouped ? groupByOwner(filterRows(store.allRows(), filter)) : filterRows(store.allRows(), filter);
  return { length: rows.length, slice: (from, to) => rows.slice(from, to), indexOfKey: (key) => rows.findIndex((r) => r.key === key) };
}
