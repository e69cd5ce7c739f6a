// What `podlife rollout` follows: the Deployment (its status as kubectl judges it), its
// ReplicaSets (from the source's own ReplicaSet records) and, through the store, the
// pods of each: old pods as they stop, new pods as they become Ready. No I/O.
import { replicaSetInfo, type ReplicaSetInfo } from '../lifecycle/kubernetes-cause.js';
import type { DeploymentJson, ReplicaSetJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import { rolloutStatus, type RolloutStatus } from '../lifecycle/rollout.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { RELATION_RECORD } from '../sources/kubernetes-pod-relations.js';
import type { RawRecord } from '../record/raw-record.js';

export interface PodView {
  groupKey: string;
  pod: string;
  rows: ContainerRow[];
  revision?: number;
}

export class RolloutTracker {
  deployment?: DeploymentJson;
  private readonly replicaSets = new Map<string, ReplicaSetInfo>();
  /** Old pods seen during this rollout: kept after they are gone, for the summary. */
  readonly oldPods = new Map<string, string>(); // groupKey → pod name
  readonly newPods = new Map<string, string>();

  constructor(
    readonly name: string,
    readonly namespace: string,
  ) {}

  /** The source's raw records pass through here (its tap): ReplicaSets are taken from them. */
  observe(record: RawRecord): void {
    if (record.type === RELATION_RECORD.replicaSetList) {
      this.replicaSets.clear();
      for (const item of (record.data as { items?: ReplicaSetJson[] }).items ?? []) this.putReplicaSet(item);
    } else if (record.type === RELATION_RECORD.replicaSet) {
      const event = record.data as WatchEventJson<ReplicaSetJson>;
      if (event.type === 'DELETED') this.replicaSets.delete(event.object?.metadata?.name ?? '');
      else if (event.object) this.putReplicaSet(event.object);
    }
  }

  status(): RolloutStatus | undefined {
    return this.deployment ? rolloutStatus(this.deployment) : undefined;
  }

  /** The Deployment's ReplicaSets, newest revision first. */
  replicaSetList(): ReplicaSetInfo[] {
    return [...this.replicaSets.values()].sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  }

  revisionOf(replicaSet: string): number | undefined {
    return this.replicaSets.get(replicaSet)?.revision;
  }

  /** Sorts the Deployment's pods in view into old (an older revision's ReplicaSet) and new. */
  classify(rows: readonly ContainerRow[]): void {
    const revision = this.status()?.revision;
    if (revision === undefined) return;
    for (const row of rows) {
      if (row.owner?.kind !== 'ReplicaSet' || row.namespace !== this.namespace) continue;
      const rs = this.replicaSets.get(row.owner.name);
      if (rs?.deployment !== this.name || rs.revision === undefined) continue;
      if (rs.revision < revision) this.oldPods.set(row.groupKey, row.group);
      else if (rs.revision === revision) this.newPods.set(row.groupKey, row.group);
    }
  }

  private putReplicaSet(json: ReplicaSetJson): void {
    const info = replicaSetInfo(json);
    if (info.deployment === this.name && info.namespace === this.namespace) this.replicaSets.set(info.name, info);
  }
}
