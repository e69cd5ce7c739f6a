// The feed's memory of EndpointSlices: which pods each slice lists and in what condition,
// and, as slices change, each pod endpoint's moves (ready, not ready, terminating, gone)
// stamped with when podlife received them. Slices carry no per-endpoint times, so the
// receive time is the best there is; a list after an outage says its changes were late.
import type { EndpointSliceJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import type { EndpointReason } from '../lifecycle/endpoints.js';
import type { EndpointMembership } from '../lifecycle/types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';


export interface EndpointChange {
  namespace: string;
  pod: string;
  uid?: string;
  at: number;
  reason: EndpointReason;
  message: string;
}

interface Entry {
  uid?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

interface Slice {
  namespace: string;
  name: string;
  service: string;
  entries: Map<string, Entry>; // pod name → entry
}

export class EndpointSliceMemory {
  private readonly slices = new Map<string, Slice>();
  /** namespace/pod → the slices that list it: a pod's membership without a scan of every slice. */
  private readonly slicesOfPod = new Map<string, Set<string>>();
  private listed = false;

  /** A full list: the first is the baseline (no changes: when they happened is unknown). */
  applyList(items: readonly EndpointSliceJson[], t: number): EndpointChange[] {
    const changes: EndpointChange[] = [];
    const seen = new Set<string>();
    const late = this.listed;
    for (const item of items) {
      const slice = sliceOf(item);
      seen.add(keyOf(slice));
      changes.push(...this.replace(slice, t, late));
    }
    for (const [key, slice] of this.slices) if (!seen.has(key)) changes.push(...this.replace({ ...slice, entries: new Map() }, t, late));
    for (const key of [...this.slices.keys()]) if (!seen.has(key)) this.store(key, undefined);
    this.listed = true;
    return late ? changes : [];
  }

  applyWatch(event: WatchEventJson<EndpointSliceJson>, t: number): EndpointChange[] {
    if (!event.object || (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED')) return [];
    const slice = sliceOf(event.object);
    if (event.type === 'DELETED') {
      const changes = this.replace({ ...slice, entries: new Map() }, t, false);
      this.store(keyOf(slice), undefined);
      return changes;
    }
    return this.replace(slice, t, false);
  }

  /** The slices that list the pod now (same uid, when both are known). */
  membership(namespace: string, pod: string, uid?: string): EndpointMembership[] {
    const out: EndpointMembership[] = [];
    for (const key of this.slicesOfPod.get(`${namespace}/${pod}`) ?? []) {
      const slice = this.slices.get(key)!;
      const entry = slice.entries.get(pod);
      if (!entry || (uid && entry.uid && entry.uid !== uid)) continue;
      out.push({ service: slice.service, slice: slice.name, ready: entry.ready, serving: entry.serving, terminating: entry.terminating });
    }
    return out;
  }

  private replace(next: Slice, t: number, late: boolean): EndpointChange[] {
    const key = keyOf(next);
    const previous = this.slices.get(key);
    const changes: EndpointChange[] = [];
    const note = late ? '; seen on a relist, it happened earlier' : '';
    const where = `service ${next.service} (slice ${next.name})`;
    const push = (pod: string, uid: string | undefined, reason: EndpointReason, message: string) => {
      const change: EndpointChange = { namespace: next.namespace, pod, at: t, reason, message: message + note };
      if (uid) change.uid = uid;
      changes.push(change);
    };
    for (const [pod, entry] of next.entries) {
      const before = previous?.entries.get(pod);
      const reason = moved(before && before.uid === entry.uid ? before : undefined, entry);
      if (reason) push(pod, entry.uid, reason, `${where}: ${conditions(entry)}`);
    }
    for (const [pod, entry] of previous?.entries ?? []) {
      const now = next.entries.get(pod);
      if (!now || now.uid !== entry.uid) push(pod, entry.uid, 'EndpointRemoved', `${where}: endpoint removed`);
    }
    if (next.entries.size > 0 || previous) this.store(key, next);
    return changes;
  }

  /** Sets (or, with undefined, removes) a slice, keeping slicesOfPod in step. */
  private store(key: string, next: Slice | undefined): void {
    const previous = this.slices.get(key);
    for (const pod of previous?.entries.keys() ?? []) {
      const podKey = `${previous!.namespace}/${pod}`;
      const keys = this.slicesOfPod.get(podKey);
      keys?.delete(key);
      if (keys?.size === 0) this.slicesOfPod.delete(podKey);
    }
    if (!next) {
      this.slices.delete(key);
      return;
    }
    this.slices.set(key, next);
    for (const pod of next.entries.keys()) {
      const podKey = `${next.namespace}/${pod}`;
      const keys = this.slicesOfPod.get(podKey) ?? new Set<string>();
      keys.add(key);
      this.slicesOfPod.set(podKey, keys);
    }
  }
}

function moved(before: Entry | undefined, now: Entry): EndpointReason | undefined {
  if (now.terminating && !before?.terminating) return 'EndpointTerminating';
  if (now.terminating) return undefined; // serving flips while it drains say nothing new
  if (now.ready && !before?.ready) return 'EndpointReady';
  if (!now.ready && (before === undefined || before.ready)) return 'EndpointNotReady';
  return undefined;
}

function conditions(e: Entry): string {
  return `ready ${e.ready}, serving ${e.serving}, terminating ${e.terminating}`;
}

function keyOf(slice: { namespace: string; name: string }): string {
  return `${slice.namespace}/${slice.name}`;
}

function sliceOf(json: EndpointSliceJson): Slice {
  const namespace = json.metadata?.namespace ?? '';
  const name = json.metadata?.name ?? '';
  const entries = new Map<string, Entry>();
  for (const endpoint of json.endpoints ?? []) {
    const ref = endpoint.targetRef;
    if (ref?.kind !== 'Pod' || !ref.name) continue;
    const c = endpoint.conditions ?? {};
    // The API: a nil ready means ready; a nil serving follows ready; a nil terminating is false.
    const ready = c.ready ?? true;
    const entry: Entry = { ready, serving: c.serving ?? ready, terminating: c.terminating ?? false };
    if (ref.uid) entry.uid = ref.uid;
    entries.set(ref.name, entry);
  }
  return { namespace, name, service: json.metadata?.labels?.[SERVICE_NAME_LABEL] ?? name, entries };
}
