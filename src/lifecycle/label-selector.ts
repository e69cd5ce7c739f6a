// metav1.LabelSelector matching, as the apiserver does it for PodDisruptionBudgets: every
// matchLabels pair and every matchExpression must hold. An empty selector ({}) selects
// every pod of the namespace; a missing one (null) selects none (policy/v1's rule).
import type { LabelSelectorJson } from './kubernetes-json.js';

export function selectorMatches(selector: LabelSelectorJson | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(have[e.key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[e.key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false; // an operator the API would have refused: select nothing rather than guess
    }
  }
  return true;
}

/** "app=web,tier in (a,b)" in the API's labelSelector form; '' for an empty selector. */
export function selectorQuery(selector: LabelSelectorJson): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** The selector for people: its query, "(none)" when missing, "(every pod)" when empty. */
export function selectorText(selector: LabelSelectorJson | null | undefined): string {
  if (!selector) return '(none)';
  return selectorQuery(selector) || '(every pod)';
}
