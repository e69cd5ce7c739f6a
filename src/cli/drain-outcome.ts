// How `podlife drain` ends: each pod's outcome as podlife saw it (its containers' exits,
// judged as `delete --watch` judges them; or the budget still holding it; or why it is
// still there) and the exit code. A drain is done when every pod it evicts is gone from
// the node, not when the evictions are accepted.
import { budgetText, type BudgetView } from '../lifecycle/disruption-budgets.js';
import type { PlannedPod } from '../lifecycle/drain-plan.js';
import type { ContainerVerdict } from './delete-outcome.js';
import { EXIT } from './exit-codes.js';

/** A pod whose eviction the apiserver refuses (429), and what podlife knows of why. */
export interface HeldEviction {
  /** The budget that holds it, when podlife could read the namespace's budgets. */
  budget?: BudgetView;
  /** The apiserver's words, for when the budget is not known. */
  message: string;
  /** First refusal and the latest (ms, local clock). */
  since: number;
  lastAt: number;
  refusals: number;
}

export interface DrainedPod {
  pod: PlannedPod;
  /** When the Eviction (or the delete) was accepted. */
  evictedAt?: number;
  held?: HeldEviction;
  /** The eviction failed for good (403, two budgets on one pod, …). */
  failed?: string;
  /** Its containers' outcomes, once the pod was gone from the node. */
  gone?: ContainerVerdict[];
}

export type DrainEnd = 'drained' | 'timeout' | 'interrupted';

export interface DrainSummary {
  code: number;
  /** One line per pod: "ns/name: main exited 0". */
  pods: { pod: string; outcome: string }[];
  /** The last line: what happened to the drain and the exit code. */
  summary: string;
}

/** "held by budget web-pdb (disruptionsAllowed 0, …), refused 7 times over 12 s". */
export function heldText(held: HeldEviction, now: number, retrying = true): string {
  const seconds = Math.max(0, Math.round((now - held.since) / 1000));
  const why = held.budget ? budgetText(held.budget) : `the apiserver refused it: ${held.message}`;
  return `held by ${why}; refused ${held.refusals} time${held.refusals === 1 ? '' : 's'} over ${seconds} s${retrying ? ', retrying with backoff' : ''}`;
}

export function podOutcome(p: DrainedPod, now: number): string {
  if (p.gone) return p.gone.length ? p.gone.map((c) => `${c.container} ${c.text}`).join('; ') : 'gone (no container was seen)';
  if (p.failed) return `not evicted: ${p.failed}`;
  if (p.evictedAt !== undefined) return 'evicted, still stopping on the node';
  if (p.held) return `still ${heldText(p.held, now, false)}`;
  return 'not evicted';
}

export function drainSummary(node: string, pods: readonly DrainedPod[], end: DrainEnd, now: number): DrainSummary {
  const lines = pods.map((p) => ({ pod: `${p.pod.namespace}/${p.pod.name}`, outcome: podOutcome(p, now) }));
  const gone = pods.filter((p) => p.gone).length;
  const held = pods.filter((p) => !p.gone && !p.failed && p.evictedAt === undefined && p.held);
  const failed = pods.filter((p) => p.failed && !p.gone);
  const cordoned = `node ${node} stays cordoned (podlife uncordon node/${node} to undo)`;
  if (end === 'interrupted') {
    return { code: EXIT.interrupted, pods: lines, summary: `drain interrupted: ${gone} of ${pods.length} pods gone; ${cordoned}; exit ${EXIT.interrupted}` };
  }
  if (gone === pods.length) return { code: EXIT.ok, pods: lines, summary: `node ${node} drained: every pod gone (${gone}); exit ${EXIT.ok}` };
  if (end === 'drained' && failed.length) {
    return { code: EXIT.error, pods: lines, summary: `drain failed: ${failed.length} pod${failed.length === 1 ? '' : 's'} could not be evicted; ${cordoned}; exit ${EXIT.error}` };
  }
  if (held.length) {
    const budgets = [...new Set(held.map((p) => p.held!.budget?.name).filter(Boolean))];
    const by = budgets.length ? `budget ${budgets.join(', ')}` : 'the apiserver (429)';
    return { code: EXIT.drainBlocked, pods: lines, summary: `drain timed out: ${held.length} pod${held.length === 1 ? '' : 's'} held by ${by}; ${gone} of ${pods.length} gone; ${cordoned}; exit ${EXIT.drainBlocked}` };
  }
  return { code: EXIT.timedOut, pods: lines, summary: `drain timed out: ${pods.length - gone} of ${pods.length} pods still on the node; ${cordoned}; exit ${EXIT.timedOut}` };
}
