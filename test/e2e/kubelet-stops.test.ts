// Stops the kubelet makes on its own, against the node's record: a liveness probe kill
// with the probe's own grace, a startup probe kill, a failed postStart and an eviction
// for an ephemeral-storage limit, each a real pod on the local cluster. podlife runs in a
// real terminal (read every 40 ms) and headless (-o ndjson); TERM, KILL and the stop
// timeout come from containerd's nanosecond log, the causes from the kubelet's events.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import { warningsForGroup } from '../../src/store/warnings-and-timelines.js';
import { drawnWindow, ScreenPhaseWatch } from '../support/screen-phases.js';
import { PODLIFE_BIN, TmuxScreen } from '../support/tmux.js';
import { runCli } from '../support/run-cli.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, waitFor } from './kubernetes-cluster.js';
import { containerdLines, containerdLogMissing, nodeStop, type NodeStop } from './node-log.js';
import { KUBELET_STOP_PODS } from './kubelet-stop-pods.js';

const { target, missing: noCluster } = await clusterOrMissingReason();
const missing = firstMissing(noCluster, containerdLogMissing(), tmuxMissing());
/** The same bound as for deletes: a phase on screen within a quarter second of the node. */
const BOUND_MS = 250;

/** One stop of one container: its runtime id, and what the node logged about it. */
interface Stop {
  id: string;
  node: NodeStop;
}

describeWhere(missing, "the kubelet's own stops against containerd's log", () => {
  const scratch = useScratchNamespace('podlife-kstops', () => target!);
  const store = new Store();
  const ndjson: Record<string, any>[] = [];
  const stops = new Map<string, Stop>();
  let watch: ScreenPhaseWatch;
  let screen: TmuxScreen | undefined;
  let source: KubernetesSource | undefined;
  let headless: ChildProcess | undefined;

  const row = (name: string) => store.allRows().find((r) => r.group === name && r.name === 'main');

  beforeAll(async () => {
    const { namespace, cluster } = scratch;
    source = new KubernetesSource({ target: target!, namespace });
    source.start(store.sinkFor('kubernetes', source.context));
    screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 220, rows: 20 });
    headless = spawn(process.execPath, [PODLIFE_BIN, '--context', CONTEXT, '-n', namespace, '-o', 'ndjson'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let buffered = '';
    headless.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim()) ndjson.push(JSON.parse(line));
    });
    await screen.waitFor((s) => /no containers|POD/.test(s), 'the dashboard up', 30_000);
    watch = new ScreenPhaseWatch(screen);
    await watch.start();
    for (const pod of KUBELET_STOP_PODS) await cluster.createObject(namespace, pod);

    // Each container's first stop: its id while its bar runs, then the node's record of it.
    await waitFor(
      'every kubelet stop begun',
      () => {
        for (const pod of KUBELET_STOP_PODS) {
          const r = row(pod.metadata.name);
          if (r?.termination && r.id && !stops.has(pod.metadata.name)) stops.set(pod.metadata.name, { id: r.id.replace(/^\w+:\/\//, ''), node: {} });
        }
        return stops.size === KUBELET_STOP_PODS.length;
      },
      120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: began ${[...stops.keys()].join(', ')}\n${screen!.screen()}`);
    });
    for (const [name, stop] of stops) {
      stop.node = await waitFor(`containerd to log the stop of ${name}`, () => {
        const s = nodeStop(stop.id);
        return s.term !== undefined && s.exit !== undefined ? s : undefined;
      }, 60_000).catch((err: Error) => {
        // Say what the node had logged and what podlife held, so a rare miss explains itself.
        const now = row(name);
        const held = { id: now?.id, state: now?.state, reason: now?.reason, termination: now?.termination };
        throw new Error(`${err.message} (id ${stop.id}): node ${JSON.stringify(nodeStop(stop.id))}; row ${JSON.stringify(held)}; containerd:\n${containerdLines(stop.id).slice(-8).join('\n')}`);
      });
    }
    // The probe-killed container has restarted (its bar gone) before the outcome is read.
    await waitFor('liveness restarted', () => (row('liveness')?.restartCount ?? 0) >= 1 && row('liveness')?.lastStop !== undefined, 60_000);
    report();
  }, 300_000);

  afterAll(async () => {
    watch?.stop();
    screen?.close();
    headless?.kill('SIGTERM');
    await source?.close();
  });

  function expectOnScreenNear(name: string, phase: 'TERM' | 'KILL', nodeAt: number | undefined) {
    const key = `${name}/main`;
    // A probe-killed container restarts at once: its bar may go before KILL is claimed, but
    // the countdown at 0 must have said it may be going out.
    const possible = watch.firstPossible(key, phase);
    expect(possible, `${key} never showed ${phase}: ${JSON.stringify(watch.sightings(key))}`).toBeDefined();
    expect(nodeAt, `the node logged no ${phase} for ${name}`).toBeDefined();
    // Late: the read asked for before the sighting still did not show it (kubelet-timing.test.ts says why).
    expect(possible!.before - nodeAt!, `${name}: ${phase} on screen late: ${drawnWindow(possible!, nodeAt!)}`).toBeLessThanOrEqual(BOUND_MS);
    const claim = watch.firstFrom(key, phase);
    if (claim) expect(nodeAt! - claim.before, `${name}: ${phase} on screen early: ${drawnWindow(claim, nodeAt!)}`).toBeLessThanOrEqual(BOUND_MS);
  }
  const node = (name: string) => stops.get(name)!.node;

  it("liveness kill: the node's stop timeout is the probe's grace less the preStop, and the screen keeps time with it", () => {
    // Probe grace 5, preStop `sleep 2`: TERM with 3 s left, or 2 (the minimum) if starting
    // the exec took the hook past 3 s on a loaded node; the pod's 30 s would leave 27 or 28.
    expect(node('liveness').termTimeoutSeconds).toBeGreaterThanOrEqual(2);
    expect(node('liveness').termTimeoutSeconds).toBeLessThanOrEqual(3);
    expectOnScreenNear('liveness', 'TERM', node('liveness').term);
    expectOnScreenNear('liveness', 'KILL', node('liveness').kill);
    const labels = watch.sightings('liveness/main').map((s) => s.label);
    expect(labels.some((l) => /\/5s · KILL in/.test(l)), labels.join(' | ')).toBe(true);
  });

  it('liveness kill: CAUSE names the probe, and after the restart the outcome stays (-o ndjson, the store)', async () => {
    const withCause = ndjson.find((l) => l.group === 'liveness' && l.cause?.kind === 'probe');
    expect(withCause?.cause.short).toBe('liveness probe failed');
    // The first line with a last stop: the first kill's, the one containerd's record is of.
    // The headless process prints it when it sees the restart, which may come after the screen's checks.
    const withLastStop = () => ndjson.find((l) => l.group === 'liveness' && l.container === 'main' && l.lastStop !== undefined);
    const last = await waitFor('a liveness/main -o ndjson line with a last stop', withLastStop, 30_000).catch(() => undefined);
    if (last === undefined) throw new Error(`no liveness/main line with a last stop among ${ndjson.length} -o ndjson lines`);
    // (How long after the kill began the exit came depends on the runtime's reaping: the
    // KILL itself is checked against the node's below.)
    expect(last.lastStop.summary, JSON.stringify(last.lastStop)).toMatch(/^liveness kill: (preStop \d\.\d s, )?killed after \d+\.\d s of 5 s$/);
    // The record's KILL against the node's. The exec preStop's end (so TERM, so KILL, a fixed
    // time after it) is not reported: the record takes the earliest KILL the exit's second
    // allows, never later than the node's, and earlier by no more than starting the exec took.
    const killed = Date.parse(last.lastStop.termination.killSentAt);
    expect(killed - node('liveness').kill!).toBeLessThanOrEqual(BOUND_MS);
    expect(node('liveness').kill! - killed).toBeLessThanOrEqual(1000);
    // The bar is gone from the new run.
    expect(row('liveness')?.termination).toBeUndefined();
  });

  it('startup probe kill: its own grace (3 s), no preStop, TERM at once', () => {
    expect(node('startup').termTimeoutSeconds).toBe(3);
    expectOnScreenNear('startup', 'KILL', node('startup').kill);
    expect(ndjson.some((l) => l.group === 'startup' && l.cause?.short === 'startup probe failed')).toBe(true);
  });

  it("failed postStart: killed with the pod's grace, named as such", () => {
    expect(node('poststart-fails').termTimeoutSeconds).toBe(4);
    expectOnScreenNear('poststart-fails', 'KILL', node('poststart-fails').kill);
    expect(ndjson.some((l) => l.group === 'poststart-fails' && l.cause?.kind === 'poststart')).toBe(true);
  });

  it('eviction for an ephemeral-storage limit: the 1 s override, preStop cut short, the 2 s minimum', () => {
    expect(node('evicted').termTimeoutSeconds).toBe(2);
    expectOnScreenNear('evicted', 'KILL', node('evicted').kill);
    expect(ndjson.some((l) => l.group === 'evicted' && l.cause?.short === 'evicted (kubelet)')).toBe(true);
  });

  it('podlife timeline shows the probe kill, then the restart', async () => {
    await waitFor('liveness running again after its kill', () => row('liveness')?.state === 'Running' && row('liveness')?.lastStop && !row('liveness')?.termination, 60_000);
    const out = await runCli(['timeline', 'pod/liveness', '-n', scratch.namespace, '--context', CONTEXT], { KUBECONFIG: process.env.KUBECONFIG });
    expect(out.code, out.stderr).toBe(0);
    const kill = out.stdout.indexOf('kubelet stops it');
    const restart = out.stdout.search(/restart \d/);
    expect(kill, out.stdout).toBeGreaterThanOrEqual(0);
    expect(restart, out.stdout).toBeGreaterThan(kill);
    expect(out.stdout).toMatch(/liveness probe failed/);
  });

  it('a container its liveness probe keeps killing is a probe-kill loop, with the count and rhythm', async () => {
    const groupKey = row('liveness-loop')!.groupKey;
    const message = await waitFor('three liveness kills', () => warningsForGroup(store, groupKey).find((w) => w.kind === 'probe-kill-loop')?.message, 150_000);
    expect(message).toMatch(/^liveness probe kills: [3-9], every ~\d+(\.\d)? s/);
    await screen!.waitFor((s) => /^! .*liveness-loop\s+main/m.test(s), 'the warning mark on the liveness-loop row', 10_000);
  }, 160_000);

  function report(): void {
    const lines = [...stops].map(([name, s]) => {
      const seen = (phase: 'TERM' | 'KILL') => watch.firstFrom(`${name}/main`, phase)?.at;
      const d = (a?: number, b?: number) => (a === undefined || b === undefined ? '  -  ' : `${a - b >= 0 ? '+' : ''}${a - b} ms`);
      return `${name.padEnd(16)} timeout ${s.node.termTimeoutSeconds ?? '-'} s | TERM screen−node ${d(seen('TERM'), s.node.term)} | KILL screen−node ${d(seen('KILL'), s.node.kill)} | ${watch.sightings(`${name}/main`).map((x) => x.label).join(' → ')}`;
    });
    console.info(`[kubelet-stops]\n${lines.join('\n')}`);
  }
});
