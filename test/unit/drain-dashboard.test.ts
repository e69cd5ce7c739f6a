// Drains that others run, in the dashboard, without a cluster: the source's DrainWatch
// turns real nodes, budgets and pods (test/fixtures/kubernetes/drain) into the record of
// which pods a drain would be held on; the feed puts it on their rows (a warning, the
// strip); the header lists cordoned nodes; `e` evicts with the delete's confirmation rules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NodeJson, PodDisruptionBudgetJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { lifecycleWarnings } from '../../src/lifecycle/warnings.js';
import { cordonedText, drainHoldText } from '../../src/render/drain-hold-text.js';
import { DRAIN_RECORD, DrainWatch, type DrainHoldRecord } from '../../src/sources/kubernetes-drain-watch.js';
import { evictionRefusal } from '../../src/sources/kubernetes-eviction.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { initialAppState, type AppState, type KeyContext } from '../../src/ui/app-state.js';
import { confirmNotes, confirmQuestion } from '../../src/ui/confirm-text.js';
import { typeKeys } from '../support/app-keys.js';
import { RecordingSink } from './kubernetes-sink.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/kubernetes/drain/${name}`, import.meta.url)), 'utf8')) as T;
const pods = fixture<{ items: PodJson[] }>('pods-on-node.json').items;
const budgets = fixture<{ items: PodDisruptionBudgetJson[] }>('budgets.json').items;
const node = fixture<NodeJson>('node.json');
/** The captured node as `kubectl cordon` leaves it (spec.unschedulable: true). */
const cordoned: NodeJson = { ...node, spec: { ...node.spec, unschedulable: true } };
const refused429 = fixture<{ message: string; details: { causes: { reason: string; message: string }[] } }>('eviction-429.json');
const CONTEXT = 'podlife-local';

function watched(nodes: NodeJson[]) {
  const holds: DrainHoldRecord[][] = [];
  const cordonedSeen: string[][] = [];
  const watch = new DrainWatch((h) => holds.push(h), (n) => cordonedSeen.push(n));
  for (const pod of pods) watch.podSeen(pod);
  watch.podsListed(pods);
  watch.budgetsListed(budgets);
  watch.nodesListed(nodes);
  return { watch, holds, cordonedSeen };
}

describe('DrainWatch: which pods a drain would be held on', () => {
  it('none while the node is not cordoned', () => {
    const { holds, cordonedSeen } = watched([node]);
    expect(holds).toEqual([]);
    expect(cordonedSeen).toEqual([]);
  });

  it("once the node is cordoned: the Deployment's pods, held by the budget that allows 0 disruptions, with its numbers", () => {
    const { holds, cordonedSeen } = watched([cordoned]);
    expect(cordonedSeen).toEqual([['127.0.0.1']]);
    const web = pods.filter((p) => p.metadata!.name!.startsWith('web-')).map((p) => p.metadata!.name).sort();
    expect(holds.at(-1)!.map((h) => h.pod)).toEqual(web);
    expect(holds.at(-1)![0]).toEqual({ namespace: 'podlife-drain-fixtures', pod: web[0], node: '127.0.0.1', budget: { name: 'web-budget', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 } });
  });

  it('a pod that is deleting, an uncordon, or a budget that allows a disruption ends the hold', () => {
    const { watch, holds } = watched([cordoned]);
    const web = pods.find((p) => p.metadata!.name!.startsWith('web-'))!;
    watch.podSeen({ ...web, metadata: { ...web.metadata, deletionTimestamp: '2026-12-01T15:43:00Z' } });
    watch.podEvent({ type: 'MODIFIED', object: web });
    expect(holds.at(-1)!).toHaveLength(1);
    const relaxed = { ...budgets[0]!, status: { ...budgets[0]!.status, disruptionsAllowed: 1 } };
    watch.budgetEvent({ type: 'MODIFIED', object: relaxed });
    expect(holds.at(-1)).toEqual([]);
    watch.budgetEvent({ type: 'MODIFIED', object: budgets[0]! });
    expect(holds.at(-1)!).toHaveLength(1);
    watch.nodeEvent({ type: 'MODIFIED', object: node });
    expect(holds.at(-1)).toEqual([]);
  });
});

describe('the feed puts the hold on the rows, and a recording replays it', () => {
  const sink = new RecordingSink();
  const feed = new KubernetesFeed(sink, CONTEXT);
  const { holds } = watched([cordoned]);
  feed.apply({ t: 1, type: 'k8s.pods.list', context: CONTEXT, data: { items: pods } });
  feed.apply({ t: 2, type: DRAIN_RECORD.holds, context: CONTEXT, data: { holds: holds.at(-1) } });
  const rowsOf = (prefix: string) => sink.all('upsert').filter((u) => u.rows[0]!.group.startsWith(prefix)).at(-1)!.rows;

  it("the web rows say a drain would be held, by which budget, with its numbers; others don't", () => {
    const row = rowsOf('web-')[0]!;
    expect(row.drainHold).toEqual({ node: '127.0.0.1', budget: { name: 'web-budget', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 } });
    expect(drainHoldText(row)).toBe('drain held by budget web-budget (disruptionsAllowed 0, healthy 2/2): node 127.0.0.1 is cordoned');
    const warnings = lifecycleWarnings({ rows: [row], events: [], transitions: () => [], now: 3 });
    expect(warnings.map((w) => [w.kind, w.message])).toEqual([['drain-held', drainHoldText(row)]]);
    expect(sink.all('upsert').some((u) => u.rows[0]!.group === 'scratch')).toBe(false);
  });

  it('an empty holds record takes the mark off again', () => {
    feed.apply({ t: 3, type: DRAIN_RECORD.holds, context: CONTEXT, data: { holds: [] } });
    expect(rowsOf('web-')[0]!.drainHold).toBeUndefined();
  });

  it("this session's refused eviction is on the row, with the budget the apiserver's real 429 named", () => {
    const web = pods.find((p) => p.metadata!.name!.startsWith('web-'))!;
    const refused = evictionRefusal(refused429.message, refused429.details.causes, web.metadata!.labels, budgets, 'podlife-drain-fixtures', Date.UTC(2026, 11, 1, 15, 42, 30));
    expect(refused.budget).toEqual({ name: 'web-budget', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
    feed.apply({ t: 4, type: DRAIN_RECORD.eviction, context: CONTEXT, data: { namespace: 'podlife-drain-fixtures', name: web.metadata!.name, refused } });
    const row = rowsOf(web.metadata!.name!)[0]!;
    expect(drainHoldText(row)).toMatch(/^eviction refused at \d\d:\d\d:\d\d by budget web-budget \(disruptionsAllowed 0, healthy 2\/2\)$/);
    // Without the budgets' rights: the name from the 429 alone.
    expect(evictionRefusal(refused429.message, refused429.details.causes, undefined, [], 'podlife-drain-fixtures', 0)).toEqual({ at: 0, message: 'budget web-budget' });
  });

  it('the header lists cordoned nodes', () => {
    expect(cordonedText(['n1', 'n2'])).toBe('cordoned: n1, n2');
    expect(cordonedText([])).toBe('');
  });
});

describe('e: evict the selected pod, with the confirmation rules of delete', () => {
  const sink = new RecordingSink();
  new KubernetesFeed(sink, CONTEXT).apply({ t: 1, type: 'k8s.pods.list', context: CONTEXT, data: { items: pods } });
  const rows: ContainerRow[] = sink.last('resync')!.rows;
  const webIndex = rows.findIndex((r) => r.group.startsWith('web-'));
  const onWeb = { ...initialAppState(), cursor: { key: rows[webIndex]!.key, index: webIndex } };
  const view = (over: Partial<KeyContext> = {}): KeyContext => ({ rowsFor: () => rows, pageSize: 5, sourceKind: 'kubernetes', ...over });

  it('asks naming pod, namespace and context and what a budget does; y sends it, anything else cancels', () => {
    const asked = typeKeys(['e'], view(), onWeb).state;
    expect(asked.mode.kind).toBe('confirm');
    const request = (asked.mode as Extract<AppState['mode'], { kind: 'confirm' }>).request;
    expect(confirmQuestion(request)).toBe(`Evict pod ${rows[webIndex]!.group} in namespace podlife-drain-fixtures on context ${CONTEXT}?`);
    expect(confirmNotes(request)[0]).toContain('unless a PodDisruptionBudget allows no disruption now, which refuses it');
    expect(typeKeys(['n'], view(), asked).effects).toEqual([]);
    expect(typeKeys(['y'], view(), asked).effects).toEqual([{ kind: 'evict', row: rows[webIndex] }]);
  });

  it('refused read-only, and for Docker', () => {
    expect(typeKeys(['e'], view({ modifyBlockedReason: 'podlife runs with --readonly: delete, stop and kill are disabled' }), onWeb).state.message).toEqual({ text: 'podlife runs with --readonly: delete, stop and kill are disabled', error: true });
    expect(typeKeys(['e'], view({ sourceKind: 'docker' }), onWeb).state.message).toEqual({ text: 'eviction is for Kubernetes pods', error: true });
  });
});
