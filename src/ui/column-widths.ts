// How wide each column's content is on the rows on screen. The store replaces a row when
// it changes and never edits one, so a row's cells are measured once per row object;
// only AGE, which moves with the clock, is measured on every frame.
import type { ContainerRow } from '../lifecycle/types.js';
import { cellText, type Column, type ColumnId } from '../render/row-cells.js';
import { cellWidth } from '../render/widths.js';

const measured = new WeakMap<ContainerRow, Map<ColumnId, number>>();

function widthOf(row: ContainerRow, id: ColumnId, now: number): number {
  if (id === 'age') return cellWidth(cellText(row, id, now));
  let cells = measured.get(row);
  if (!cells) measured.set(row, (cells = new Map()));
  let width = cells.get(id);
  if (width === undefined) cells.set(id, (width = cellWidth(cellText(row, id, now))));
  return width;
}

/** Each column's widest cell among `rows`, in the order of `columns`. */
export function contentWidths(rows: readonly ContainerRow[], columns: readonly Column[], now: number): number[] {
  return columns.map((c) => rows.reduce((w, row) => Math.max(w, widthOf(row, c.id, now)), 0));
}
