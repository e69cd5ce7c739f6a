// Which PodDisruptionBudget holds a pod's eviction, and its numbers in words. An eviction
// refused by a budget (HTTP 429) changes nothing on the pod: only the budget's status says
// why, so podlife finds the budget (same namespace, selector matching the pod's labels)
// and shows disruptionsAllowed and currentHealthy/desiredHealthy.
import type { PodDisruptionBudgetJson, PodJson } from './kubernetes-json.js';
import { selectorMatches } from './label-selector.js';

export interface BudgetView {
  name: string;
  namespace: string;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  /** The budget's controller has not yet looked at its latest spec: its numbers may be stale. */
  stale: boolean;
}

/** The budgets of the pod's namespace whose selector matches the pod. */
export function budgetsCovering(pod: PodJson, budgets: readonly PodDisruptionBudgetJson[]): PodDisruptionBudgetJson[] {
  const namespace = pod.metadata?.namespace;
  return budgets.filter((b) => b.metadata?.namespace === namespace && selectorMatches(b.spec?.selector, pod.metadata?.labels));
}

export function budgetView(budget: PodDisruptionBudgetJson): BudgetView {
  const status = budget.status ?? {};
  const generation = budget.metadata?.generation;
  return {
    name: budget.metadata?.name ?? '?',
    namespace: budget.metadata?.namespace ?? '',
    disruptionsAllowed: status.disruptionsAllowed ?? 0,
    currentHealthy: status.currentHealthy ?? 0,
    desiredHealthy: status.desiredHealthy ?? 0,
    expectedPods: status.expectedPods ?? 0,
    stale: generation !== undefined && status.observedGeneration !== generation,
  };
}

/**
 * The budget that holds the pod: one that allows no disruption now (the apiserver refuses
 * while disruptionsAllowed is 0), else the first covering it. `named`: the budget the
 * apiserver's 429 named, which wins when it is among them.
 */
export function holdingBudget(pod: PodJson, budgets: readonly PodDisruptionBudgetJson[], named?: string): BudgetView | undefined {
  const covering = budgetsCovering(pod, budgets).map(budgetView);
  return covering.find((b) => b.name === named) ?? covering.find((b) => b.disruptionsAllowed <= 0) ?? covering[0];
}

/** "budget web-pdb: disruptionsAllowed 0, healthy 2/2 (2 needed, 2 expected)". */
export function budgetText(b: BudgetView): string {
  const stale = b.stale ? '; its controller has not caught up with its latest change' : '';
  return `budget ${b.name}: disruptionsAllowed ${b.disruptionsAllowed}, healthy ${b.currentHealthy}/${b.desiredHealthy} (currentHealthy/desiredHealthy, ${b.expectedPods} expected)${stale}`;
}

/** The 429 Status the eviction subresource answers with; its cause names the budget. */
export interface EvictionRefusal {
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" → "web-pdb". */
export function budgetNamedIn(status: EvictionRefusal): string | undefined {
  for (const cause of status.details?.causes ?? []) {
    if (cause.reason !== 'DisruptionBudget') continue;
    const match = /disruption budget (\S+)/.exec(cause.message ?? '');
    if (match) return match[1];
  }
  return undefined;
}
