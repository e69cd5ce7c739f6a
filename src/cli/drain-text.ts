// The words `podlife drain` prints before it acts: the plan (what is evicted, what is left
// and why), the question naming context and node, and what became of the evicted pods'
// replacements.
import { NOTE_TEXT, SKIP_TEXT, type DrainPlan } from '../lifecycle/drain-plan.js';
import type { PodJson } from '../lifecycle/kubernetes-json.js';

export interface DrainTarget {
  node: string;
  context: string;
  /** The grace every eviction asks for; undefined: each pod's own. */
  graceSeconds?: number;
  disableEviction: boolean;
}

export function planLines(plan: DrainPlan, t: DrainTarget): string[] {
  const how = t.disableEviction ? 'delete (--disable-eviction: budgets are not consulted)' : 'evict';
  const lines = [`drain node/${t.node} (context ${t.context}): ${plan.evict.length} pod${plan.evict.length === 1 ? '' : 's'} to ${how}, ${plan.skip.length} left on the node`];
  for (const p of plan.evict) {
    const grace = t.graceSeconds !== undefined ? `grace ${t.graceSeconds}s` : `grace ${p.graceSeconds}s (its own)`;
    lines.push(`  ${t.disableEviction ? 'delete' : 'evict '} ${p.namespace}/${p.name}  ${p.owner}, ${grace}${p.notes.map((n) => `; ${NOTE_TEXT[n]}`).join('')}`);
  }
  for (const p of plan.skip) lines.push(`  skip   ${p.namespace}/${p.name}  ${SKIP_TEXT[p.reason]}`);
  return lines;
}

/** Named as `podlife delete` names its target: context and node, exactly. */
export function drainQuestion(plan: DrainPlan, t: DrainTarget): string {
  const verb = t.disableEviction ? 'delete' : 'evict';
  return `Drain node ${t.node} on context ${t.context}? It is cordoned, then ${plan.evict.length} pod${plan.evict.length === 1 ? '' : 's'} ${plan.evict.length === 1 ? 'is' : 'are'} ${verb === 'evict' ? 'evicted' : 'deleted'}. [y/N] `;
}

/** Where a replacement pod is: on a node, or Pending with the scheduler's reason. */
export function replacementText(pod: PodJson): string {
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const of = owner ? ` (${owner.kind} ${owner.name})` : '';
  const node = pod.spec?.nodeName;
  if (node) return `replacement ${name}${of}: ${pod.status?.phase ?? 'Pending'} on node ${node}`;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') return `replacement ${name}${of}: Pending, not scheduled (${scheduled.reason ?? 'no reason given'}): ${scheduled.message ?? ''}`.trimEnd();
  return `replacement ${name}${of}: Pending, not scheduled yet`;
}

/** Whether the scheduler has had its say on the pod (bound, or a PodScheduled condition). */
export function scheduled(pod: PodJson): boolean {
  return pod.spec?.nodeName !== undefined || pod.status?.conditions?.some((c) => c.type === 'PodScheduled') === true;
}
