// Who owns a pod and why it stops: the DisruptionTarget condition (Kubernetes ≥ 1.31 sets
// it on evictions, preemptions, taint-manager and kubelet terminations), a delete made by
// this podlife session, a rollout (the pod's ReplicaSet is older than its Deployment's
// newest), another controller, or a plain delete. Pure.
import type { PodOwner, StopCause } from './types.js';
import type { ObjectMetaJson, OwnerReferenceJson, PodJson, ReplicaSetJson } from './kubernetes-json.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export interface ReplicaSetInfo {
  namespace: string;
  name: string;
  uid?: string;
  deployment?: string;
  revision?: number;
  /** spec.replicas: what the Deployment asks of it now. */
  desired: number;
  /** status counts: pods that exist (not terminating), ready, available. */
  replicas: number;
  ready: number;
  available: number;
}

/** A delete this podlife session sent (Ctrl-D, Ctrl-K, `podlife delete`). */
export interface PodlifeDelete {
  namespace: string;
  name: string;
  uid?: string;
  graceSeconds: number;
  by: string;
  /**
   * When the request went out and its answer came (this machine's clock), and the
   * deletionTimestamp the answer carried: the delete was made between the two.
   */
  sentAt?: number;
  answeredAt?: number;
  deletionTimestamp?: string;
}

export function controllerRef(meta: ObjectMetaJson | undefined): OwnerReferenceJson | undefined {
  const refs = meta?.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

export function replicaSetInfo(rs: ReplicaSetJson): ReplicaSetInfo {
  const owner = controllerRef(rs.metadata);
  const revision = Number(rs.metadata?.annotations?.[REVISION_ANNOTATION]);
  const info: ReplicaSetInfo = {
    namespace: rs.metadata?.namespace ?? '',
    name: rs.metadata?.name ?? '',
    desired: rs.spec?.replicas ?? 0,
    replicas: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
  };
  if (rs.metadata?.uid) info.uid = rs.metadata.uid;
  if (owner?.kind === 'Deployment') info.deployment = owner.name;
  if (Number.isInteger(revision) && revision > 0) info.revision = revision;
  return info;
}

/** The pod's controller; a ReplicaSet known to belong to a Deployment names it and its revision. */
export function podOwner(pod: PodJson, replicaSet: (namespace: string, name: string) => ReplicaSetInfo | undefined): PodOwner | undefined {
  const ref = controllerRef(pod.metadata);
  if (!ref?.kind || !ref.name) return undefined;
  const owner: PodOwner = { kind: ref.kind, name: ref.name };
  if (ref.kind === 'ReplicaSet') {
    const rs = replicaSet(pod.metadata?.namespace ?? '', ref.name);
    if (rs?.deployment) owner.deployment = rs.deployment;
    if (rs?.revision !== undefined) owner.revision = rs.revision;
  }
  return owner;
}

/** "deployment/web", "job/backup", "replicaset/web-5d8f" — how kubectl names them. */
export function ownerName(owner: PodOwner): string {
  return owner.deployment ? `deployment/${owner.deployment}` : `${owner.kind.toLowerCase()}/${owner.name}`;
}

export interface CauseInput {
  pod: PodJson;
  owner?: PodOwner;
  /** The newest revision among the ReplicaSets of the owner's Deployment. */
  newestRevision?: number;
  podlifeDelete?: PodlifeDelete;
}

/** Why the pod is stopping; undefined while nothing is stopping it. */
export function stopCause({ pod, owner, newestRevision, podlifeDelete }: CauseInput): StopCause | undefined {
  const disruption = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');
  if (disruption) {
    const reason = disruption.reason ?? 'DisruptionTarget';
    const cause: StopCause = { kind: 'disruption', reason, text: disruption.message ? `${reason}: ${disruption.message}` : reason, short: reason };
    if (disruption.message) cause.message = disruption.message;
    return cause;
  }
  if (!pod.metadata?.deletionTimestamp) return undefined;
  const uid = pod.metadata.uid;
  if (podlifeDelete && (!podlifeDelete.uid || !uid || podlifeDelete.uid === uid)) {
    return { kind: 'podlife', text: `deleted by this podlife session (${podlifeDelete.by}, grace ${podlifeDelete.graceSeconds} s)`, short: `podlife ${podlifeDelete.by.replace(/^podlife /, '')}` };
  }
  if (owner?.deployment && owner.revision !== undefined && newestRevision !== undefined && newestRevision > owner.revision) {
    return { kind: 'rollout', text: `rollout of deployment/${owner.deployment} revision ${owner.revision} → ${newestRevision}`, short: `rollout ${owner.revision} → ${newestRevision}` };
  }
  if (owner) {
    // A controller's scale-down and a user's delete of one of its pods look the same on the pod.
    const of = owner.deployment ? ` of deployment/${owner.deployment}` : '';
    return { kind: 'owner', text: `deleted (controlled by ${owner.kind.toLowerCase()}/${owner.name}${of})`, short: 'deleted' };
  }
  return { kind: 'deleted', text: 'deleted', short: 'deleted' };
}
