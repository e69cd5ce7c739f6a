// The feed's memory of drains: which pods a drain would be held on (the source's derived
// record) and what this session's evictions got back; it decorates those pods' rows.
// Pure, so a replay of the records draws the same rows.
import type { PodJson } from '../lifecycle/kubernetes-json.js';
import type { ContainerRow, DrainHold, EvictionRefused } from '../lifecycle/types.js';
import { DRAIN_RECORD, type DrainHoldRecord } from './kubernetes-drain-watch.js';
import { keyOf, type RelationUpdate } from './kubernetes-relation-update.js';

export interface EvictionRecord {
  namespace: string;
  name: string;
  /** undefined: accepted (the pod is deleting); else why it was refused. */
  refused?: EvictionRefused;
}

export class DrainHoldMemory {
  private holds = new Map<string, DrainHold>();
  private readonly refusals = new Map<string, EvictionRefused>();

  apply(type: string, data: unknown): RelationUpdate | undefined {
    if (type === DRAIN_RECORD.holds) {
      const before = this.holds;
      this.holds = new Map(((data as { holds?: DrainHoldRecord[] }).holds ?? []).map((h) => [keyOf(h.namespace, h.pod), { node: h.node, budget: h.budget }]));
      return { endpointChanges: [], pods: new Set([...before.keys(), ...this.holds.keys()]) };
    }
    if (type === DRAIN_RECORD.eviction) {
      const e = data as EvictionRecord;
      const key = keyOf(e.namespace, e.name);
      if (e.refused) this.refusals.set(key, e.refused);
      else this.refusals.delete(key);
      return { endpointChanges: [], pods: new Set([key]) };
    }
    return undefined;
  }

  decorate(pod: PodJson, rows: ContainerRow[]): ContainerRow[] {
    const key = keyOf(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    const hold = pod.metadata?.deletionTimestamp ? undefined : this.holds.get(key);
    const refused = this.refusals.get(key);
    if (!hold && !refused) return rows;
    return rows.map((row) => ({ ...row, ...(hold ? { drainHold: hold } : {}), ...(refused ? { evictionRefused: refused } : {}) }));
  }
}
