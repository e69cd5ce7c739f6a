// What the Kubernetes feed knows around its pods: the EndpointSlices that list them (are
// they behind a Service, and when did each slice take them out), the ReplicaSets that own
// them (which Deployment and revision), and the deletes this podlife session sent. It
// decorates a pod's rows with owner, stop cause and endpoint membership. Pure.
import { podOwner, replicaSetInfo, stopCause, type PodlifeDelete, type ReplicaSetInfo } from '../lifecycle/kubernetes-cause.js';
import type { EndpointSliceJson, PodJson, ReplicaSetJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { EndpointSliceMemory, type EndpointChange } from './kubernetes-endpoint-slices.js';
import { DrainHoldMemory } from './kubernetes-drain-holds.js';
import { ReplicaSetIndex, type ReplicaSetRemap } from './kubernetes-replica-sets.js';
import { keyOf, type RelationUpdate } from './kubernetes-relation-update.js';

export { keyOf, splitKey, type RelationUpdate } from './kubernetes-relation-update.js';

/** Record types for what surrounds pods (the live source writes exactly these). */
export const RELATION_RECORD = {
  sliceList: 'k8s.endpointslices.list',
  slice: 'k8s.endpointslice',
  replicaSetList: 'k8s.replicasets.list',
  replicaSet: 'k8s.replicaset',
  podlifeDelete: 'k8s.podlife.delete',
} as const;


export class PodRelations {
  private readonly slices = new EndpointSliceMemory();
  private readonly replicaSets = new ReplicaSetIndex();
  private readonly deletes = new Map<string, PodlifeDelete>();
  private readonly drains = new DrainHoldMemory();

  /** Applies one record of the types above; undefined for any other type. */
  apply(type: string, data: unknown, t: number): RelationUpdate | undefined {
    switch (type) {
      case RELATION_RECORD.sliceList:
        return this.endpointUpdate(this.slices.applyList(((data as { items?: EndpointSliceJson[] }).items ?? []), t), true);
      case RELATION_RECORD.slice:
        return this.endpointUpdate(this.slices.applyWatch(data as WatchEventJson<EndpointSliceJson>, t), false);
      case RELATION_RECORD.replicaSetList: {
        this.replicaSets.clear();
        for (const item of (data as { items?: ReplicaSetJson[] }).items ?? []) this.replicaSets.put(replicaSetInfo(item));
        return { endpointChanges: [], pods: new Set(), remap: 'replicaset-owned' };
      }
      case RELATION_RECORD.replicaSet: {
        const event = data as WatchEventJson<ReplicaSetJson>;
        if (!event.object || (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED')) return undefined;
        const info = replicaSetInfo(event.object);
        // Most ReplicaSet events are status counts, which no pod row reads: nothing to map again.
        const remap = event.type === 'DELETED' ? this.replicaSets.delete(info.namespace, info.name) : this.replicaSets.put(info);
        return remap ? { endpointChanges: [], pods: new Set(), remap } : undefined;
      }
      case RELATION_RECORD.podlifeDelete: {
        const d = data as PodlifeDelete;
        this.deletes.set(keyOf(d.namespace, d.name), d);
        return { endpointChanges: [], pods: new Set([keyOf(d.namespace, d.name)]) };
      }
      default:
        return this.drains.apply(type, data);
    }
  }

  /** The pod is gone: what this session did to it no longer applies (and is not kept). */
  forgetPod(namespace: string, name: string): void {
    this.deletes.delete(keyOf(namespace, name));
  }

  /** Owner, stop cause and endpoint membership onto a pod's rows. */
  decorate(pod: PodJson, rows: ContainerRow[]): ContainerRow[] {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const owner = podOwner(pod, (ns, rs) => this.replicaSets.get(ns, rs));
    const cause = stopCause({ pod, owner, newestRevision: owner?.deployment ? this.newestRevision(namespace, owner.deployment) : undefined, podlifeDelete: this.deletes.get(keyOf(namespace, name)) });
    const endpoints = this.slices.membership(namespace, name, pod.metadata?.uid);
    rows = this.drains.decorate(pod, rows);
    if (!owner && !cause && endpoints.length === 0) return rows;
    return rows.map((row) => {
      const out = { ...row };
      if (owner) out.owner = owner;
      if (cause) out.cause = cause;
      if (endpoints.length) out.endpoints = endpoints;
      return out;
    });
  }

  /** Is this pod's ReplicaSet-derived cause affected by ReplicaSet changes? Cheap filter for the feed. */
  static ownedByReplicaSet(pod: PodJson): boolean {
    return (pod.metadata?.ownerReferences ?? []).some((r) => r.kind === 'ReplicaSet');
  }

  /** Does a ReplicaSet change (remap) concern this pod: owned by that ReplicaSet, or by another of its Deployment? */
  concerns(remap: ReplicaSetRemap, pod: PodJson): boolean {
    if ((pod.metadata?.namespace ?? '') !== remap.namespace) return false;
    const rs = (pod.metadata?.ownerReferences ?? []).find((r) => r.kind === 'ReplicaSet')?.name;
    if (rs === undefined) return false;
    return rs === remap.replicaSet || (remap.deployment !== undefined && this.replicaSets.get(remap.namespace, rs)?.deployment === remap.deployment);
  }

  replicaSet(namespace: string, name: string): ReplicaSetInfo | undefined {
    return this.replicaSets.get(namespace, name);
  }

  newestRevision(namespace: string, deployment: string): number | undefined {
    return this.replicaSets.newestRevision(namespace, deployment);
  }

  private endpointUpdate(changes: EndpointChange[], everyPod: boolean): RelationUpdate {
    const update: RelationUpdate = { endpointChanges: changes, pods: new Set(changes.map((c) => keyOf(c.namespace, c.pod))) };
    if (everyPod) update.remap = 'all';
    return update;
  }
}
