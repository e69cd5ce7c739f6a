// Which pods a drain of their (cordoned) node would be held on: still running, covered
// by a PodDisruptionBudget that allows no disruption now. Nothing on the pod says so;
// only the node's spec.unschedulable and the budget's status do. Pure.
import { holdingBudget } from './disruption-budgets.js';
import type { PodDisruptionBudgetJson } from './kubernetes-json.js';
import type { BudgetNumbers, DrainHold } from './types.js';

export const budgetNumbersText = (b: BudgetNumbers) => `disruptionsAllowed ${b.disruptionsAllowed}, healthy ${b.currentHealthy}/${b.desiredHealthy}`;

/** "drain held by budget web-budget (disruptionsAllowed 0, healthy 2/2): node n1 is cordoned". */
export function drainHoldMessage(hold: DrainHold): string {
  return `drain held by budget ${hold.budget.name} (${budgetNumbersText(hold.budget)}): node ${hold.node} is cordoned`;
}

/** What of a pod decides whether a drain would be held on it (its labels never leave the source). */
export interface PodPlacement {
  namespace: string;
  name: string;
  node?: string;
  labels: Record<string, string>;
  /** Already deleting, or finished: a drain has nothing left to wait for. */
  leaving: boolean;
}

/** namespace/name → the hold, for the pods on cordoned nodes that a budget allowing 0 disruptions covers. */
export function drainHolds(pods: Iterable<PodPlacement>, cordoned: ReadonlySet<string>, budgets: readonly PodDisruptionBudgetJson[]): Map<string, DrainHold> {
  const holds = new Map<string, DrainHold>();
  if (cordoned.size === 0 || budgets.length === 0) return holds;
  for (const pod of pods) {
    if (!pod.node || !cordoned.has(pod.node) || pod.leaving) continue;
    const budget = holdingBudget({ metadata: { namespace: pod.namespace, name: pod.name, labels: pod.labels } }, budgets);
    if (!budget || budget.disruptionsAllowed > 0) continue;
    const { name, disruptionsAllowed, currentHealthy, desiredHealthy } = budget;
    holds.set(`${pod.namespace}/${pod.name}`, { node: pod.node, budget: { name, disruptionsAllowed, currentHealthy, desiredHealthy } });
  }
  return holds;
}
