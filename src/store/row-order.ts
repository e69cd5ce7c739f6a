// The order rows are shown in: by context, namespace, group, then as the pod runs them.
import type { ContainerRow } from '../lifecycle/types.js';

export function compareRows(a: ContainerRow, b: ContainerRow): number {
  return (
    cmp(a.context, b.context) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.group, b.group) ||
    cmp(a.groupKey, b.groupKey) ||
    a.order - b.order ||
    cmp(a.name, b.name)
  );
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
