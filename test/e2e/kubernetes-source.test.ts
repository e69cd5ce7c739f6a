// The Kubernetes source against the real local cluster (kube-apiserver + kubelet +
// containerd from `npm run cluster:up`). Each run works in a scratch namespace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOutcome, terminationOutcome, viewTermination } from '../../src/lifecycle/termination.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { KubernetesActionError, KubernetesSource } from '../../src/sources/kubernetes.js';
import { loadKubeconfig, selectContext } from '../../src/sources/kubernetes-kubeconfig.js';
import { CONTEXT, Cluster, CollectingSink, clusterOrMissingReason, waitFor } from './kubernetes-cluster.js';
import { describeWhere } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `Kubernetes source on the local cluster`, () => {
  const namespace = `podlife-e2e-${process.pid}-${Date.now().toString(36)}`;
  let cluster: Cluster;
  let source: KubernetesSource;
  const sink = new CollectingSink();
  const records: RawRecord[] = [];
  const key = (pod: string, container: string) => `k8s/${CONTEXT}/${namespace}/${pod}/${container}`;

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(namespace);
    source = new KubernetesSource({ target: target!, namespace, tap: (r) => records.push(r) });
    source.start(sink);
    await waitFor('the source to go live', () => sink.statuses.some((s) => s.state === 'live'), 15_000);
  }, 30_000);

  afterAll(async () => {
    await source?.close();
    await cluster?.deleteNamespace(namespace);
    await cluster?.close();
  });

  it('goes live, measures the clock offset and records what it receives before mapping', async () => {
    await waitFor('a clock offset', () => source.clockOffsetMs !== undefined, 5000);
    // Same machine: the offset must come out near zero, within the Date header's resolution.
    expect(Math.abs(source.clockOffsetMs!)).toBeLessThan(600);
    expect(records.map((r) => r.type)).toContain('k8s.pods.list');
    expect(records.every((r) => r.context === CONTEXT)).toBe(true);
  });

  it('lifecycle pod: ContainerCreating → Running; delete → preStop, exit 0, removed', async () => {
    const { name } = await cluster.createDemoPod(namespace, 'lifecycle-pod.yaml');
    const rowKey = key(name, 'web');
    const running = await waitFor('lifecycle Running', () => (sink.row(rowKey)?.state === 'Running' ? sink.row(rowKey) : undefined), 60_000, sink);
    const seen = sink.rowsSeen(rowKey).map((h) => `${h.row.state}:${h.row.reason ?? ''}`);
    expect(seen).toContain('Waiting:ContainerCreating');
    expect(seen.indexOf('Waiting:ContainerCreating')).toBeLessThan(seen.indexOf('Running:'));
    expect(running).toMatchObject({ kind: 'main', hooks: { postStart: 'exec', preStop: 'exec', preStopSeconds: 5 }, defaultGraceSeconds: 30 });
    const apiPod = await cluster.getPod(namespace, name);
    const startedAt = Date.parse(apiPod.status.containerStatuses[0].state.running.startedAt) - source.clockOffsetMs!;
    // (The row was mapped with the clock offset known then; rows are mapped again only when
    // the offset moves by 50 ms or more, so later, better samples may differ by less.)
    expect(Math.abs(running.startedAt! - startedAt)).toBeLessThan(50);

    const before = Date.now();
    await source.terminate({ groupKey: running.groupKey, namespace, group: name }, { graceSeconds: 30, mode: 'stop' });
    const after = Date.now();
    const terminating = await waitFor('a termination record', () => sink.row(rowKey)?.termination, 10_000, sink);
    expect(terminating).toMatchObject({ graceSeconds: 30, hasPreStop: true });
    // The delete was seen live, so the request time is pinned to our own call.
    expect(terminating.requestedAt).toBeGreaterThanOrEqual(before - 250);
    expect(terminating.requestedAt).toBeLessThanOrEqual(after + 250);
    expect(terminating.deadline).toBe(terminating.requestedAt + 30_000);

    // Two seconds in, the 5 s preStop is still running.
    await new Promise((r) => setTimeout(r, Math.max(0, terminating.requestedAt + 2000 - Date.now())));
    expect(viewTermination(sink.row(rowKey)!.termination!, Date.now()).phase).toBe('hook');

    const done = await waitFor('the container to exit', () => (sink.row(rowKey)?.state === 'Terminated' ? sink.row(rowKey) : undefined), 30_000, sink);
    const exitSeenAt = sink.rowsSeen(rowKey).find((h) => h.row.state === 'Terminated')!.t;
    const t = done.termination!;
    expect(t.exitCode).toBe(0);
    // Against the kubelet's own record: finishedAt (whole seconds) bounds the exit.
    const lastPod = [...records].reverse().find((r) => r.type === 'k8s.pod' && (r.data as any).object.status?.containerStatuses?.[0]?.state?.terminated);
    const finishedAt = Date.parse((lastPod!.data as any).object.status.containerStatuses[0].state.terminated.finishedAt) - source.clockOffsetMs!;
    expect(t.exitedAt!).toBeGreaterThanOrEqual(finishedAt);
    expect(t.exitedAt!).toBeLessThanOrEqual(Math.min(finishedAt + 1000, exitSeenAt));
    const outcome = terminationOutcome(t)!;
    console.info(`[e2e kubernetes-source] lifecycle: request ${new Date(t.requestedAt).toISOString()}, finishedAt ${new Date(finishedAt).toISOString()}, exit seen ${new Date(exitSeenAt).toISOString()}, ${describeOutcome(outcome)}`);
    // preStop sleeps 5 s, then TERM ends the shell at once.
    // The 5 s hook starts when the kubelet begins stopping (its Killing event), so measured
    // from the request it takes 5 s plus the kubelet's reaction, and ends by the exit.
    expect(t.hookEndEstimated).toBe(true);
    expect(outcome.hookSeconds).toBeGreaterThanOrEqual(5);
    expect(outcome.hookSeconds).toBeLessThanOrEqual(outcome.totalSeconds);
    expect(outcome.totalSeconds).toBeGreaterThanOrEqual(4.75);
    // The kubelet adds its own latency (noticing the delete, exec start, relist): ~1 s here.
    expect(outcome.totalSeconds).toBeLessThan(7.5);
    expect(outcome.killed).toBe(false);

    await waitFor('the pod to be removed', () => sink.removed.has(running.groupKey), 30_000, sink);
    const killing = sink.events.find((e) => e.groupKey === running.groupKey && e.reason === 'Killing');
    expect(killing?.container).toBe('web');
    // Placed at the kubelet's reaction to the delete, not at some list time: its stamp has
    // whole seconds, and a kubelet that just started may take a couple of seconds to react
    // (1.97 s seen in a CI run on a fresh cluster).
    expect(killing!.at - terminating.requestedAt).toBeGreaterThan(-1000);
    expect(killing!.at - terminating.requestedAt).toBeLessThan(3000);
  }, 120_000);

  it('image pull failure: ErrImagePull, then ImagePullBackOff, with the message', async () => {
    const { name } = await cluster.createDemoPod(namespace, 'image-pull-failure.yaml');
    const rowKey = key(name, 'missing');
    const errPull = await waitFor('ErrImagePull', () => sink.rowsSeen(rowKey).find((h) => h.row.reason === 'ErrImagePull')?.row, 60_000, sink);
    expect(errPull.state).toBe('Waiting');
    expect(errPull.message).toContain('127.0.0.1:1/podlife/missing:1');
    const backOff = await waitFor('ImagePullBackOff', () => sink.rowsSeen(rowKey).find((h) => h.row.reason === 'ImagePullBackOff')?.row, 60_000, sink);
    expect(backOff.message).toMatch(/Back-off pulling image "127\.0\.0\.1:1\/podlife\/missing:1"/);
    expect(sink.events.some((e) => e.groupKey.endsWith(`/${name}`) && e.reason === 'Failed' && e.type === 'Warning')).toBe(true);
  }, 130_000);

  it('crash loop: CrashLoopBackOff with restarts and the last exit', async () => {
    const { name } = await cluster.createDemoPod(namespace, 'crash-loop.yaml');
    const rowKey = key(name, 'crasher');
    const looping = await waitFor('CrashLoopBackOff', () => {
      const row = sink.row(rowKey);
      return row?.reason === 'CrashLoopBackOff' && row.restartCount >= 1 ? row : undefined;
    }, 90_000, sink);
    expect(looping.state).toBe('Waiting');
    expect(looping.lastState).toMatchObject({ state: 'Terminated', reason: 'Error', exitCode: 3 });
    expect(looping.lastState!.finishedAt! - looping.lastState!.startedAt!).toBeGreaterThanOrEqual(1000);
    expect(sink.events.some((e) => e.groupKey.endsWith(`/${name}`) && e.reason === 'BackOff')).toBe(true);
  }, 100_000);

  it('preStop overrunning the grace period ends in KILL at the deadline', async () => {
    const { name } = await cluster.createDemoPod(namespace, 'prestop-overrun.yaml');
    const rowKey = key(name, 'stubborn');
    const running = await waitFor('stubborn Running', () => (sink.row(rowKey)?.state === 'Running' ? sink.row(rowKey) : undefined), 60_000, sink);
    expect(running.defaultGraceSeconds).toBe(5);
    await source.terminate({ groupKey: running.groupKey, namespace, group: name }, { graceSeconds: 5, mode: 'stop' });
    const done = await waitFor('the kill', () => (sink.row(rowKey)?.state === 'Terminated' ? sink.row(rowKey) : undefined), 30_000, sink);
    const t = done.termination!;
    expect(t).toMatchObject({ graceSeconds: 5, hasPreStop: true, exitCode: 137 });
    // The kubelet's order: it times the hook out a grace period after it began (its Killing
    // event: no earlier than the delete, no later than podlife saw that event), sends TERM,
    // and KILLs 2 s later (its minimum); SIGKILL ends the process at once.
    const killing = sink.events.find((e) => e.reason === 'Killing' && e.container === 'stubborn');
    expect(killing).toBeDefined();
    expect(t.hookEndedAt! - t.requestedAt).toBeGreaterThanOrEqual(5000);
    expect(t.hookEndedAt! - t.requestedAt).toBeLessThanOrEqual(5000 + Math.max(0, killing!.at - t.requestedAt) + 1000);
    // …pinned inside finishedAt's whole second when the two agree, else within that second's resolution.
    expect(Math.abs(t.killSentAt! - t.hookEndedAt! - 2000)).toBeLessThanOrEqual(1000);
    // The exit is the KILL's, unless the runtime reported it in a second after KILL's window
    // (a slow reap under load): then the KILL is that window's latest moment, before the exit.
    expect(t.killSentAt!).toBeLessThanOrEqual(t.exitedAt!);
    expect(t.exitedAt! - t.killSentAt!).toBeLessThanOrEqual(1000);
    expect(viewTermination(t, Date.now()).killed).toBe(true);
    expect(describeOutcome(terminationOutcome(t)!)).toMatch(/^preStop [5-7]\.\d s, killed after [7-9]\.\d s of 5 s$/);
  }, 100_000);

  it('deleting a pod that does not exist says so', async () => {
    await expect(
      source.terminate({ groupKey: `k8s/${CONTEXT}/${namespace}/ghost`, namespace, group: 'ghost' }, { graceSeconds: 30, mode: 'kill' }),
    ).rejects.toSatisfy((err) => err instanceof KubernetesActionError && err.message === 'pod ghost no longer exists' && err.status === 404);
  });

  it('a second context with another default namespace lists that namespace', async () => {
    const demo = selectContext(loadKubeconfig(), 'podlife-local-demo');
    const other = new KubernetesSource({ target: demo, clockProbes: 0 });
    const otherSink = new CollectingSink();
    try {
      expect(other.namespace).toBe('podlife-demo');
      other.start(otherSink);
      await waitFor('the demo context to go live', () => otherSink.statuses.find((s) => s.state === 'live'), 15_000);
      expect(otherSink.statuses.every((s) => s.context === 'podlife-local-demo')).toBe(true);
      for (const rows of otherSink.groups.values()) for (const row of rows) expect(row.namespace).toBe('podlife-demo');
    } finally {
      await other.close();
    }
  });
});
