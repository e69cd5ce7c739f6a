// The settings file's `columns:`: which table columns to show and in what order. It only
// picks from columnsFor's list, so a column still shows only where it applies (CONTEXT
// with several contexts, NAMESPACE with -A, OWNER when grouped, CAUSE while a pod stops)
// and fitColumns still drops the optional ones on a narrow terminal.
import type { Column, ColumnId } from './row-cells.js';

const EVERY_COLUMN = {
  context: true,
  namespace: true,
  owner: true,
  group: true,
  name: true,
  kind: true,
  state: true,
  reason: true,
  cause: true,
  exit: true,
  restarts: true,
  age: true,
  hooks: true,
} satisfies Record<ColumnId, true>;

/** Every column id, in the table's default order. */
export const COLUMN_IDS = Object.keys(EVERY_COLUMN) as ColumnId[];

/** The columns `chosen` names, in its order; all of them, as they come, without a choice. */
export function chooseColumns(columns: readonly Column[], chosen: readonly ColumnId[] | undefined): Column[] {
  if (!chosen) return [...columns];
  return chosen.flatMap((id) => columns.filter((c) => c.id === id));
}
