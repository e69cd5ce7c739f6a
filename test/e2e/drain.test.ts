// `podlife drain` on the real local cluster, shared with every other suite: each drain
// here takes only this suite's pods (--pod-selector app=<ours>), and the drained node is
// uncordoned after every test and in afterAll, whatever happened.
// A Deployment of 2 pods and a budget allowing 0 disruptions (minAvailable 2): the drain
// is held, names the budget and exits 8 at its timeout; Ctrl-C leaves the node cordoned
// (exit 130) and `podlife uncordon` undoes it; with the budget relaxed while the drain
// retries, it finishes, every pod's stop shown. Where the replacements go depends on the
// cluster: with two nodes (PODLIFE_NODES=2) the Deployment's pods start on the first
// (a node label only it has, at first) and the replacements run on the second; with one,
// they stay Pending (the only node is cordoned), said so. Under CI with PODLIFE_NODES=2 a
// cluster without its second node fails that test. Bad input: each a one-line error and
// nothing cordoned.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { errorFrom } from '../../src/sources/kubernetes-http.js';
import { describeWhere, itWhere } from '../support/requirements.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { PODLIFE_BIN } from '../support/tmux.js';
import { EXPECTED_NODES, clusterNodes, secondNodeMissing } from './cluster-nodes.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, waitFor, type Cluster } from './kubernetes-cluster.js';
import { writeKubeconfig } from './limited-user.js';

const { target, missing } = await clusterOrMissingReason();
const nodes = target ? await clusterNodes(target) : [];
/** Two Ready nodes (or two asked for): the replacements must run on the second. */
const TWO_NODES = nodes.filter((n) => n.ready).length >= 2 || EXPECTED_NODES >= 2;
const IMAGE = 'registry.local/podlife/busybox:1.36';
const APP = `drain-e2e-${process.pid}`;
const BUDGET = `${APP}-budget`;
/** The Deployment's nodeSelector: the drained node has this label from the start, the other node only once the pods run. */
const PLACE = `podlife-e2e/${APP}`;
/** The kubectl the cluster build made (test/cluster/lib.sh K8S_BIN), else the one on PATH. */
const KUBECTL = [join(process.env.PODLIFE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podlife'), 'k8s-v1.34.4', 'bin', 'kubectl')].find((f) => existsSync(f)) ?? 'kubectl';

/** A running podlife: what it printed so far, and its exit. */
function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [PODLIFE_BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { stdout: '', stderr: '', child, exited: undefined as Promise<CliResult> | undefined };
  child.stdout.on('data', (d) => (run.stdout += d));
  child.stderr.on('data', (d) => (run.stderr += d));
  run.exited = new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout: run.stdout, stderr: run.stderr })));
  return run as typeof run & { exited: Promise<CliResult> };
}

async function patch(cluster: Cluster, path: string, body: unknown): Promise<void> {
  const res = await cluster.http.request({ method: 'PATCH', path, body, contentType: 'application/merge-patch+json' });
  if (res.status >= 300) throw await errorFrom(res);
  await res.text();
}

describeWhere(missing, 'podlife drain on the real cluster', () => {
  const scratch = useScratchNamespace('podlife-drain', () => target!);
  const dir = mkdtempSync(join(tmpdir(), 'podlife-drain-'));
  /** The node drained; with two nodes, `other` takes the replacements. */
  let node = '';
  let other = '';

  const unschedulable = async () => (await scratch.cluster.http.getJson<{ spec?: { unschedulable?: boolean } }>(`/api/v1/nodes/${node}`)).data.spec?.unschedulable === true;
  // Never leave the shared node cordoned: other suites schedule on it.
  const uncordon = async () => {
    if (node && scratch.cluster) await patch(scratch.cluster, `/api/v1/nodes/${node}`, { spec: { unschedulable: null } });
  };
  const label = (name: string, value: string | null) => patch(scratch.cluster, `/api/v1/nodes/${name}`, { metadata: { labels: { [PLACE]: value } } });
  const drain = (...extra: string[]) => ['drain', `node/${node}`, '--context', CONTEXT, '--pod-selector', `app=${APP}`, ...extra];
  const podsOfApp = async () =>
    (await scratch.cluster.http.getJson<{ items: Record<string, any>[] }>(`/api/v1/namespaces/${scratch.namespace}/pods`, { labelSelector: `app=${APP}` })).data.items;

  beforeAll(async () => {
    const ready = nodes.filter((n) => n.ready).map((n) => n.name);
    [node = '', other = ''] = ready;
    if (!node) throw new Error('no Ready node');
    await label(node, 'yes');
    await scratch.cluster.createObject(scratch.namespace, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: APP },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: APP } },
        template: {
          metadata: { labels: { app: APP } },
          spec: {
            terminationGracePeriodSeconds: 5,
            nodeSelector: { [PLACE]: 'yes' },
            containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1 & wait $!; done'] }],
          },
        },
      },
    });
    await scratch.cluster.post(`/apis/policy/v1/namespaces/${scratch.namespace}/poddisruptionbudgets`, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: BUDGET },
      spec: { minAvailable: 2, selector: { matchLabels: { app: APP } } },
    });
    await waitFor('2 ready pods and a budget that counts them', async () => {
      const pdb = (await scratch.cluster.http.getJson<Record<string, any>>(`/apis/policy/v1/namespaces/${scratch.namespace}/poddisruptionbudgets/${BUDGET}`)).data;
      return pdb.status?.currentHealthy === 2 && pdb.status?.observedGeneration === pdb.metadata.generation;
    }, 120_000);
    const placed = (await podsOfApp()).map((p) => p.spec?.nodeName);
    expect(placed).toEqual([node, node]);
    // From now on a pod of the Deployment may also run on the other node: only the drain's
    // cordon sends the replacements there.
    if (other) await label(other, 'yes');
  }, 180_000);
  afterEach(uncordon);
  afterAll(async () => {
    await uncordon();
    for (const name of [node, other]) if (name && scratch.cluster) await label(name, null).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('bad input: a one-line error, and nothing cordoned', () => {
    const refused = async (args: string[], code: number, line: string, env: Record<string, string> = {}) => {
      const r = await runCli(args, env, 60_000);
      expect(r.stderr.split('\n')[0], r.stderr).toBe(line);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(code);
      expect(await unschedulable()).toBe(false);
    };

    it('an unknown node', async () => {
      await refused(['drain', 'node/no-such-node', '--context', CONTEXT, '--yes'], EXIT.error, `podlife: node no-such-node not found (context ${CONTEXT})`);
    }, 90_000);

    it('a node name with -A', async () => {
      await refused([...drain('--yes'), '-A'], EXIT.usage, 'podlife: a node is not in a namespace: podlife drain node/NAME takes the pods of every namespace on the node; drop -A');
    }, 90_000);

    it('--grace -1', async () => {
      await refused([...drain('--yes'), '--grace', '-1'], EXIT.usage, 'podlife: --grace must be a whole number of seconds, 1 or more (got "-1"); leave it out for each pod\'s own grace period');
    }, 90_000);

    it('no terminal to ask on, and no --yes', async () => {
      await refused(drain(), EXIT.usage, 'podlife: podlife drain asks before it cordons, and there is no terminal to ask on: give --yes (or --dry-run to see the plan)');
    }, 90_000);

    it('a user who may read the node and its pods, and even patch the node, but not evict', async () => {
      const sa = APP;
      const cluster = scratch.cluster;
      await cluster.post(`/api/v1/namespaces/${scratch.namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });
      const rbac = '/apis/rbac.authorization.k8s.io/v1';
      await cluster.post(`${rbac}/clusterroles`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: sa },
        rules: [
          { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch'] },
          { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
        ],
      });
      try {
        await cluster.post(`${rbac}/clusterrolebindings`, {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: sa },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: sa },
          subjects: [{ kind: 'ServiceAccount', name: sa, namespace: scratch.namespace }],
        });
        const token = (await cluster.post(`/api/v1/namespaces/${scratch.namespace}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } })) as {
          status: { token: string };
        };
        const kubeconfig = join(dir, 'no-evict.yaml');
        writeKubeconfig(kubeconfig, token.status.token, [{ name: 'no-evict', user: 'token' }]);
        await refused(
          ['drain', `node/${node}`, '--kubeconfig', kubeconfig, '--context', 'no-evict', '--pod-selector', `app=${APP}`, '--yes'],
          EXIT.error,
          `podlife: forbidden: this user may not create pods/eviction in namespace ${scratch.namespace} (context no-evict); nothing cordoned`,
          { KUBECONFIG: '' },
        );
      } finally {
        await cluster.http.request({ method: 'DELETE', path: `${rbac}/clusterrolebindings/${sa}` }).catch(() => undefined);
        await cluster.http.request({ method: 'DELETE', path: `${rbac}/clusterroles/${sa}` }).catch(() => undefined);
      }
    }, 90_000);
  });

  it('--dry-run -o ndjson: the plan as one event, nothing cordoned', async () => {
    const r = await runCli(drain('--dry-run', '-o', 'ndjson'), {}, 60_000);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const names = (await podsOfApp()).map((p) => `${scratch.namespace}/${p.metadata.name}`).sort();
    expect(events[0]).toMatchObject({ event: 'plan', node, context: CONTEXT, skip: [] });
    expect([...events[0]!.evict].sort()).toEqual(names);
    expect(events.at(-1)).toMatchObject({ event: 'dry-run' });
    expect(await unschedulable()).toBe(false);
  }, 90_000);

  it(`held by a budget allowing 0 disruptions: names it with its numbers, exit ${EXIT.drainBlocked} at --timeout 20s; the node stays cordoned until podlife uncordon`, async () => {
    const r = await runCli(drain('--timeout', '20s', '--yes'), {}, 90_000);
    expect(r.stdout).toContain(`node ${node} cordoned (spec.unschedulable: true)`);
    expect(r.stdout).toMatch(new RegExp(`: held by budget ${BUDGET}: disruptionsAllowed 0, healthy 2/2 \\(currentHealthy/desiredHealthy, 2 expected\\); refused \\d+ times? over \\d+ s, retrying with backoff`));
    expect(r.stdout).toMatch(new RegExp(`still held by budget ${BUDGET}: disruptionsAllowed 0, healthy 2/2 .*; refused \\d+ times over \\d+ s`));
    expect(r.stdout).toContain(`drain timed out: 2 pods held by budget ${BUDGET}; 0 of 2 gone; node ${node} stays cordoned (podlife uncordon node/${node} to undo); exit ${EXIT.drainBlocked}`);
    expect(r.code, r.stderr).toBe(EXIT.drainBlocked);
    expect((await podsOfApp()).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    expect(await unschedulable()).toBe(true);
    const u = await runCli(['uncordon', `node/${node}`, '--context', CONTEXT], {}, 30_000);
    expect(u.stdout).toBe(`node ${node} uncordoned (context ${CONTEXT}): new pods may be scheduled on it again\n`);
    expect(u.code).toBe(EXIT.ok);
    expect(await unschedulable()).toBe(false);
  }, 120_000);

  it(`Ctrl-C while held stops evicting, says the node stays cordoned, exit ${EXIT.interrupted}`, async () => {
    const run = startCli(drain('--yes'));
    await waitFor('the held line', () => run.stdout.includes(`held by budget ${BUDGET}`), 60_000);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.stdout).toContain(`drain interrupted: 0 of 2 pods gone; node ${node} stays cordoned (podlife uncordon node/${node} to undo); exit ${EXIT.interrupted}`);
    expect(r.code).toBe(EXIT.interrupted);
    expect(await unschedulable()).toBe(true);
  }, 90_000);

  it('while kubectl drain (not podlife) retries against the budget, the dashboard names it, and the cordoned node, on both rows', async () => {
    const dashboard = startCli(['--context', CONTEXT, '-n', scratch.namespace, '-l', `app=${APP}`, '-o', 'ndjson']);
    const kubectl = spawn(KUBECTL, ['--context', CONTEXT, 'drain', node, '--pod-selector', `app=${APP}`, '--timeout', '90s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    kubectl.stdout.on('data', (d) => (said += d));
    kubectl.stderr.on('data', (d) => (said += d));
    try {
      // kubectl's own view: it only retries, at -v=0 without naming the budget.
      await waitFor('kubectl drain retrying', () => said.includes('will retry after 5s'), 60_000);
      const held = await waitFor(
        'both rows naming the budget',
        () => {
          const rows = dashboard.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
          const latest = new Map(rows.filter((r) => r.group).map((r) => [r.group as string, r]));
          const marked = [...latest.values()].filter((r) => r.drainHold?.budget?.name === BUDGET);
          return marked.length === 2 && marked;
        },
        60_000,
      );
      for (const row of held) expect(row.drainHold).toEqual({ node, budget: { name: BUDGET, disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 } });
    } finally {
      kubectl.kill('SIGINT');
      dashboard.child.kill('SIGTERM');
      await dashboard.exited;
    }
  }, 150_000);

  /** Relaxes the budget while a drain is held, and checks what every drain shows of each old pod's stop; the finished drain's output. */
  const drainWithBudgetRelaxed = async (): Promise<{ before: string[]; out: string }> => {
    const before = (await podsOfApp()).map((p) => p.metadata.name as string);
    const run = startCli(drain('--timeout', '90s', '--yes'));
    await waitFor('the held line', () => run.stdout.includes(`held by budget ${BUDGET}`), 60_000);
    await patch(scratch.cluster, `/apis/policy/v1/namespaces/${scratch.namespace}/poddisruptionbudgets/${BUDGET}`, { spec: { minAvailable: 0 } });
    const r = await run.exited;
    for (const pod of before) {
      const id = `${scratch.namespace}/${pod}`;
      expect(r.stdout).toMatch(new RegExp(`${id}: eviction accepted after \\d+ s held`));
      // The same phase lines as delete --watch: TERM sent, then the exit, then gone.
      expect(r.stdout).toMatch(new RegExp(`${id} main: term \\(\\d+/5s, KILL in`));
      expect(r.stdout).toMatch(new RegExp(`${id} main: done: exited 0 after [\\d.]+ s of 5 s`));
      expect(r.stdout).toContain(`${id}: gone from the node`);
      expect(r.stdout).toContain(`  ${id}: main exited 0`);
    }
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`node ${node} drained: every pod gone (2); exit ${EXIT.ok}`);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    // Gone from the node for real: none of the old pods is left.
    const after = (await podsOfApp()).map((p) => p.metadata.name as string);
    expect(after.filter((name) => before.includes(name))).toEqual([]);
    return { before, out: r.stdout };
  };

  /** `podlife uncordon` at the end, so the suites after this one have the node again. */
  const uncordonWithPodlife = async () => {
    const u = await runCli(['uncordon', `node/${node}`, '--context', CONTEXT], {}, 30_000);
    expect(u.stdout).toBe(`node ${node} uncordoned (context ${CONTEXT}): new pods may be scheduled on it again\n`);
    expect(u.code).toBe(EXIT.ok);
    expect(await unschedulable()).toBe(false);
  };

  if (TWO_NODES) {
    itWhere(
      secondNodeMissing(nodes),
      'the budget relaxed while the drain retries: it finishes when every pod is gone, each stop shown, the replacements running on the other node',
      async () => {
        const { before, out } = await drainWithBudgetRelaxed();
        const replacements = out.split('\n').filter((l) => l.startsWith('replacement '));
        expect(replacements, out).toHaveLength(2);
        for (const line of replacements) expect(line).toMatch(new RegExp(`^replacement ${scratch.namespace}/${APP}-\\S+ \\(ReplicaSet ${APP}-\\S+\\): (Pending|Running) on node ${other.replaceAll('.', '\\.')}$`));
        expect(out).not.toContain('stays Pending');
        // The API's word, not only podlife's: both replacements run on the other node.
        const running = await waitFor(
          'both replacements Running and ready',
          async () => {
            const pods = (await podsOfApp()).filter((p) => !before.includes(p.metadata.name) && !p.metadata.deletionTimestamp);
            return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running' && p.status?.containerStatuses?.[0]?.ready === true) && pods;
          },
          90_000,
        );
        expect(running.map((p) => p.spec.nodeName)).toEqual([other, other]);
        await uncordonWithPodlife();
      },
      210_000,
    );
  } else {
    it('the budget relaxed while the drain retries: it finishes when every pod is gone, each stop shown, the replacements Pending on the cordoned node (the only one)', async () => {
      const { out } = await drainWithBudgetRelaxed();
      expect(out).toMatch(new RegExp(`replacement ${scratch.namespace}/${APP}-\\S+ \\(ReplicaSet ${APP}-\\S+\\): Pending, not scheduled \\(Unschedulable\\): 0/1 nodes are available: 1 node\\(s\\) were unschedulable`));
      expect(out).toContain(`(node ${node} is cordoned: a replacement stays Pending until another node can take it, or the node is uncordoned)`);
      await uncordonWithPodlife();
    }, 150_000);
  }
});
