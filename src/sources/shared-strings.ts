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

  constructor(private readonly capacity = POOL_CAPACITY) {}

  share(value: string): string {
    const kept = this.pool.get(value);
    if (kept !== undefined) return kept;
    if (this.pool.size >= this.capacity) this.pool = new Map();
    this.pool.set(value, value);
    return value;
  }

  /** The object's own field, when it is a string, pointed at the pool's copy (an absent field stays absent). */
  shareField<T extends object>(object: T, field: keyof T & string): void {
    const value: unknown = object[field];
    if (typeof value === 'string') (object as Record<string, unknown>)[field] = this.share(value);
  }

  get size(): number {
    return this.pool.size;
  }
}

/** Points the pod's repeated strings at the pool's copies, in place. */
export function sharePodStrings(pod: PodJson, pool: StringPool): void {
  const meta = pod.metadata;
  if (meta) {
    pool.shareField(meta, 'namespace');
    pool.shareField(meta, 'creationTimestamp');
    for (const owner of meta.ownerReferences ?? []) {
      pool.shareField(owner, 'apiVersion');
      pool.shareField(owner, 'kind');
      pool.shareField(owner, 'name');
      pool.shareField(owner, 'uid');
    }
  }
  const spec = pod.spec;
  if (spec) {
    pool.shareField(spec, 'nodeName');
    for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) for (const container of list ?? []) shareContainer(container, pool);
  }
  const status = pod.status;
  if (!status) return;
  pool.shareField(status, 'phase');
  for (const condition of status.conditions ?? []) {
    pool.shareField(condition, 'type');
    pool.shareField(condition, 'status');
    pool.shareField(condition, 'reason');
    pool.shareField(condition, 'lastTransitionTime');
  }
  for (const list of [status.initContainerStatuses, status.containerStatuses, status.ephemeralContainerStatuses]) for (const each of list ?? []) shareStatus(each, pool);
}

function shareContainer(container: ContainerJson, pool: StringPool): void {
  pool.shareField(container, 'name');
  pool.shareField(container, 'image');
}

function shareStatus(status: ContainerStatusJson, pool: StringPool): void {
  pool.shareField(status, 'name');
  pool.shareField(status, 'image');
  shareState(status.state, pool);
  shareState(status.lastState, pool);
}

function shareState(state: ContainerStateJson | undefined, pool: StringPool): void {
  if (state?.running) pool.shareField(state.running, 'startedAt');
  if (state?.waiting) pool.shareField(state.waiting, 'reason');
  const terminated = state?.terminated;
  if (!terminated) return;
  pool.shareField(terminated, 'reason');
  pool.shareField(terminated, 'startedAt');
  pool.shareField(terminated, 'finishedAt');
}
