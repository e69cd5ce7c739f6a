// An eviction the apiserver refused (429), in the words the row shows: the budget it
// names, with the numbers of that budget as last watched.
import { budgetNamedIn, holdingBudget } from '../lifecycle/disruption-budgets.js';
import type { PodDisruptionBudgetJson } from '../lifecycle/kubernetes-json.js';
import type { EvictionRefused } from '../lifecycle/types.js';

export function evictionRefusal(
  message: string,
  causes: { reason?: string; message?: string }[] | undefined,
  labels: Record<string, string> | undefined,
  budgets: readonly PodDisruptionBudgetJson[],
  namespace: string,
  at: number,
): EvictionRefused {
  const named = budgetNamedIn({ details: { causes: causes ?? [] } });
  const refused: EvictionRefused = { at, message: named ? `budget ${named}` : message };
  const budget = labels ? holdingBudget({ metadata: { namespace, labels } }, budgets, named) : undefined;
  if (budget && (named === undefined || budget.name === named)) {
    refused.budget = { name: budget.name, disruptionsAllowed: budget.disruptionsAllowed, currentHealthy: budget.currentHealthy, desiredHealthy: budget.desiredHealthy };
  }
  return refused;
}
