// `podlife drain` without a cluster: the plan (kubectl drain's rules) on the pods a real
// node served, the budget that holds a pod and its numbers from a real PodDisruptionBudget
// and the apiserver's real 429, the flags refused before anything connects, and how the
// drain ends (outcome lines and exit codes). Fixtures: test/fixtures/kubernetes/drain/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContainerVerdict } from '../../src/cli/delete-outcome.js';
import { drainSummary, type DrainedPod } from '../../src/cli/drain-outcome.js';
import { drainRequest, parseDuration } from '../../src/cli/drain-request.js';
import { drainQuestion, planLines, replacementText } from '../../src/cli/drain-text.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { refuseFlagsNotFor } from '../../src/cli/flag-scope.js';
import { UsageError, type Flags } from '../../src/cli/options.js';
import { budgetNamedIn, budgetText, holdingBudget } from '../../src/lifecycle/disruption-budgets.js';
import { MIRROR_POD_ANNOTATION, planDrain, refusalText, REFUSAL } from '../../src/lifecycle/drain-plan.js';
import type { PodDisruptionBudgetJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { selectorMatches } from '../../src/lifecycle/label-selector.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/kubernetes/drain/${name}`, import.meta.url)), 'utf8')) as T;
const pods = fixture<{ items: PodJson[] }>('pods-on-node.json').items;
const budgets = fixture<{ items: PodDisruptionBudgetJson[] }>('budgets.json').items;
const refused429 = fixture<Parameters<typeof budgetNamedIn>[0]>('eviction-429.json');
const pod = (prefix: string) => pods.find((p) => p.metadata!.name!.startsWith(prefix))!;
const NS = 'podlife-drain-fixtures';
const none = { ignoreDaemonsets: false, deleteEmptydirData: false, force: false };
const all = { ignoreDaemonsets: true, deleteEmptydirData: true, force: true };

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError); // exit 2, nothing sent
    return (err as Error).message;
  }
  throw new Error('was not refused');
}

describe('the plan, by kubectl drain rules, on the pods a real node served', () => {
  it("without flags: the DaemonSet's pod and the bare pod with an emptyDir refuse the drain, in kubectl's words", () => {
    const plan = planDrain(pods, none);
    expect(plan.refusals.map((r) => [r.message, r.pods.map((p) => p.name)])).toEqual([
      [REFUSAL.DaemonSet, [pod('agent').metadata!.name]],
      // kubectl stops at a pod's first refusal: local storage comes before "no controller".
      [REFUSAL.emptyDir, ['scratch']],
    ]);
    expect(refusalText(plan)).toBe(
      `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${NS}/${pod('agent').metadata!.name}; cannot delete Pods with local storage (use --delete-emptydir-data to override): ${NS}/scratch`,
    );
  });

  it('a finished pod is removed whatever it lacks (no controller); the Deployment\'s pods are evicted with their own grace', () => {
    const plan = planDrain(pods, none);
    expect(plan.evict.map((p) => p.name).sort()).toEqual(['finished', ...pods.filter((p) => p.metadata!.name!.startsWith('web-')).map((p) => p.metadata!.name)].sort());
    const web = plan.evict.find((p) => p.name.startsWith('web-'))!;
    expect(web.owner).toMatch(/^ReplicaSet web-/);
    expect(web.graceSeconds).toBe(5); // the Deployment's terminationGracePeriodSeconds
    expect(web.labels.app).toBe('web');
  });

  it('--ignore-daemonsets leaves the DaemonSet pod; --delete-emptydir-data and --force let the bare pod go, each noted', () => {
    const plan = planDrain(pods, all);
    expect(plan.refusals).toEqual([]);
    expect(plan.skip.map((p) => [p.name, p.reason])).toEqual([[pod('agent').metadata!.name, 'DaemonSet']]);
    expect(plan.evict.find((p) => p.name === 'scratch')!.notes).toEqual(['emptyDir', 'unmanaged']);
    // Only the emptyDir: without --force the bare pod is still refused.
    expect(refusalText(planDrain([pod('scratch')], { ...none, deleteEmptydirData: true }))).toBe(`${REFUSAL.unmanaged}: ${NS}/scratch`);
  });

  it('a mirror pod (the kubelet runs it from a file) is left on the node, never refused', () => {
    const mirror = { ...pod('scratch'), metadata: { ...pod('scratch').metadata, annotations: { [MIRROR_POD_ANNOTATION]: 'abc' } } };
    const plan = planDrain([mirror], none);
    expect(plan.refusals).toEqual([]);
    expect(plan.skip.map((p) => p.reason)).toEqual(['mirror pod']);
  });

  it('prints the plan and asks naming the node and the context', () => {
    const plan = planDrain(pods, all);
    const target = { node: '127.0.0.1', context: 'podlife-local', disableEviction: false };
    const lines = planLines(plan, target);
    expect(lines[0]).toBe('drain node/127.0.0.1 (context podlife-local): 4 pods to evict, 1 left on the node');
    expect(lines).toContain(`  evict  ${NS}/scratch  no controller, grace 1s (its own); its emptyDir data is deleted with it (--delete-emptydir-data); no controller: nothing recreates it (--force)`);
    expect(lines.at(-1)).toMatch(/^ {2}skip {3}podlife-drain-fixtures\/agent-\S+ {2}DaemonSet-managed/);
    expect(drainQuestion(plan, target)).toBe('Drain node 127.0.0.1 on context podlife-local? It is cordoned, then 4 pods are evicted. [y/N] ');
    expect(planLines(plan, { ...target, graceSeconds: 3 })[1]).toContain('grace 3s');
  });
});

describe('the budget that holds an eviction', () => {
  it("finds the real budget covering the Deployment's pod, with its status numbers", () => {
    const held = holdingBudget(pod('web-'), budgets)!;
    expect(held).toMatchObject({ name: 'web-budget', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, stale: false });
    expect(budgetText(held)).toBe('budget web-budget: disruptionsAllowed 0, healthy 2/2 (currentHealthy/desiredHealthy, 2 expected)');
    expect(holdingBudget(pod('scratch'), budgets)).toBeUndefined();
    // Another namespace's budget never covers the pod.
    expect(holdingBudget({ ...pod('web-'), metadata: { ...pod('web-').metadata, namespace: 'elsewhere' } }, budgets)).toBeUndefined();
  });

  it("reads the budget's name from the apiserver's real 429", () => {
    expect(budgetNamedIn(refused429)).toBe('web-budget');
    expect(budgetNamedIn({ message: 'Too many requests', reason: 'TooManyRequests' })).toBeUndefined();
  });

  it('matches selectors as the apiserver does: In, NotIn, Exists, DoesNotExist; {} selects all, null none', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(null, labels)).toBe(false);
  });
});

describe('drain flags, refused before anything connects', () => {
  const request = (flags: Flags, args = ['node/n1'], tty = false) => drainRequest(args, flags, tty);

  it('--grace takes whole seconds ≥ 1: -1 (kubectl\'s "its own") and 0 (a force delete) are refused', () => {
    expect(refusal(() => request({ grace: '-1', yes: true }))).toBe('--grace must be a whole number of seconds, 1 or more (got "-1"); leave it out for each pod\'s own grace period');
    expect(refusal(() => request({ grace: '0', yes: true }))).toMatch(/^--grace 0 would force-delete every pod/);
    expect(request({ grace: '7', yes: true }).graceSeconds).toBe(7);
    expect(request({ yes: true }).graceSeconds).toBeUndefined();
  });

  it('--timeout is a Go duration as kubectl takes it; 0 is no limit', () => {
    expect(parseDuration('20s')).toBe(20_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('20')).toBeNull();
    expect(parseDuration('20s junk')).toBeNull();
    expect(request({ timeout: '0', yes: true }).timeoutMs).toBeUndefined();
    expect(refusal(() => request({ timeout: 'soon', yes: true }))).toBe('--timeout must be a duration such as 20s, 5m or 1m30s (got "soon"); 0 waits without limit');
  });

  it('asks before it cordons: without a terminal, --yes (or --dry-run) is needed', () => {
    expect(refusal(() => request({}))).toBe('podlife drain asks before it cordons, and there is no terminal to ask on: give --yes (or --dry-run to see the plan)');
    expect(request({ dryRun: true }).dryRun).toBe(true);
    expect(request({}, ['node/n1'], true).yes).toBe(false);
  });

  it('takes node/NAME (nodes/, no/), and -o ndjson only', () => {
    expect(request({ yes: true }, ['nodes/n2']).node).toBe('n2');
    expect(refusal(() => request({ yes: true }, ['pod/x']))).toMatch(/^usage: podlife drain node\/NAME/);
    expect(refusal(() => request({ yes: true }, ['node/a', 'node/b']))).toMatch(/^usage: podlife drain node\/NAME/);
    expect(request({ yes: true, output: 'ndjson' }).ndjson).toBe(true);
    expect(refusal(() => request({ yes: true, output: 'json' }))).toBe('podlife drain prints lines as they happen, or events with -o ndjson; -o json does not apply');
  });

  it('a node is in no namespace: -A, -n and -l are refused with what to type instead', () => {
    expect(refusal(() => refuseFlagsNotFor('drain', { allNamespaces: true }))).toBe('a node is not in a namespace: podlife drain node/NAME takes the pods of every namespace on the node; drop -A');
    expect(refusal(() => refuseFlagsNotFor('drain', { namespace: 'web' }))).toBe('a node is not in a namespace: podlife drain node/NAME takes the pods of every namespace on the node; drop -n (narrow it with --pod-selector)');
    expect(refusal(() => refuseFlagsNotFor('drain', { selector: 'app=web' }))).toBe('podlife drain picks pods with --pod-selector (as kubectl drain does), not -l/--selector');
    expect(refusal(() => refuseFlagsNotFor('uncordon', { allNamespaces: true }))).toMatch(/^a node is not in a namespace: podlife uncordon/);
  });

  it("drain's flags are refused elsewhere, and delete's --now and --watch are refused by drain", () => {
    expect(refusal(() => refuseFlagsNotFor('delete', { podSelector: 'app=web' }))).toBe('--pod-selector only applies to podlife drain, not to podlife delete');
    expect(refusal(() => refuseFlagsNotFor('dashboard', { yes: true }))).toBe('--yes only applies to podlife drain and podlife delete, not to the dashboard (podlife)');
    expect(refusal(() => refuseFlagsNotFor('drain', { now: true }))).toBe('--now only applies to podlife delete, not to podlife drain');
    expect(refusal(() => refuseFlagsNotFor('drain', { watch: true }))).toMatch(/^--watch only applies to podlife delete, podlife timeline and podlife rollout, not to podlife drain$/);
    expect(refusal(() => refuseFlagsNotFor('uncordon', { grace: '5' }))).toBe('--grace only applies to podlife delete and podlife drain, not to podlife uncordon');
    expect(() => refuseFlagsNotFor('drain', { grace: '5', force: true, timeout: '20s', output: 'ndjson' })).not.toThrow();
  });
});

describe('how a drain ends', () => {
  const planned = (name: string) => ({ namespace: 'shop', name, owner: 'ReplicaSet web-1', graceSeconds: 30, labels: {} });
  const exited = (text: string, verdict: ContainerVerdict['verdict'] = 'ok'): ContainerVerdict[] => [{ container: 'main', verdict, text }];
  const budget = { name: 'web-budget', namespace: 'shop', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, stale: false };
  const held = { budget, message: "Cannot evict pod as it would violate the pod's disruption budget.", since: 0, lastAt: 19_000, refusals: 7 };

  it(`exit ${EXIT.ok} once every pod is gone from the node, each pod's stop on its line`, () => {
    const pods: DrainedPod[] = [
      { pod: planned('a'), evictedAt: 1, gone: exited('exited 0') },
      { pod: planned('b'), evictedAt: 1, gone: exited('KILLed at the 30 s deadline (exit 137)', 'killed') },
    ];
    const s = drainSummary('n1', pods, 'drained', 20_000);
    expect(s.code).toBe(EXIT.ok);
    expect(s.pods).toEqual([
      { pod: 'shop/a', outcome: 'main exited 0' },
      { pod: 'shop/b', outcome: 'main KILLed at the 30 s deadline (exit 137)' },
    ]);
    expect(s.summary).toBe('node n1 drained: every pod gone (2); exit 0');
  });

  it(`exit ${EXIT.drainBlocked} when the timeout finds a pod still held by a budget, named with its numbers`, () => {
    const s = drainSummary('n1', [{ pod: planned('a'), held }, { pod: planned('b'), evictedAt: 1, gone: exited('exited 0') }], 'timeout', 20_000);
    expect(s.code).toBe(EXIT.drainBlocked);
    expect(s.pods[0]).toEqual({ pod: 'shop/a', outcome: 'still held by budget web-budget: disruptionsAllowed 0, healthy 2/2 (currentHealthy/desiredHealthy, 2 expected); refused 7 times over 20 s' });
    expect(s.summary).toBe('drain timed out: 1 pod held by budget web-budget; 1 of 2 gone; node n1 stays cordoned (podlife uncordon node/n1 to undo); exit 8');
  });

  it(`exit ${EXIT.timedOut} when the timeout finds pods evicted but still stopping`, () => {
    const s = drainSummary('n1', [{ pod: planned('a'), evictedAt: 1 }], 'timeout', 20_000);
    expect(s.code).toBe(EXIT.timedOut);
    expect(s.pods[0]!.outcome).toBe('evicted, still stopping on the node');
    expect(s.summary).toBe('drain timed out: 1 of 1 pods still on the node; node n1 stays cordoned (podlife uncordon node/n1 to undo); exit 7');
  });

  it(`exit ${EXIT.interrupted} on Ctrl-C, saying the node stays cordoned; exit ${EXIT.error} when an eviction is refused for good`, () => {
    const i = drainSummary('n1', [{ pod: planned('a'), held }], 'interrupted', 20_000);
    expect(i.code).toBe(EXIT.interrupted);
    expect(i.summary).toBe('drain interrupted: 0 of 1 pods gone; node n1 stays cordoned (podlife uncordon node/n1 to undo); exit 130');
    const f = drainSummary('n1', [{ pod: planned('a'), failed: 'forbidden: cannot create pods/eviction in namespace shop (context c): no' }], 'drained', 1);
    expect(f.code).toBe(EXIT.error);
    expect(f.pods[0]!.outcome).toBe('not evicted: forbidden: cannot create pods/eviction in namespace shop (context c): no');
  });

  it('a replacement the scheduler cannot place says so, in its words', () => {
    const pending: PodJson = {
      metadata: { namespace: 'shop', name: 'web-1-x', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 node(s) were unschedulable.' }] },
    };
    expect(replacementText(pending)).toBe('replacement shop/web-1-x (ReplicaSet web-1): Pending, not scheduled (Unschedulable): 0/1 nodes are available: 1 node(s) were unschedulable.');
    expect(replacementText({ ...pending, spec: { nodeName: 'n2' }, status: { phase: 'Running' } })).toBe('replacement shop/web-1-x (ReplicaSet web-1): Running on node n2');
  });
});
