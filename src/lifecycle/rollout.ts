// Where a Deployment's rollout stands, judged as `kubectl rollout status` judges it: the
// controller must have observed the latest spec; then every replica updated, no old
// replica left, every updated one available; a Progressing condition with reason
// ProgressDeadlineExceeded means it stalled past progressDeadlineSeconds. Pure.
import type { DeploymentJson } from './kubernetes-json.js';
import { selectorQuery } from './label-selector.js';
import { REVISION_ANNOTATION } from './kubernetes-cause.js';

export type RolloutPhase = 'complete' | 'progressing' | 'stalled';

export interface RolloutStatus {
  phase: RolloutPhase;
  /** The Deployment's current revision (its newest ReplicaSet's). */
  revision?: number;
  desired: number;
  updated: number;
  /** Pods of every ReplicaSet that are not terminating. */
  total: number;
  ready: number;
  available: number;
  progressDeadlineSeconds: number;
  /** kubectl's words for what it waits for, or why it stalled. */
  message: string;
}

export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

export function rolloutStatus(d: DeploymentJson): RolloutStatus {
  const status = judge(d);
  // A paused Deployment that has not rolled out says why it will not move on its own.
  if (status.phase === 'progressing' && d.spec?.paused) {
    const name = d.metadata?.name ?? '';
    return { ...status, message: `${status.message}; deployment "${name}" is paused: nothing rolls out until \`kubectl rollout resume deployment/${name}\`` };
  }
  return status;
}

function judge(d: DeploymentJson): RolloutStatus {
  const name = d.metadata?.name ?? '';
  const s = d.status ?? {};
  const revision = Number(d.metadata?.annotations?.[REVISION_ANNOTATION]);
  const base = {
    desired: d.spec?.replicas ?? 1,
    updated: s.updatedReplicas ?? 0,
    total: s.replicas ?? 0,
    ready: s.readyReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    progressDeadlineSeconds: d.spec?.progressDeadlineSeconds ?? 600,
    ...(Number.isInteger(revision) && revision > 0 ? { revision } : {}),
  };
  const progressing = (s.conditions ?? []).find((c) => c.type === 'Progressing');
  if ((d.metadata?.generation ?? 0) > (s.observedGeneration ?? 0)) {
    return { ...base, phase: 'progressing', message: 'waiting for the deployment spec update to be observed' };
  }
  if (progressing?.reason === PROGRESS_DEADLINE_EXCEEDED) {
    return { ...base, phase: 'stalled', message: `deployment "${name}" exceeded its progress deadline (${base.progressDeadlineSeconds} s): ${progressing.message ?? ''}`.trim() };
  }
  if (base.updated < base.desired) return { ...base, phase: 'progressing', message: `${base.updated} of ${base.desired} new replicas updated` };
  if (base.total > base.updated) return { ...base, phase: 'progressing', message: `${base.total - base.updated} old replicas pending termination` };
  if (base.available < base.updated) return { ...base, phase: 'progressing', message: `${base.available} of ${base.updated} updated replicas available` };
  return { ...base, phase: 'complete', message: 'successfully rolled out' };
}

/** A Deployment's label selector in the form the API's labelSelector takes. */
export function selectorString(d: DeploymentJson): string | undefined {
  const sel = d.spec?.selector;
  return sel ? selectorQuery(sel) || undefined : undefined;
}
