// The `/` filter: every word must appear in the row's pod, container, state, reason or namespace.
import type { ContainerRow } from '../lifecycle/types.js';

export function filterRows(rows: readonly ContainerRow[], query: string): readonly ContainerRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = `${row.namespace} ${row.group} ${row.name} ${row.state} ${row.reason ?? ''} ${row.context}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
