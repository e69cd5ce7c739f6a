// apiserver faults against real processes: a second kube-apiserver on the shared etcd
// (second-apiserver.ts) that these tests SIGKILL, SIGSTOP and restart while podlife
// watches it; changes are made through the shared apiserver meanwhile. The shared
// apiserver is never touched.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ConnectionStatus, ContainerRow } from '../../src/lifecycle/types.js';
import { Session, type SourceProvider } from '../../src/session.js';
import { loadKubeconfig, selectContext, type KubeTarget } from '../../src/sources/kubernetes-kubeconfig.js';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { Store } from '../../src/store/store.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, crasherPod, deletePod, podsNow, sleeperPod } from './fault-pods.js';
import { CONTEXT, Cluster, clusterOrMissingReason, waitFor } from './kubernetes-cluster.js';
import { SecondApiserver, compactEtcd, freePort } from './second-apiserver.js';
import { describeWhere, itWhere, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

// Short bounds so a fault shows in seconds. The server ends each watch after 2 s, well
// inside the 3 s silence bound, so a healthy watch is never taken for a hung one.
const TIMING = { backoffInitialMs: 100, backoffMaxMs: 500, watchTimeoutSeconds: 2, inactivityMs: 3000, requestTimeoutMs: 2000 };

/** A source on `target` pushing into a real Store, with every raw record and status kept. */
function watch(t: KubeTarget, namespace: string) {
  const store = new Store({ frameMs: 5 });
  const records: RawRecord[] = [];
  const statuses: ConnectionStatus[] = [];
  const source = new KubernetesSource({
    target: t,
    namespace,
    timing: TIMING,
    clockProbes: 0,
    tap: (r) => {
      records.push(r);
      if (r.type === 'status') statuses.push(r.data as ConnectionStatus);
    },
  });
  source.start(store.sinkFor('kubernetes', t.context));
  const present = (): ContainerRow[] => store.allRows().filter((r) => r.goneAt === undefined);
  const row = (pod: string) => present().find((r) => r.group === pod);
  const lastStatus = () => statuses.at(-1);
  const lists = () => records.filter((r) => r.type === 'k8s.pods.list').length;
  return { store, records, statuses, source, present, row, lastStatus, lists };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describeWhere(missing, `apiserver faults`, () => {
  const ns = `podlife-fault-api-${process.pid}-${Date.now().toString(36)}`;
  let cluster: Cluster;
  let second: SecondApiserver;
  let watched: ReturnType<typeof watch> | undefined;

  /** The rows podlife shows equal the pods the shared apiserver has (names and restart counts). */
  async function rowsMatchTruth(w: ReturnType<typeof watch>): Promise<boolean> {
    const truth = await podsNow(cluster, ns);
    const shown = new Map(w.present().map((r) => [r.group, r.restartCount]));
    return truth.size === shown.size && [...truth].every(([name, restarts]) => shown.get(name) === restarts);
  }

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(ns);
    // The crasher first: the kubelet's restart back-off grows, so its restarts come early.
    await createPod(cluster, ns, crasherPod('crasher'));
    await createPod(cluster, ns, sleeperPod('keep'));
    await createPod(cluster, ns, sleeperPod('doomed'));
    second = await SecondApiserver.create();
    await second.start();
  }, 120_000);

  afterEach(async () => {
    second?.signal('SIGCONT');
    // A test that failed half-way must not leave the next one without its apiserver.
    if (second && !second.running) await second.start();
    await watched?.source.close();
    watched?.store.dispose();
    watched = undefined;
  });

  afterAll(async () => {
    await second?.dispose();
    await cluster?.deleteNamespace(ns);
    await cluster?.close();
  });

  it('SIGKILL mid-watch: disconnected within 2 s, rows stale; after a restart the delete, the create and a restart show, no ghost rows', async () => {
    const w = (watched = watch(second.target(), ns));
    await waitFor('rows of the three pods', () => w.lastStatus()?.state === 'live' && w.row('keep') && w.row('doomed') && w.row('crasher'), 30_000);
    const restartsBefore = w.row('crasher')!.restartCount;

    const killedAt = Date.now();
    await second.kill();
    const down = await waitFor('a disconnected status', () => w.statuses.find((s) => s.state === 'disconnected'), 2000);
    expect(down.since).toBeGreaterThanOrEqual(killedAt - 50);
    expect(down.since).toBeLessThanOrEqual(killedAt + 2000);
    expect(down.message).toContain(second.server);
    expect(down.message).toContain(`context ${CONTEXT}`);
    expect(down.message).toContain(`namespace ${ns}`);
    expect(w.present().length).toBeGreaterThan(0);
    expect(w.present().every((r) => r.stale)).toBe(true);

    // Changes through the shared apiserver while podlife cannot see them.
    await deletePod(cluster, ns, 'doomed');
    await createPod(cluster, ns, sleeperPod('newbie'));
    await until('the kubelet to restart the crasher', async () => ((await podsNow(cluster, ns)).get('crasher') ?? 0) > restartsBefore, 60_000);
    await until('doomed to be gone', async () => !(await podsNow(cluster, ns)).has('doomed'), 20_000);
    expect(w.lastStatus()?.state).toBe('disconnected');
    // One outage, one "since" (the message may change from one retry to the next).
    expect(new Set(w.statuses.filter((s) => s.state === 'disconnected').map((s) => s.since)).size).toBe(1);
    expect(w.row('newbie')).toBeUndefined();

    await second.start();
    await waitFor('live again', () => w.lastStatus()?.state === 'live', 10_000);
    await until('rows to match the cluster', () => rowsMatchTruth(w), 15_000);
    expect(w.row('doomed')).toBeUndefined();
    expect(w.row('newbie')).toBeDefined();
    expect(w.row('crasher')!.restartCount).toBeGreaterThan(restartsBefore);
    expect(w.store.allRows().some((r) => r.stale)).toBe(false);
  }, 120_000);

  it('SIGSTOP (connection open, server silent): disconnected within the configured bound, not never; live after SIGCONT', async () => {
    const w = (watched = watch(second.target(), ns));
    await waitFor('live', () => w.lastStatus()?.state === 'live' && w.row('keep'), 30_000);
    // Healthy but quiet: several server-ended watches pass without a false alarm.
    await new Promise((r) => setTimeout(r, TIMING.inactivityMs + 2000));
    expect(w.statuses.some((s) => s.state === 'disconnected')).toBe(false);
    // Each server-ended watch resumed from its resourceVersion: no relist.
    expect(w.lists()).toBe(1);
    expect(w.records.filter((r) => r.type === 'k8s.pods.list')).toHaveLength(1);

    second.signal('SIGSTOP');
    const stoppedAt = Date.now();
    const bound = TIMING.inactivityMs + TIMING.requestTimeoutMs + 1000;
    const down = await waitFor('a disconnected status', () => w.statuses.find((s) => s.state === 'disconnected'), bound);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(bound);
    expect(down.message).toMatch(/silent for [23] s|no answer within 2 s/);
    expect(w.present().every((r) => r.stale)).toBe(true);

    second.signal('SIGCONT');
    await waitFor('live again', () => w.lastStatus()?.state === 'live', 15_000);
    await until('rows to match the cluster', () => rowsMatchTruth(w), 15_000);
    expect(w.store.allRows().some((r) => r.stale)).toBe(false);
  }, 60_000);

  it('etcd compacted while the apiserver was down: the resume gets 410 Gone, podlife relists and the rows are right', async () => {
    const w = (watched = watch(second.target(), ns));
    await waitFor('live', () => w.lastStatus()?.state === 'live' && w.row('keep'), 30_000);
    expect(w.lists()).toBe(1);

    await second.kill();
    await waitFor('disconnected', () => w.lastStatus()?.state === 'disconnected', 2000);
    for (let i = 0; i < 4; i++) await createPod(cluster, ns, sleeperPod(`burst-${i}`));
    await deletePod(cluster, ns, 'burst-0');
    await deletePod(cluster, ns, 'keep');
    const revision = await compactEtcd();
    expect(revision).toBeGreaterThan(0);

    await second.start();
    await waitFor('a relist', () => w.lists() >= 2, 15_000);
    await until('rows to match the cluster', () => rowsMatchTruth(w), 15_000);
    expect(w.row('keep')).toBeUndefined();
    expect(w.row('burst-0')).toBeUndefined();
    expect(w.row('burst-3')).toBeDefined();
    expect(w.lastStatus()?.state).toBe('live');
  }, 90_000);

  itWhere(tmuxMissing(), 'the TUI (built binary) on the second apiserver: SIGKILL shows "disconnected since … (rows may be stale): lost connection to …" within ~2 s; it clears after a restart', async () => {
    const s = new TmuxScreen(['--kubeconfig', second.kubeconfig, '-n', ns], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 200, rows: 20 });
    try {
      await s.waitForText(/crasher\s+crasher\s+(Waiting|Running|Terminated)/, 20_000); // (keep is gone after the compaction test)
      await second.kill();
      const down = await s.waitForText(/disconnected since \d\d:\d\d:\d\d \(rows may be stale\): lost connection to https:\/\/127\.0\.0\.1:\d+ /, 2500);
      expect(down).toContain(`:${second.port}`);
      await second.start();
      // The binary's own back-off (up to 5 s) decides when it retries.
      await s.waitFor((screen) => !screen.includes('disconnected since') && /crasher\s+crasher\s+(Waiting|Running|Terminated)/.test(screen), 'the outage line to clear', 15_000);
      s.keys('q');
      await s.waitForText('[exit 0]');
    } finally {
      s.close();
    }
  }, 60_000);

  it('switching context while the watch is failing: the switch is prompt and the failing context leaves no rows or status', async () => {
    const deadPort = await freePort();
    const kubeconfig = join(second.dir, 'two-contexts.yaml');
    const ca = loadKubeconfig({ kubeconfig: second.kubeconfig }).clusters[0]!.caFile!;
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- {name: dead, cluster: {server: 'https://127.0.0.1:${deadPort}', certificate-authority: '${ca}'}}`,
        `- {name: second, cluster: {server: '${second.server}', certificate-authority: '${ca}'}}`,
        ...['users:', ...loadUsersYaml(second.kubeconfig)],
        'contexts:',
        '- {name: dead, context: {cluster: dead, user: admin}}',
        '- {name: second, context: {cluster: second, user: admin}}',
        'current-context: second',
      ].join('\n'),
    );
    const loaded = loadKubeconfig({ kubeconfig });
    const live = selectContext(loaded, 'second');
    const provider: SourceProvider = {
      kind: 'kubernetes',
      create: (context, namespace) => new KubernetesSource({ target: selectContext(loaded, context), namespace, timing: TIMING, clockProbes: 0 }),
    };
    const store = new Store({ frameMs: 5 });
    const session = new Session(store, provider, { context: 'second', namespace: ns, readonly: false });
    const status = (context: string) => store.statusList().find((s) => s.context === context);
    try {
      session.start();
      await waitFor('second live with rows', () => status('second')?.state === 'live' && store.allRows().length > 0, 30_000);
      await second.kill();
      await waitFor('second disconnected', () => status('second')?.state === 'disconnected', 2000);

      // To a context whose server refuses connections: the old rows and status go at once.
      let startedAt = Date.now();
      await session.switchTo('dead');
      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(store.allRows().filter((r) => r.context === 'second')).toEqual([]);
      expect(status('second')).toBeUndefined();
      const dead = await waitFor('dead disconnected', () => (status('dead')?.state === 'disconnected' ? status('dead') : undefined), 5000);
      expect(dead.message).toContain(`127.0.0.1:${deadPort}`);
      expect(dead.message).toContain('context dead');

      // Back to a working one while dead keeps failing.
      await second.start();
      startedAt = Date.now();
      await session.switchTo('second');
      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(status('dead')).toBeUndefined();
      await waitFor('second live again', () => status('second')?.state === 'live' && store.allRows().length > 0, 15_000);
      expect(store.allRows().every((r) => r.context === 'second' && !r.stale)).toBe(true);
      expect(live.server).toBe(second.server);
    } finally {
      await session.close();
      store.dispose();
    }
  }, 90_000);
});

/** The users: section of a kubeconfig, re-indented (the admin client cert of the local cluster). */
function loadUsersYaml(kubeconfig: string): string[] {
  const users = loadKubeconfig({ kubeconfig }).users;
  return users.map((u) => `- {name: ${u.name}, user: {client-certificate: '${u.certFile}', client-key: '${u.keyFile}'}}`);
}
