// Issue 13 on the local cluster (it runs the controller manager and the scheduler): a
// rollout followed by `podlife rollout`, a pod behind a Service without preStop warned
// before any delete, an eviction through the Eviction API named in json, a pod's SIGTERM
// lines on its timeline and a crash loop's previous log.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAllYaml } from '@kubernetes/client-node';
import { expect, it } from 'vitest';
import { PODLIFE_BIN } from '../support/tmux.js';
import { readLog } from '../../src/sources/kubernetes-logs.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, type DemoObject } from './kubernetes-cluster.js';
import { describeWhere } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();
const run = promisify(execFile);

/** The kubectl the cluster build made (test/cluster/lib.sh K8S_BIN), else the one on PATH. */
const KUBECTL = [join(process.env.PODLIFE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podlife'), 'k8s-v1.34.4', 'bin', 'kubectl')].find((f) => existsSync(f)) ?? 'kubectl';

describeWhere(missing, 'why it stopped, on the local cluster', () => {
  const scratch = useScratchNamespace('podlife-why', () => target!);
  const { namespace } = scratch;
  const http = () => scratch.cluster.http;

  const create = (object: DemoObject) => scratch.cluster.createObject(namespace, object);
  const applyDemo = (file: string) => scratch.cluster.createDemoObjects(namespace, file);
  const get = async (path: string) => (await http().getJson<Record<string, any>>(`/${path.replace('NS', namespace)}`)).data;
  const podsOf = async (app: string) => ((await get(`api/v1/namespaces/NS/pods?labelSelector=app%3D${app}`)).items as Record<string, any>[]).filter((p) => !p.metadata.deletionTimestamp);
  const podlife = (...args: string[]) => run(process.execPath, [PODLIFE_BIN, ...args, '--context', CONTEXT, '-n', namespace], { timeout: 120_000 });

  it('podlife rollout --watch during `kubectl rollout restart`: each old pod\'s cause, endpoint vs TERM and outcome; exit 0', async () => {
    await applyDemo('rollout-web.yaml');
    await until('deployment web available with 2 pods', async () => {
      const d = await get('apis/apps/v1/namespaces/NS/deployments/web');
      return d.status?.availableReplicas === 2 && d.status?.updatedReplicas === 2 && d.status?.replicas === 2;
    });
    const before = (await podsOf('web')).map((p) => p.metadata.name as string).sort();
    expect(before).toHaveLength(2);

    const child = spawn(process.execPath, [PODLIFE_BIN, 'rollout', 'deployment/web', '--watch', '--context', CONTEXT, '-n', namespace], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await until('podlife waiting for the next rollout', async () => stdout.includes('waiting for the next rollout'));
      await run(KUBECTL, ['rollout', 'restart', 'deployment/web', '-n', namespace, '--context', CONTEXT]);
      const code = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`podlife rollout did not exit; stdout:\n${stdout}\nstderr:\n${stderr}`)), 110_000))]);
      expect(code, stdout + stderr).toBe(0);
    } finally {
      child.kill();
    }
    const summary = stdout.slice(stdout.indexOf('rollout of deployment/web revision'));
    expect(summary).toMatch(/^rollout of deployment\/web revision 1 → 2 complete in \d+\.\d s$/m);
    for (const pod of before) {
      expect(summary).toContain(`  ${pod} (rev 1): rollout of deployment/web revision 1 → 2\n`);
      // The documented sequence: the 3 s sleep preStop, then TERM, which the trap answers with exit 0.
      const line = new RegExp(`^  ${pod} .*\\n    app: preStop (\\d+\\.\\d) s, exited 0 after (\\d+\\.\\d) s of 30 s; (.*)$`, 'm').exec(summary);
      expect(line, summary).not.toBeNull();
      expect(Number(line![1])).toBeGreaterThanOrEqual(2.5);
      expect(Number(line![1])).toBeLessThan(4.5);
      // The EndpointSlice controller took the endpoint out of rotation as the delete
      // began; TERM came after the 3 s preStop: at least 2 s later.
      const rotation = line![3] ?? '';
      expect(Number(/endpoint out of rotation (\d+\.\d) s before TERM/.exec(rotation)?.[1]), rotation).toBeGreaterThanOrEqual(2);
    }
    expect(summary).toMatch(/^KILLed at the deadline: none$/m);
    // What each old pod said on TERM (demo/rollout-web.yaml's trap), from its own log.
    for (const pod of before) expect(stdout).toContain(` old ${pod} app log: TERM received, exiting\n`);
    // Old pods stop while new ones come up: podlife narrated both.
    expect(stdout).toMatch(/ new web-\S+: Ready$/m);
    expect(stdout).toMatch(/ old web-\S+ app: \[[█░]+\] preStop /m);
  });

  it('a rollout whose new pods never become Ready stalls past progressDeadlineSeconds: exit 6, the controller\'s reason in -o json', async () => {
    await create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stuck' },
      spec: {
        replicas: 1,
        progressDeadlineSeconds: 10,
        selector: { matchLabels: { app: 'stuck' } },
        template: {
          metadata: { labels: { app: 'stuck' } },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [{ name: 'app', image: 'registry.local/podlife/busybox:1.36', imagePullPolicy: 'Never', command: ['/bin/sh', '-c', 'trap "exit 0" TERM; touch /tmp/ready; while true; do sleep 1 & wait; done'], readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 } }],
          },
        },
      },
    });
    await until('deployment stuck available', async () => (await get('apis/apps/v1/namespaces/NS/deployments/stuck')).status?.availableReplicas === 1);
    // Without --watch: the state now, once; rolled out, so exit 0.
    const once = await podlife('rollout', 'deployment/stuck');
    expect(once.stdout).toMatch(/^rollout of deployment\/stuck revision 1 complete/m);
    // The next revision's pod never passes its readiness probe.
    const watching = podlife('rollout', 'deployment/stuck', '--watch', '-o', 'json').then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code?: number; stdout?: string }) => ({ code: err.code, stdout: err.stdout ?? '' }),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const patched = await scratch.cluster.http.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/stuck`,
      contentType: 'application/strategic-merge-patch+json', // containers merge by name
      body: { spec: { template: { spec: { containers: [{ name: 'app', readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } }] } } } },
    });
    expect(patched.status, await patched.text()).toBe(200);
    const { code, stdout } = await watching;
    const report = JSON.parse(stdout) as { result: string; message: string; exitCode: number; toRevision: number };
    const progressing = ((await get('apis/apps/v1/namespaces/NS/deployments/stuck')).status.conditions as { type: string; reason: string }[]).find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('ProgressDeadlineExceeded');
    expect(report).toMatchObject({ result: 'stalled', exitCode: 6, toRevision: 2 });
    expect(report.message).toMatch(/exceeded its progress deadline \(10 s\)/);
    expect(code).toBe(6);
  });

  it('a pod behind a Service without a preStop carries the warning before anyone deletes it', async () => {
    await applyDemo('no-prestop.yaml');
    await until('deployment no-prestop available', async () => (await get('apis/apps/v1/namespaces/NS/deployments/no-prestop')).status?.availableReplicas === 1);
    const [pod] = await podsOf('no-prestop');
    const name = pod!.metadata.name as string;
    // The EndpointSlice controller lists the pod in its Service's slice.
    await until('the controller to publish the pod', async () =>
      ((await get('apis/discovery.k8s.io/v1/namespaces/NS/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dno-prestop')).items as { endpoints?: { targetRef?: { name?: string } }[] }[]).some((s) => s.endpoints?.some((e) => e.targetRef?.name === name)));
    const report = JSON.parse((await podlife('timeline', `pod/${name}`, '-o', 'json')).stdout) as { endpoints?: { service: string }[]; cause?: unknown; containers: { warnings: { kind: string; message: string }[] }[] };
    expect(report.cause).toBeUndefined();
    expect(report.endpoints?.map((e) => e.service)).toEqual(['no-prestop']);
    expect(report.containers[0]!.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^behind service no-prestop with no preStop: /));
    // The Deployment with a preStop carries no such warning.
  });

  it('an endpoint taken out of rotation while its pod stops: on the timeline when the slice changed, and TERM too soon after it warned', async () => {
    // A Service without a selector: its slice is written here, as the EndpointSlice
    // controller writes one, so the moment of the write is known to the millisecond.
    const pod = loadAllYaml(readFileSync(new URL('../../demo/sigterm-logger.yaml', import.meta.url), 'utf8'))[0] as DemoObject;
    const created = await create({ ...pod, metadata: { ...pod.metadata, name: 'drain-me' } });
    await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'drain' }, spec: { ports: [{ port: 80 }] } });
    let podIP = '';
    const slice = (conditions: { ready: boolean; serving: boolean; terminating: boolean }) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'drain-1', namespace, labels: { 'kubernetes.io/service-name': 'drain' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [podIP], conditions, targetRef: { kind: 'Pod', name: 'drain-me', namespace, uid: created.metadata.uid } }],
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    await until('drain-me running', async () => (await get('api/v1/namespaces/NS/pods/drain-me')).status?.containerStatuses?.[0]?.state?.running !== undefined);
    podIP = (await get('api/v1/namespaces/NS/pods/drain-me')).status.podIP as string;
    await create(slice({ ready: true, serving: true, terminating: false }) as DemoObject);
    const watching = podlife('timeline', 'pod/drain-me', '--watch', '-o', 'json');
    await new Promise((r) => setTimeout(r, 2_000));
    await http().request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/drain-me` });
    await until('the delete to show', async () => Boolean((await get('api/v1/namespaces/NS/pods/drain-me')).metadata?.deletionTimestamp), 10_000);
    const put = await http().request({ method: 'PUT', path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices/drain-1`, body: { ...slice({ ready: false, serving: true, terminating: true }), metadata: { ...slice({ ready: false, serving: true, terminating: true }).metadata, resourceVersion: (await get('apis/discovery.k8s.io/v1/namespaces/NS/endpointslices/drain-1')).metadata.resourceVersion } } });
    expect(put.status, await put.text()).toBe(200);
    const markedAt = put.receivedAt;
    const report = JSON.parse((await watching).stdout) as { containers: { segments: { phase: string; label: string; from?: string }[]; warnings: { kind: string; message: string }[] }[] };
    const [container] = report.containers;
    const terminating = container!.segments.find((s) => s.label === 'endpoint terminating');
    expect(terminating, JSON.stringify(container!.segments)).toBeDefined();
    // Stamped when the watch delivered the change: after the write was acknowledged, promptly.
    const at = new Date(terminating!.from!).getTime();
    expect(at).toBeGreaterThanOrEqual(markedAt - 1_000);
    expect(at - markedAt).toBeLessThan(1_000);
    // No preStop: TERM came with the kubelet's Killing, within a second of the mark either way.
    const warning = container!.warnings.find((w) => w.kind === 'term-before-out-of-rotation');
    expect(warning?.message).toMatch(/^TERM came (only )?\d+\.\d s (before|after) service drain \(slice drain-1\) marked the endpoint terminating: .*; a preStop sleep 5 would have made that \d+\.\d s after$/);
  });

  it('an eviction through the Eviction API: the pod\'s json names EvictionByEvictionAPI, as its DisruptionTarget condition does', async () => {
    await applyDemo('sigterm-logger.yaml');
    await until('sigterm-logger running', async () => (await get('api/v1/namespaces/NS/pods/sigterm-logger')).status?.containerStatuses?.[0]?.state?.running !== undefined);
    const watching = podlife('timeline', 'pod/sigterm-logger', '--watch', '-o', 'json');
    // The dashboard's own stream too: `podlife -o ndjson`, one object per row change.
    const ndjson = spawn(process.execPath, [PODLIFE_BIN, '-o', 'ndjson', '--context', CONTEXT, '-n', namespace], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = '';
    ndjson.stdout.on('data', (d) => (lines += d));
    await new Promise((r) => setTimeout(r, 2_000)); // the watches go live before the eviction
    await scratch.cluster.post(`/api/v1/namespaces/${namespace}/pods/sigterm-logger/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'sigterm-logger', namespace } });
    try {
      await until('an ndjson row with the eviction', async () => lines.includes('EvictionByEvictionAPI'), 20_000);
    } finally {
      ndjson.kill();
    }
    const evictedRow = lines
      .split('\n')
      .filter((l) => l.includes('EvictionByEvictionAPI'))
      .map((l) => JSON.parse(l) as { type: string; group: string; cause?: { kind: string; reason: string; message: string } })[0]!;
    expect(evictedRow).toMatchObject({ type: 'row', group: 'sigterm-logger', cause: { kind: 'disruption', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' } });
    const condition = ((await get('api/v1/namespaces/NS/pods/sigterm-logger').catch(() => undefined))?.status?.conditions as { type: string; reason: string }[] | undefined)?.find((c) => c.type === 'DisruptionTarget');
    const report = JSON.parse((await watching).stdout) as { gone: boolean; cause?: { kind: string; reason?: string; text: string } };
    expect(report.gone).toBe(true);
    if (condition) expect(condition.reason).toBe('EvictionByEvictionAPI');
    expect(report.cause).toMatchObject({ kind: 'disruption', reason: 'EvictionByEvictionAPI' });
  });

  it('a pod that logs on SIGTERM: its lines are on its timeline, after the stop request and before the exit', async () => {
    const pod = loadAllYaml(readFileSync(new URL('../../demo/sigterm-logger.yaml', import.meta.url), 'utf8'))[0] as DemoObject;
    await create({ ...pod, metadata: { ...pod.metadata, name: 'sigterm-talker' } });
    await until('sigterm-talker running', async () => (await get('api/v1/namespaces/NS/pods/sigterm-talker')).status?.containerStatuses?.[0]?.state?.running !== undefined);
    const watching = podlife('timeline', 'pod/sigterm-talker', '--watch', '-o', 'json');
    await new Promise((r) => setTimeout(r, 2_000)); // the watch goes live before the delete
    await http().request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/sigterm-talker` });
    const report = JSON.parse((await watching).stdout) as { containers: { segments: { phase: string; label: string; from?: number | string }[] }[] };
    const segments = report.containers[0]!.segments;
    const at = (s: { from?: number | string } | undefined) => (s?.from === undefined ? Number.NaN : new Date(s.from).getTime());
    const draining = segments.find((s) => s.label === 'log: received SIGTERM, draining');
    const bye = segments.find((s) => s.label === 'log: drained, bye');
    expect(draining, JSON.stringify(segments)).toBeDefined();
    expect(bye).toBeDefined();
    // The trap sleeps 1 s between its two lines; the kubelet stamps each in nanoseconds.
    expect(at(bye) - at(draining)).toBeGreaterThanOrEqual(900);
    expect(at(draining)).toBeGreaterThanOrEqual(at(segments.find((s) => s.phase === 'stop')) - 1000);
    expect(at(bye)).toBeLessThanOrEqual(at(segments.find((s) => s.phase === 'terminated')) + 1000);
    expect(segments.findIndex((s) => s === bye)).toBeLessThan(segments.findIndex((s) => s.phase === 'terminated'));
  });

  it("a crash loop's previous instance's log: the lines kubectl logs --previous shows", async () => {
    await scratch.cluster.createDemoPod(namespace, 'crash-loop.yaml');
    await until('crash-loop restarted once', async () => ((await get('api/v1/namespaces/NS/pods/crash-loop')).status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 120_000);
    const lines: string[] = [];
    for await (const line of readLog(http(), { namespace, pod: 'crash-loop', container: 'crasher', previous: true, signal: AbortSignal.timeout(15_000) })) lines.push(line.text);
    const kubectl = (await run(KUBECTL, ['logs', '--previous', 'crash-loop', '-c', 'crasher', '-n', namespace, '--context', CONTEXT])).stdout.trim().split('\n');
    expect(lines).toEqual(['starting', 'crashing']);
    expect(lines).toEqual(kubectl);
  });
});

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
