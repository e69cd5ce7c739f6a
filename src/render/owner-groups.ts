// Rows grouped by their owner (the o key): a Deployment's pods together, then a Job's,
// then pods with no owner, each group in the table's own order. Docker rows keep theirs.
import { ownerName } from '../lifecycle/kubernetes-cause.js';
import type { ContainerRow } from '../lifecycle/types.js';

export function groupByOwner(rows: readonly ContainerRow[]): ContainerRow[] {
  // Namespaces in the table's order: `NAMESPACE/` as the apiserver's keys sort them (row-order.ts).
  const key = (row: ContainerRow) => `${row.context}\u0000${row.namespace}/\u0000${row.owner ? ownerName(row.owner) : '\uffff'}`;
  return rows
    .map((row, index) => ({ row, index, key: key(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((entry) => entry.row);
}
