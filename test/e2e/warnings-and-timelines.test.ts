// Issue 7 on the real cluster: timelines, lifecycle warnings and several contexts at once.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpYaml, loadYaml } from '@kubernetes/client-node';
import { promisify } from 'node:util';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { PODLIFE_BIN, TmuxScreen } from '../support/tmux.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace } from './kubernetes-cluster.js';
import { describeWhere, itWhere, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();
const run = promisify(execFile);

interface Report {
  gone: boolean;
  containers: { container: string; segments: { phase: string; seconds?: number; known: boolean }[]; warnings: { kind: string; message: string }[] }[];
}

describeWhere(missing, `timelines, warnings and several contexts on the local cluster`, () => {
  const scratch = useScratchNamespace('podlife-warnings', () => target!);
  const { namespace } = scratch;
  let screen: TmuxScreen | undefined;

  const podlife = async (...args: string[]) => (await run(process.execPath, [PODLIFE_BIN, ...args, '--context', CONTEXT, '-n', namespace], { timeout: 120_000 })).stdout;
  const timeline = async (pod: string, ...extra: string[]) => JSON.parse(await podlife('timeline', `pod/${pod}`, '-o', 'json', ...extra)) as Report;
  const remove = (pod: string) => scratch.cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/${pod}` });
  const running = async (pod: string) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      const p = await scratch.cluster.getPod(namespace, pod).catch(() => undefined);
      if (p?.status?.containerStatuses?.every((c: { state?: { running?: unknown } }) => c.state?.running)) return;
    }
    throw new Error(`${pod} did not reach Running`);
  };

  beforeAll(async () => {
    await Promise.all(['lifecycle-pod.yaml', 'prestop-overrun.yaml', 'crash-loop.yaml'].map((f) => scratch.cluster.createDemoPod(namespace, f)));
  });
  afterEach(() => screen?.close());

  it('the lifecycle pod\'s timeline shows where its stop went: preStop ≈ 5 s, then TERM → exit, no KILL', async () => {
    await running('lifecycle');
    const watching = timeline('lifecycle', '--watch');
    await new Promise((r) => setTimeout(r, 2_000)); // let the watch go live before the delete
    await remove('lifecycle');
    const report = await watching;
    expect(report.gone).toBe(true);
    const segments = report.containers[0]!.segments;
    const preStop = segments.find((s) => s.phase === 'preStop')!;
    expect(preStop.known).toBe(true);
    expect(preStop.seconds).toBeGreaterThanOrEqual(4.5);
    expect(preStop.seconds).toBeLessThanOrEqual(7);
    expect(segments.map((s) => s.phase)).toContain('termToExit');
    expect(segments.map((s) => s.phase)).not.toContain('kill');
    expect(report.containers[0]!.warnings).toEqual([]);
  }, 120_000);

  it('a preStop longer than the grace period is warned about before the delete, and the KILL shows after', async () => {
    await running('prestop-overrun');
    const before = await timeline('prestop-overrun');
    expect(before.containers[0]!.warnings.map((w) => w.kind)).toEqual(['prestop-exceeds-grace']);
    expect(before.containers[0]!.warnings[0]!.message).toMatch(/preStop sleeps 20 s but the grace period is 5 s/);
    const watching = timeline('prestop-overrun', '--watch');
    await new Promise((r) => setTimeout(r, 2_000));
    await remove('prestop-overrun');
    const after = await watching;
    const c = after.containers[0]!;
    expect(c.warnings.map((w) => w.kind)).toContain('killed-at-deadline');
    expect(c.segments.map((s) => s.phase)).toContain('kill');
  }, 120_000);

  it('a crash loop is named with its restarts and cadence', async () => {
    // The cadence needs two known run starts, or the kubelet's back-off message: a one-shot
    // look caught between a restart and its back-off has neither and (rightly) names none,
    // so look again until the loop has shown its rhythm.
    const named = /^crash loop: \d+ restarts?, (every ~[\d.]+ ?s|next after a \d+ s back-off) \(last exit 3 Error\)$/;
    let report: Report | undefined;
    const crashLoopWarning = () => report?.containers[0]!.warnings.find((w) => w.kind === 'crash-loop');
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 2_000))) {
      report = await timeline('crash-loop');
      if (named.test(crashLoopWarning()?.message ?? '')) break;
    }
    expect(crashLoopWarning()?.message).toMatch(named);
  }, 120_000);

  itWhere(tmuxMissing(), 'watches two contexts at once, rows grouped by context', async () => {
    const s = (screen = new TmuxScreen(['--context', `${CONTEXT},podlife-local-demo`, '-n', namespace], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 170, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT}, podlife-local-demo ns:${namespace}`);
    const shown = await s.waitForText(/podlife-local-demo\s+crash-loop/, 30_000);
    expect(shown).toMatch(/CONTEXT\s+POD/);
    const lines = shown.split('\n');
    const first = lines.findIndex((l) => new RegExp(`^\\S?\\s+${CONTEXT}\\s+crash-loop`).test(l));
    const second = lines.findIndex((l) => /podlife-local-demo\s+crash-loop/.test(l));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
  }, 60_000);

  itWhere(tmuxMissing(), 'two contexts without -n: each its own namespace; :ns moves both, none is dropped', async () => {
    // podlife-local's kubeconfig entry names no namespace (default), podlife-local-demo names podlife-demo.
    const s = (screen = new TmuxScreen(['--context', `${CONTEXT},podlife-local-demo`], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 170, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT}, podlife-local-demo ns:default (${CONTEXT}), podlife-demo (podlife-local-demo)`);
    s.keys(`:ns ${namespace}`, true);
    s.keys('Enter');
    await s.waitForText(`podlife kubernetes ${CONTEXT}, podlife-local-demo ns:${namespace}`);
    // Both contexts' rows of the scratch namespace, side by side.
    await s.waitFor((screen) => new RegExp(`${CONTEXT}\\s+crash-loop`).test(screen) && /podlife-local-demo\s+crash-loop/.test(screen), 'crash-loop rows of both contexts', 30_000);
  }, 60_000);

  it('a recording of two contexts replays both contexts\' rows', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'podlife-two-contexts-')), 'a-b.ndjson');
    const contexts = `${CONTEXT},podlife-local-demo`;
    const groupsOf = (json: string) => [...new Set((JSON.parse(json) as { context: string; group: string }[]).map((r) => `${r.context}/${r.group}`))].sort();
    const live = groupsOf((await run(process.execPath, [PODLIFE_BIN, '--context', contexts, '-n', namespace, '--record', file, '-o', 'json'], { timeout: 60_000 })).stdout);
    expect(live).toContain(`${CONTEXT}/crash-loop`);
    expect(live).toContain('podlife-local-demo/crash-loop');
    const replayed = groupsOf((await run(process.execPath, [PODLIFE_BIN, '--replay', file, '-o', 'json'], { timeout: 60_000 })).stdout);
    // Pods may have come or gone between the list and the end; both contexts' must be there.
    expect(replayed).toContain(`${CONTEXT}/crash-loop`);
    expect(replayed).toContain('podlife-local-demo/crash-loop');
  }, 120_000);

  itWhere(tmuxMissing(), 'each context has its own connection: one unreachable cluster does not stop the other', async () => {
    // The same kubeconfig plus a context whose server nothing listens on.
    const config = loadYaml<{ clusters: { name: string; cluster: Record<string, unknown> }[]; contexts: { name: string; context: Record<string, unknown> }[] }>(readFileSync(process.env.KUBECONFIG!, 'utf8'));
    const live = config.contexts.find((c) => c.name === CONTEXT)!;
    const liveCluster = config.clusters.find((c) => c.name === live.context.cluster)!;
    config.clusters.push({ name: 'nowhere', cluster: { ...liveCluster.cluster, server: 'https://127.0.0.1:1' } });
    config.contexts.push({ name: 'unreachable', context: { ...live.context, cluster: 'nowhere' } });
    const file = join(mkdtempSync(join(tmpdir(), 'podlife-kc-')), 'config');
    writeFileSync(file, dumpYaml(config));
    const s = (screen = new TmuxScreen(['--kubeconfig', file, '--context', `${CONTEXT},unreachable`, '-n', namespace], { NO_COLOR: '1' }, { columns: 170, rows: 20 }));
    // The reachable context's pods are listed, live, while the other is disconnected (each
    // connects at its own pace on a busy machine: wait for both, then check).
    const shown = await s.waitFor((screen) => /unreachable: disconnected since \d\d:\d\d:\d\d/.test(screen) && /crash-loop\s+crasher/.test(screen), 'the unreachable context disconnected and the reachable one\'s rows', 30_000);
    expect(shown).not.toMatch(/podlife-local: disconnected/);
  }, 60_000);
});
