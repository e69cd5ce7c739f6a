// The ReplicaSets the feed knows, indexed for what a pod's rows read from them: its
// Deployment and revision, and the Deployment's newest revision (a rollout cause). A
// ReplicaSet's status changes many times a second in a busy cluster but changes none of
// that; only a change that does is reported, with the Deployment whose pods it concerns.
import type { ReplicaSetInfo } from '../lifecycle/kubernetes-cause.js';

/** Pods whose rows must be mapped again after a ReplicaSet change. */
export type ReplicaSetRemap = { namespace: string; deployment?: string; replicaSet: string };

export class ReplicaSetIndex {
  private readonly byKey = new Map<string, ReplicaSetInfo>();
  /** namespace/deployment → its ReplicaSets' keys. */
  private readonly ofDeployment = new Map<string, Set<string>>();

  get(namespace: string, name: string): ReplicaSetInfo | undefined {
    return this.byKey.get(`${namespace}/${name}`);
  }

  newestRevision(namespace: string, deployment: string): number | undefined {
    let newest: number | undefined;
    for (const key of this.ofDeployment.get(`${namespace}/${deployment}`) ?? []) {
      const revision = this.byKey.get(key)?.revision;
      if (revision !== undefined) newest = Math.max(newest ?? 0, revision);
    }
    return newest;
  }

  clear(): void {
    this.byKey.clear();
    this.ofDeployment.clear();
  }

  /** Adds or replaces one; says whose pods it concerns when a pod's rows could read otherwise. */
  put(info: ReplicaSetInfo): ReplicaSetRemap | undefined {
    const key = `${info.namespace}/${info.name}`;
    const previous = this.byKey.get(key);
    const newestBefore = info.deployment === undefined ? undefined : this.newestRevision(info.namespace, info.deployment);
    this.remove(key);
    this.byKey.set(key, info);
    if (info.deployment !== undefined) {
      const deploymentKey = `${info.namespace}/${info.deployment}`;
      this.ofDeployment.set(deploymentKey, (this.ofDeployment.get(deploymentKey) ?? new Set()).add(key));
    }
    const sameForPods = previous && previous.deployment === info.deployment && previous.revision === info.revision;
    const sameNewest = info.deployment === undefined || newestBefore === this.newestRevision(info.namespace, info.deployment);
    if (sameForPods && sameNewest) return undefined;
    return remapOf(info, previous);
  }

  delete(namespace: string, name: string): ReplicaSetRemap | undefined {
    const key = `${namespace}/${name}`;
    const previous = this.byKey.get(key);
    if (!previous) return undefined;
    this.remove(key);
    return remapOf(previous, undefined);
  }

  private remove(key: string): void {
    const previous = this.byKey.get(key);
    if (!previous) return;
    this.byKey.delete(key);
    if (previous.deployment === undefined) return;
    const deploymentKey = `${previous.namespace}/${previous.deployment}`;
    const keys = this.ofDeployment.get(deploymentKey);
    keys?.delete(key);
    if (keys?.size === 0) this.ofDeployment.delete(deploymentKey);
  }
}

/** A revision change concerns every pod of the Deployment (their rollout cause), else the ReplicaSet's own. */
function remapOf(info: ReplicaSetInfo, previous: ReplicaSetInfo | undefined): ReplicaSetRemap {
  const deployment = info.deployment ?? previous?.deployment;
  return deployment === undefined ? { namespace: info.namespace, replicaSet: info.name } : { namespace: info.namespace, deployment, replicaSet: info.name };
}
