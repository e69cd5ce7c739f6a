// The words of a confirmation: it always names context, namespace and target, and says
// plainly what a kill or a force delete does.
import { FORCE_DELETE_MEANING, parseGraceSeconds } from '../lifecycle/grace.js';
import type { ContainerRow } from '../lifecycle/types.js';

export type TerminateAction = 'stop' | 'kill' | 'restart' | 'evict';

export interface ConfirmRequest {
  action: TerminateAction;
  row: ContainerRow;
  context: string;
  /** What the user has typed for the grace period (stop only). */
  graceInput: string;
}

export function confirmQuestion(req: ConfirmRequest): string {
  const { row, context } = req;
  if (req.action === 'restart') return `Restart deployment/${row.owner?.deployment ?? '?'} (rollout restart) in namespace ${row.namespace} on context ${context}?`;
  if (req.action === 'evict') return `Evict pod ${row.group} in namespace ${row.namespace} on context ${context}?`;
  if (row.source === 'docker') {
    const verb = req.action === 'kill' ? 'Kill (SIGKILL)' : 'Stop';
    return `${verb} container ${row.name} (${row.group}) on Docker context ${context}?`;
  }
  const verb = req.action === 'kill' ? 'Kill (delete with grace 1, like kubectl --now)' : 'Delete';
  return `${verb} pod ${row.group} in namespace ${row.namespace} on context ${context}?`;
}

/** Extra lines under the question: the grace period and what a 0 means. */
export function confirmNotes(req: ConfirmRequest): string[] {
  if (req.action === 'restart') {
    return ['Every pod of the Deployment is replaced, as its strategy says (maxSurge / maxUnavailable); each old pod stops with its own grace period.'];
  }
  if (req.action === 'evict') {
    return [`An Eviction, as a drain sends it: the pod is deleted with its own grace period (${req.row.defaultGraceSeconds ?? 30} s) unless a PodDisruptionBudget allows no disruption now, which refuses it (the row then says which).`];
  }
  if (req.action === 'kill') {
    return req.row.source === 'docker'
      ? ['The process gets SIGKILL at once; no grace period.']
      : ['Grace 1: the kubelet sends TERM, then KILL a second later; the pod stays visible until it is gone.'];
  }
  const grace = parseGrace(req.graceInput);
  const notes = [`Grace period: ${req.graceInput || '_'} s (type digits to change; default ${req.row.defaultGraceSeconds ?? (req.row.source === 'docker' ? 10 : 30)})`];
  if (grace === 0 && req.row.source !== 'docker') {
    notes.push(`Grace 0 is a FORCE delete: ${FORCE_DELETE_MEANING}.`);
  }
  return notes;
}

/** The typed grace: whole seconds, at most six digits (the prompt is a short field). */
export function parseGrace(input: string): number | undefined {
  return input.length <= 6 ? parseGraceSeconds(input) : undefined;
}
