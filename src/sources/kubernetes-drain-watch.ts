// The live source's view of drains that others run: the cluster's nodes (which are
// cordoned) and the namespace's PodDisruptionBudgets, watched beside the pods when the
// user may. The pods' labels (which a budget selects by) stay here: what reaches the
// feed, and a recording, is the derived record of which pods a drain would be held on,
// by which budget, with its numbers.
import { drainHolds, type PodPlacement } from '../lifecycle/drain-holds.js';
import type { NodeJson, PodDisruptionBudgetJson, PodJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import type { DrainHold } from '../lifecycle/types.js';
import { StringPool } from './shared-strings.js';
import { keyOf } from './kubernetes-relation-update.js';

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export const DRAIN_RECORD = {
  /** { holds: DrainHoldRecord[] }: every pod a drain would be held on now. */
  holds: 'k8s.drain.holds',
  /** EvictionRecord: what this session's eviction (`e`) got back. */
  eviction: 'k8s.podlife.eviction',
} as const;

export interface DrainHoldRecord extends DrainHold {
  namespace: string;
  pod: string;
}

export class DrainWatch {
  private readonly pods = new Map<string, PodPlacement>();
  private readonly cordoned = new Set<string>();
  private readonly budgets = new Map<string, PodDisruptionBudgetJson>();
  private lastHolds = '[]';
  private lastCordoned = '[]';
  private readonly strings = new StringPool();

  constructor(
    private readonly onHolds: (holds: DrainHoldRecord[]) => void,
    private readonly onCordoned: (nodes: string[]) => void,
  ) {}

  /** Every pod as it arrives, before the recording's redaction drops its labels. */
  podSeen(object: unknown): void {
    const pod = object as PodJson;
    const namespace = this.strings.share(pod.metadata?.namespace ?? '');
    const name = pod.metadata?.name ?? '';
    const phase = pod.status?.phase;
    const node = pod.spec?.nodeName;
    // Label values repeat from pod to pod (app, team, chart): one copy of each is kept.
    const labels = pod.metadata?.labels ?? NO_LABELS;
    this.strings.shareFields(labels, Object.keys(labels));
    this.pods.set(keyOf(namespace, name), {
      namespace,
      name,
      node: node === undefined ? undefined : this.strings.share(node),
      labels,
      leaving: pod.metadata?.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed',
    });
  }

  /** After a pod list: forget pods the list no longer has. Then the holds anew. */
  podsListed(items: readonly PodJson[]): void {
    const listed = new Set(items.map((p) => keyOf(p.metadata?.namespace ?? '', p.metadata?.name ?? '')));
    for (const key of this.pods.keys()) if (!listed.has(key)) this.pods.delete(key);
    this.update();
  }

  podEvent(event: WatchEventJson<PodJson>): void {
    if (event.type === 'DELETED') this.pods.delete(keyOf(event.object?.metadata?.namespace ?? '', event.object?.metadata?.name ?? ''));
    this.update();
  }

  nodesListed(items: readonly NodeJson[]): void {
    this.cordoned.clear();
    for (const node of items) if (node.spec?.unschedulable && node.metadata?.name) this.cordoned.add(node.metadata.name);
    this.update();
  }

  nodeEvent(event: WatchEventJson<NodeJson>): void {
    const name = event.object?.metadata?.name;
    if (!name || (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED')) return;
    if (event.type !== 'DELETED' && event.object.spec?.unschedulable) this.cordoned.add(name);
    else this.cordoned.delete(name);
    this.update();
  }

  budgetsListed(items: readonly PodDisruptionBudgetJson[]): void {
    this.budgets.clear();
    for (const b of items) this.budgets.set(`${b.metadata?.namespace}/${b.metadata?.name}`, b);
    this.update();
  }

  budgetEvent(event: WatchEventJson<PodDisruptionBudgetJson>): void {
    const b = event.object;
    if (!b?.metadata || (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED')) return;
    const key = `${b.metadata.namespace}/${b.metadata.name}`;
    if (event.type === 'DELETED') this.budgets.delete(key);
    else this.budgets.set(key, b);
    this.update();
  }

  /** The pod's labels and the budgets known now (to name the budget of a refused eviction). */
  budgetsFor(namespace: string, name: string): { labels?: Record<string, string>; budgets: PodDisruptionBudgetJson[] } {
    return { labels: this.pods.get(keyOf(namespace, name))?.labels, budgets: [...this.budgets.values()] };
  }

  private update(): void {
    const cordoned = JSON.stringify([...this.cordoned].sort());
    if (cordoned !== this.lastCordoned) {
      this.lastCordoned = cordoned;
      this.onCordoned([...this.cordoned].sort());
    }
    const holds = [...drainHolds(this.pods.values(), this.cordoned, [...this.budgets.values()])]
      .map(([key, hold]) => ({ namespace: key.slice(0, key.indexOf('/')), pod: key.slice(key.indexOf('/') + 1), ...hold }))
      .sort((a, b) => `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`));
    const text = JSON.stringify(holds);
    if (text === this.lastHolds) return;
    this.lastHolds = text;
    this.onHolds(holds);
  }
}
