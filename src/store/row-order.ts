// The order rows are shown in: by context, namespace, group, then as the pod runs them.
// Namespace then pod is the order of the apiserver's keys (`…/pods/NAMESPACE/NAME`), the
// order a list's pages come in: a page's rows go below the rows already on screen.
import type { ContainerRow } from '../lifecycle/types.js';

export function compareRows(a: ContainerRow, b: ContainerRow): number {
  return (
    cmp(a.context, b.context) ||
    compareNamespaces(a.namespace, b.namespace) ||
    cmp(a.group, b.group) ||
    cmp(a.groupKey, b.groupKey) ||
    a.order - b.order ||
    cmp(a.name, b.name)
  );
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const SLASH = 0x2f;

/** As `x + '/'` against `y + '/'`: namespace `app-b` comes before `app` ('-' < '/'), as in the apiserver's keys. */
export function compareNamespaces(x: string, y: string): number {
  if (x === y) return 0;
  // One a prefix of the other: the shorter one's '/' against the longer one's next character.
  if (y.startsWith(x)) return y.charCodeAt(x.length) < SLASH ? 1 : -1;
  if (x.startsWith(y)) return x.charCodeAt(y.length) < SLASH ? -1 : 1;
  return x < y ? -1 : 1;
}
