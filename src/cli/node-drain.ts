// The live part of `podlife drain`, once the node is cordoned: every planned pod is
// evicted at once (as kubectl does), a 429 from a budget is retried with jittered backoff
// and shown with the budget's numbers, and each pod's termination is printed from the
// pod watch as `delete --watch` prints it. It ends when every pod is gone from the node
// (or failed for good), when --timeout runs out, or on Ctrl-C.
import { holdingBudget } from '../lifecycle/disruption-budgets.js';
import type { PlannedPod } from '../lifecycle/drain-plan.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { Backoff } from '../sources/backoff.js';
import type { NodeActions } from '../sources/kubernetes-node-actions.js';
import type { Store } from '../store/store.js';
import { deleteOutcome } from './delete-outcome.js';
import { drainSummary, heldText, type DrainEnd, type DrainedPod, type DrainSummary } from './drain-outcome.js';
import type { DrainOutput } from './drain-output.js';
import { PhaseChanges } from './termination-lines.js';

export interface NodeDrainOptions {
  node: string;
  graceSeconds?: number;
  timeoutMs?: number;
  disableEviction: boolean;
  /** Retry delays after a 429 (kubectl waits 5 s each time). */
  retry?: { initialMs: number; maxMs: number };
}

/** A held pod's line is repeated at most this often while nothing about it changes. */
const HELD_REPEAT_MS = 10_000;

export class NodeDrain {
  readonly pods: DrainedPod[];
  private readonly abort = new AbortController();
  private readonly changes = new PhaseChanges();
  private readonly heldSaid = new Map<DrainedPod, { text: string; at: number }>();
  private finish?: (end: DrainEnd) => void;

  constructor(
    private readonly api: NodeActions,
    private readonly store: Store,
    planned: readonly PlannedPod[],
    private readonly options: NodeDrainOptions,
    private readonly out: DrainOutput,
  ) {
    this.pods = planned.map((pod) => ({ pod }));
  }

  /** Ctrl-C: stop evicting; the summary says what was done and that the node stays cordoned. */
  interrupt(): void {
    this.finish?.('interrupted');
  }

  async run(): Promise<DrainSummary> {
    const ended = new Promise<DrainEnd>((resolve) => (this.finish = resolve));
    const unsubscribe = this.store.subscribe(() => this.look());
    const ticker = setInterval(() => this.look(), 250); // phases change with time alone
    const timer = this.options.timeoutMs !== undefined ? setTimeout(() => this.finish?.('timeout'), this.options.timeoutMs) : undefined;
    const evictions = this.pods.map((p) => this.evict(p));
    this.look();
    const end = await ended;
    this.abort.abort();
    clearInterval(ticker);
    clearTimeout(timer);
    unsubscribe();
    await Promise.allSettled(evictions);
    return drainSummary(this.options.node, this.pods, end, this.store.clock());
  }

  private async evict(p: DrainedPod): Promise<void> {
    const { namespace, name } = p.pod;
    const signal = this.abort.signal;
    const backoff = new Backoff({ initialMs: this.options.retry?.initialMs ?? 1000, maxMs: this.options.retry?.maxMs ?? 5000 });
    const id = `${namespace}/${name}`;
    const grace = this.options.graceSeconds !== undefined ? `grace ${this.options.graceSeconds}s` : `its own grace, ${p.pod.graceSeconds}s`;
    this.out.emit({ event: 'evict', pod: id, text: `${id}: ${this.options.disableEviction ? 'deleting' : 'evicting'} (${grace})` });
    while (!signal.aborted) {
      let result;
      try {
        result = this.options.disableEviction ? await this.api.deletePod(namespace, name, this.options.graceSeconds) : await this.api.evict(namespace, name, this.options.graceSeconds);
      } catch (err) {
        if (signal.aborted) return;
        result = { kind: 'failed' as const, status: 0, message: `cannot reach the apiserver: ${(err as Error).message}` };
      }
      if (signal.aborted) return;
      if (result.kind === 'accepted' || result.kind === 'gone') {
        p.evictedAt = this.store.clock();
        const what = result.kind === 'gone' ? 'already gone' : this.options.disableEviction ? 'delete accepted' : 'eviction accepted';
        this.out.emit({ event: 'accepted', pod: id, text: `${id}: ${what}${p.held ? ` after ${Math.round((p.evictedAt - p.held.since) / 1000)} s held` : ''}` });
        if (result.kind === 'gone') this.markGone(p, []);
        this.look();
        return;
      }
      if (result.kind === 'failed') {
        // A connection failure is retried; anything the apiserver refuses for good ends this pod.
        if (result.status === 0 || result.status >= 500) {
          this.out.emit({ event: 'retry', pod: id, text: `${id}: eviction failed (${result.message}); retrying` });
          await backoff.wait(signal);
          continue;
        }
        p.failed = result.message;
        this.out.emit({ event: 'failed', pod: id, text: `${id}: ${result.message}` });
        this.look();
        return;
      }
      await this.held(p, result.message, result.budget);
      await backoff.wait(signal);
    }
  }

  /** A 429: find the budget and its numbers now, say so when they change (or every 10 s). */
  private async held(p: DrainedPod, message: string, named?: string): Promise<void> {
    const now = this.store.clock();
    const budgets = await this.api.budgets(p.pod.namespace).catch(() => undefined);
    const podJson = { metadata: { namespace: p.pod.namespace, name: p.pod.name, labels: p.pod.labels } };
    const budget = budgets ? holdingBudget(podJson, budgets, named) : undefined;
    p.held = { ...(budget ? { budget } : {}), message, since: p.held?.since ?? now, lastAt: now, refusals: (p.held?.refusals ?? 0) + 1 };
    const text = heldText(p.held, now);
    const numbers = text.replace(/; refused .*$/, '');
    const said = this.heldSaid.get(p);
    if (said && said.text === numbers && now - said.at < HELD_REPEAT_MS) return;
    this.heldSaid.set(p, { text: numbers, at: now });
    const id = `${p.pod.namespace}/${p.pod.name}`;
    this.out.emit({
      event: 'held',
      pod: id,
      budget: budget?.name,
      disruptionsAllowed: budget?.disruptionsAllowed,
      currentHealthy: budget?.currentHealthy,
      desiredHealthy: budget?.desiredHealthy,
      retryingSeconds: Math.round((now - p.held.since) / 1000),
      refusals: p.held.refusals,
      text: `${id}: ${text}`,
    });
  }

  /** Prints phase changes of the evicted pods' containers; notes pods gone; ends when all are. */
  private look(): void {
    const now = this.store.clock();
    const byPod = new Map<string, ContainerRow[]>();
    for (const row of this.store.allRows()) {
      const key = `${row.namespace}/${row.group}`;
      byPod.set(key, [...(byPod.get(key) ?? []), row]);
    }
    for (const p of this.pods) {
      if (p.gone) continue;
      const id = `${p.pod.namespace}/${p.pod.name}`;
      const rows = byPod.get(id) ?? [];
      for (const row of rows) {
        const line = this.changes.next(row, now);
        if (line) this.out.emit({ event: 'phase', pod: id, container: row.name, phase: line.phase, text: `${id} ${row.name}: ${line.text}` }, now);
      }
      if (p.evictedAt !== undefined && rows.length && rows.every((r) => r.goneAt !== undefined)) {
        const exitSeenAt = (row: ContainerRow) => this.store.transitions(row.key).findLast((tr) => tr.state === 'Terminated')?.at;
        this.markGone(p, deleteOutcome(rows, false, exitSeenAt).containers);
      }
    }
    if (this.pods.every((p) => p.gone || p.failed)) this.finish?.('drained');
  }

  private markGone(p: DrainedPod, containers: NonNullable<DrainedPod['gone']>): void {
    if (p.gone) return;
    p.gone = containers;
    const id = `${p.pod.namespace}/${p.pod.name}`;
    this.out.emit({ event: 'gone', pod: id, outcome: containers.map((c) => ({ container: c.container, verdict: c.verdict, text: c.text })), text: `${id}: gone from the node` });
  }
}
