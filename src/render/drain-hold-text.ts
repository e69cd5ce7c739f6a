// A row's drain words, for its strip and its warning: a drain of its cordoned node would
// be held by a budget (named, with its numbers), or this session's eviction was refused.
import { budgetNumbersText, drainHoldMessage } from '../lifecycle/drain-holds.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { formatClock } from './format.js';

/** The refusal of this session's eviction, else the hold a drain would meet; undefined when neither. */
export function drainHoldText(row: Pick<ContainerRow, 'drainHold' | 'evictionRefused'>): string | undefined {
  const refused = row.evictionRefused;
  if (refused) {
    const by = refused.budget ? `budget ${refused.budget.name} (${budgetNumbersText(refused.budget)})` : refused.message;
    return `eviction refused at ${formatClock(refused.at)} by ${by}`;
  }
  return row.drainHold && drainHoldMessage(row.drainHold);
}

/** The header's note of cordoned nodes ('' when there are none). */
export function cordonedText(nodes: readonly string[]): string {
  return nodes.length ? `cordoned: ${nodes.join(', ')}` : '';
}
