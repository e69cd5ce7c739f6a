// Strings that repeat from pod to pod (images, namespaces, the node, condition types, the
// second a rollout's containers started in) arrive as a fresh copy in every parsed object.
// The pods a feed keeps are pointed at one copy of each value instead: at 50,000 pods of
// three containers that was ~40 MB of a ~320 MB heap. Names, uids and container IDs are
// unique to their pod and left alone.
import type { ContainerJson, ContainerStateJson, ContainerStatusJson, PodJson } from '../lifecycle/kubernetes-json.js';

/** Distinct values kept before the pool starts afresh (strings already shared stay shared). */
const POOL_CAPACITY = 20_000;

export class StringPool {
  private pool = new Map<string, string>();
  private objects = new Map<string, object>();

  constructor(private readonly capacity = POOL_CAPACITY) {}

  share(value: string): string {
    const kept = this.pool.get(value);
    if (kept !== undefined) return kept;
    if (this.pool.size >= this.capacity) this.pool = new Map();
    this.pool.set(value, value);
    return value;
  }

  /**
   * One frozen object for each key: objects no reader changes, equal wherever their key
   * is (a running state started in a given second). Frozen, so that a write is an error
   * rather than a change to every pod that shares it.
   */
  shareObject<T extends object>(key: string, value: T): T {
    const kept = this.objects.get(key);
    if (kept !== undefined) return kept as T;
    if (this.objects.size >= this.capacity) this.objects = new Map();
    this.objects.set(key, deepFreeze(value));
    return value;
  }

  /** The object's own fields that are strings, pointed at the pool's copies (an absent field stays absent). */
  shareFields<T extends object>(object: T, fields: readonly (keyof T & string)[]): void {
    if (Object.isFrozen(object)) return; // shared already (shareObject)
    for (const field of fields) {
      const value: unknown = object[field];
      if (typeof value === 'string') (object as Record<string, unknown>)[field] = this.share(value);
    }
  }

  get size(): number {
    return this.pool.size;
  }
}

/** Points the pod's repeated strings at the pool's copies, in place. */
export function sharePodStrings(pod: PodJson, pool: StringPool): void {
  const meta = pod.metadata;
  if (meta) {
    pool.shareFields(meta, ['namespace', 'creationTimestamp']);
    for (const owner of meta.ownerReferences ?? []) {
      pool.shareFields(owner, ['apiVersion', 'kind', 'name', 'uid']);
    }
  }
  const spec = pod.spec;
  if (spec) {
    pool.shareFields(spec, ['nodeName']);
    for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) for (const container of list ?? []) shareContainer(container, pool);
  }
  const status = pod.status;
  if (!status) return;
  pool.shareFields(status, ['phase']);
  for (const condition of status.conditions ?? []) {
    pool.shareFields(condition, ['type', 'status', 'reason', 'lastTransitionTime']);
  }
  for (const list of [status.initContainerStatuses, status.containerStatuses, status.ephemeralContainerStatuses]) for (const each of list ?? []) shareStatus(each, pool);
}

function shareContainer(container: ContainerJson, pool: StringPool): void {
  pool.shareFields(container, ['name', 'image']);
}

function shareStatus(status: ContainerStatusJson, pool: StringPool): void {
  pool.shareFields(status, ['name', 'image']);
  shareState(status.state, pool);
  shareState(status.lastState, pool);
  // {running: {startedAt}} is the same for every container started in that second (often a
  // whole pod's, a whole rollout's): one object for each.
  const state = status.state;
  const startedAt = state?.running?.startedAt;
  if (state && startedAt !== undefined && onlyKey(state, 'running') && onlyKey(state.running!, 'startedAt')) status.state = pool.shareObject(`running ${startedAt}`, state);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner as object);
  return Object.freeze(value);
}

const onlyKey = (object: object, key: string): boolean => {
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0] === key;
};

function shareState(state: ContainerStateJson | undefined, pool: StringPool): void {
  if (state?.running) pool.shareFields(state.running, ['startedAt']);
  if (state?.waiting) pool.shareFields(state.waiting, ['reason']);
  const terminated = state?.terminated;
  if (!terminated) return;
  pool.shareFields(terminated, ['reason', 'startedAt', 'finishedAt']);
}
