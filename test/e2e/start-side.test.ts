// The start side on the real cluster, read off podlife's screen in a real terminal (tmux)
// and its `-o ndjson`, and checked against the node's own record: containerd's log
// ("StartContainer … returns successfully": the kubelet runs postStart right after), the
// hook's own clock readings, and the kubelet's events. Each case has a namespace of its own:
// a postStart that sleeps 6 s, a readiness probe the test flips, a startup probe that never
// passes, three init containers, and a postStart that fails.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PODLIFE_BIN, TmuxScreen } from '../support/tmux.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, waitFor } from './kubernetes-cluster.js';
import { containerdLines, containerdLogMissing, nodeStop, stampOf } from './node-log.js';
import { createPod } from './fault-pods.js';

const { target, missing: noCluster } = await clusterOrMissingReason();
const missing = firstMissing(noCluster, containerdLogMissing(), tmuxMissing());
const run = promisify(execFile);
const KUBECTL = [join(process.env.PODLIFE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podlife'), 'k8s-v1.34.4', 'bin', 'kubectl')].find((f) => existsSync(f)) ?? 'kubectl';
const IMAGE = 'registry.local/podlife/busybox:1.36';
/** The brief's bound for a moment on screen against the node's. */
const BOUND_MS = 250;
const SLEEPER = ['sh', '-c', 'trap "exit 0" TERM; sleep 100000 & wait $!'];

function pod(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 2, ...spec } };
}
const container = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: IMAGE, imagePullPolicy: 'Never', command: SLEEPER, ...extra });

interface Sighting {
  /** The poll that first showed it, and the one before: it appeared in (before, at]. */
  at: number;
  before: number;
  text: string;
}

/** Polls the screen every 30 ms, keeping each distinct REASON text a row showed, in order. */
class RowReader {
  readonly seen: Sighting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private last = Date.now();
  constructor(private readonly screen: TmuxScreen, private readonly row: RegExp) {}
  start(): this {
    const poll = () => {
      const text = this.screen.screen();
      const at = Date.now();
      const line = text.split('\n').find((l) => this.row.test(l));
      const reason = line ? reasonOf(line) : undefined;
      if (reason !== undefined && this.seen.at(-1)?.text !== reason) this.seen.push({ at, before: this.last, text: reason });
      this.last = at;
      this.timer = setTimeout(poll, 30);
    };
    poll();
    return this;
  }
  stop(): void {
    clearTimeout(this.timer);
  }
  first(pattern: RegExp): Sighting | undefined {
    return this.seen.find((s) => pattern.test(s.text));
  }
}

/** The STATE and REASON cells of a row: `Waiting     postStart 3.2s…` → "Waiting postStart 3.2s…". */
function reasonOf(line: string): string | undefined {
  const match = /\s(Waiting|Running|Terminated)†?\s+(.*?)\s{2,}/.exec(line);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** `podlife -o ndjson` in the background: every row change as JSON. */
function ndjson(namespace: string): { rows: () => Record<string, any>[]; describe: () => string; stop: () => void } {
  const child: ChildProcess = spawn(process.execPath, [PODLIFE_BIN, '-o', 'ndjson', '--context', CONTEXT, '-n', namespace], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let errors = '';
  let exit = 'running';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (errors += d));
  child.on('exit', (code, signal) => (exit = `exited ${code ?? signal}`));
  return {
    rows: () => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>).filter((o) => o.type === 'row'),
    describe: () => `ndjson (${exit}): ${text.length} bytes, ${text.split('\n').length} lines; stderr: ${errors.slice(-500)}`,
    stop: () => child.kill(),
  };
}

/** containerd's stamp of "StartContainer for <id> returns successfully": the kubelet runs postStart next. */
function nodeStarted(id: string): number | undefined {
  const line = containerdLines(id).find((l) => l.includes(`StartContainer for \\"${id}\\" returns successfully`));
  return line === undefined ? undefined : stampOf(line);
}

const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(`start side, podlife against the node:\n  ${figures.join('\n  ')}`);
});

describeWhere(missing, 'the start side on the local cluster', () => {
  let screen: TmuxScreen | undefined;
  let reader: RowReader | undefined;
  afterEach(() => {
    reader?.stop();
    screen?.close();
  });
  // Tall enough for the detail pane's timeline and events.
  const open = (namespace: string) => (screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 200, rows: 45 }));
  const kubectl = (namespace: string, ...args: string[]) => run(KUBECTL, ['-n', namespace, '--context', CONTEXT, ...args], { timeout: 30_000 });

  describe('a postStart that sleeps 6 s', () => {
    const scratch = useScratchNamespace('podlife-poststart', () => target!);
    it('the row says postStart with a growing time while the API says ContainerCreating, from the kubelet\'s start of the hook', async () => {
      const { namespace, cluster } = scratch;
      // A pod already there tells when the screen and -o ndjson are live: both show it.
      await createPod(cluster, namespace, pod('marker', { containers: [container('main')] }));
      const s = open(namespace);
      const stream = ndjson(namespace);
      try {
        await s.waitForText(/marker\s+main\s+\S*\s*(Waiting|Running)/, 60_000);
        await waitFor(`-o ndjson live (${stream.describe()})`, () => stream.rows().some((r) => r.group === 'marker'), 60_000);
        // The hook marks its beginning and end on the node's clock: a file's mtime (busybox
        // date has no sub-second format; the kernel stamps files to the tick).
        const hook = 'touch /tmp/hook-began; sleep 6; touch /tmp/hook-ended';
        await createPod(cluster, namespace, pod('poststart', { containers: [container('main', { lifecycle: { postStart: { exec: { command: ['sh', '-c', hook] } } } })] }));
        reader = new RowReader(s, /poststart\s+main\s/).start();
        // While the hook runs the API says ContainerCreating, and the row says postStart.
        const shown = await waitFor('postStart on screen', () => reader!.first(/^Waiting postStart \d/), 60_000);
        // What the API says meanwhile, read until the screen says Running; judged below against
        // the hook's own end. The kubelet's status manager posts apart from the sync that runs
        // the hook: on a loaded node its first post can come seconds after the Started event.
        const apiReads: { at: number; state?: { waiting?: { reason?: string }; running?: unknown } }[] = [];
        await waitFor('Running on screen', async () => {
          const status = (await cluster.getPod(namespace, 'poststart')).status.containerStatuses?.[0];
          apiReads.push({ at: Date.now(), state: status?.state });
          return reader!.first(/^Running/);
        }, 30_000);
        reader.stop();

        const api2 = await cluster.getPod(namespace, 'poststart');
        const id = String(api2.status.containerStatuses[0].containerID).replace(/^\w+:\/\//, '');
        const nodeStart = await waitFor('containerd to log the start', () => nodeStarted(id), 10_000);
        const mtime = async (file: string) => {
          // "2026-12-01 15:55:31.202598788 +0000"
          const [, day, time, fraction] = /^(\S+) (\d\d:\d\d:\d\d)(\.\d+)? \+0000/.exec((await kubectl(namespace, 'exec', 'poststart', '--', 'stat', '-c', '%y', file)).stdout.trim())!;
          return Date.parse(`${day}T${time}Z`) + Number(fraction ?? 0) * 1000;
        };
        const hookBegan = await mtime('/tmp/hook-began');
        const hookEnded = await mtime('/tmp/hook-ended');
        // Every answer the API gave before the hook ended (its reply read then, so its state no
        // later) said the container is not running: ContainerCreating, or no status posted yet.
        const duringHook = apiReads.filter((r) => r.at < hookEnded);
        expect(duringHook.length, 'the API was read while the hook ran').toBeGreaterThan(0);
        for (const r of duringHook) {
          expect(r.state?.running, `the API said running before the hook ended: ${JSON.stringify(r)}`).toBeUndefined();
          if (r.state) expect(r.state.waiting?.reason).toBe('ContainerCreating');
        }

        // The time on the row grows while the hook runs, one value per tick.
        const times = reader.seen.filter((x) => /^Waiting postStart/.test(x.text)).map((x) => Number(/postStart ~?(\d+\.\d)s/.exec(x.text)![1]));
        expect(times.length).toBeGreaterThanOrEqual(4);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        // -o ndjson carries the moment; the kubelet's Started event's whole second contains it.
        const since = Date.parse(await waitFor('an ndjson row with postStart', () => stream.rows().find((r) => r.start?.postStart)?.start.postStart.since as string | undefined, 10_000));
        const events = (await cluster.http.getJson<{ items: { reason: string; lastTimestamp: string; involvedObject: { name: string } }[] }>(`/api/v1/namespaces/${namespace}/events`)).data.items;
        const started = Date.parse(events.find((e) => e.reason === 'Started' && e.involvedObject.name === 'poststart')!.lastTimestamp);
        figures.push(
          `postStart: containerd StartContainer returned ${iso(nodeStart)}, the hook's date ${iso(hookBegan)} → ${iso(hookEnded)} (${((hookEnded - hookBegan) / 1000).toFixed(3)} s), ` +
            `Started event stamped ${iso(started)}; podlife's since ${iso(since)} (${signed(since - nodeStart)} vs containerd, ${signed(since - hookBegan)} vs the hook's clock); ` +
            `on screen in (${signed(shown.before - nodeStart)}, ${signed(shown.at - nodeStart)}]; readings ${times.join(', ')}; Running on screen ${signed(reader.first(/^Running/)!.at - hookEnded)} after the hook ended (the watch delivered it ${signed(Date.parse(stream.rows().find((r) => r.group === 'poststart' && r.state === 'Running')?.at ?? '') - hookEnded)} after)`,
        );
        expect(since).toBeGreaterThanOrEqual(started - BOUND_MS);
        expect(since).toBeLessThan(started + 1000 + BOUND_MS);
        expect(Math.abs(since - nodeStart)).toBeLessThanOrEqual(BOUND_MS);
        // It appeared when the node started the container (the kubelet posts Started, then runs
        // the hook): somewhere in (before, at], which must not lie wholly outside the bound
        // (a loaded machine may space two reads of the screen wider than the bound).
        expect(shown.before - nodeStart, 'postStart on screen late').toBeLessThanOrEqual(BOUND_MS);
        expect(nodeStart - shown.at, 'postStart on screen early').toBeLessThanOrEqual(BOUND_MS);
        // Each reading was drawn between the poll before it and the poll that saw it: the time
        // it shows is the time since the kubelet began the hook (right after StartContainer;
        // the hook's own command starts a few hundred ms later, once runc has set up the exec).
        for (const x of reader.seen.filter((y) => /^Waiting postStart/.test(y.text))) {
          const value = Number(/postStart ~?(\d+\.\d)s/.exec(x.text)![1]) * 1000;
          expect(value, `"${x.text}" ahead of the node`).toBeLessThanOrEqual(x.at - nodeStart + BOUND_MS);
          expect(value, `"${x.text}" behind the node`).toBeGreaterThanOrEqual(x.before - nodeStart - BOUND_MS);
        }
        // And the hook's own command ran inside that time.
        expect(hookBegan).toBeGreaterThanOrEqual(since);
        // The API reports the hook's end only with Running, which the kubelet writes after it
        // (0.3–1 s here): until then the row rightly keeps saying postStart. Running came
        // after the hook ended, and the screen followed the watch's Running within the bound.
        const runningOnScreen = reader.first(/^Running/)!;
        expect(runningOnScreen.at).toBeGreaterThanOrEqual(hookEnded);
        const runningWatched = Date.parse(stream.rows().find((r) => r.group === 'poststart' && r.state === 'Running')!.at as string);
        expect(runningOnScreen.before - runningWatched, 'Running on screen late').toBeLessThanOrEqual(BOUND_MS);
      } finally {
        stream.stop();
      }
    }, 150_000);
  });

  describe('a postStart that fails', () => {
    const scratch = useScratchNamespace('podlife-poststart-fails', () => target!);
    it('postStart on the row until the kubelet reports FailedPostStartHook, then never again for that run', async () => {
      const { namespace, cluster } = scratch;
      await createPod(cluster, namespace, pod('marker', { containers: [container('main')] }));
      const s = open(namespace);
      await s.waitForText(/marker\s+main\s+\S*\s*(Waiting|Running)/, 60_000);
      const failing = { postStart: { exec: { command: ['sh', '-c', 'sleep 2; exit 1'] } } };
      await createPod(cluster, namespace, pod('hook-fails', { containers: [container('main', { lifecycle: failing })] }));
      reader = new RowReader(s, /hook-fails\s+main\s/).start();
      await waitFor('postStart on screen', () => reader!.first(/postStart \d/), 60_000);
      const events = async () => (await cluster.http.getJson<{ items: { reason: string; lastTimestamp: string; involvedObject: { name: string } }[] }>(`/api/v1/namespaces/${namespace}/events`)).data.items.filter((e) => e.involvedObject.name === 'hook-fails');
      const failed = await waitFor('FailedPostStartHook', async () => (await events()).find((e) => e.reason === 'FailedPostStartHook'), 60_000);
      // What the row shows once the kubelet has killed the container for it.
      const after = await waitFor('the row past postStart', () => reader!.seen.find((x, i) => i > reader!.seen.findIndex((y) => /postStart \d/.test(y.text)) && !/postStart \d/.test(x.text)), 30_000);
      const failedAt = Date.parse(failed.lastTimestamp);
      await new Promise((r) => setTimeout(r, 1500)); // the row as it settles
      reader.stop();
      // Never postStart again between the failure (its whole second) and the next Started.
      const started = (await events()).filter((e) => e.reason === 'Started').map((e) => Date.parse(e.lastTimestamp));
      const nextStart = started.find((t) => t > failedAt) ?? Number.POSITIVE_INFINITY;
      const stale = reader.seen.filter((x) => x.before >= failedAt + 1000 + BOUND_MS && x.at < nextStart && /postStart \d/.test(x.text));
      expect(stale, reader.seen.map((x) => x.text).join(' → ')).toEqual([]);
      figures.push(`failed postStart: FailedPostStartHook stamped ${iso(failedAt)}; the row showed ${reader.seen.map((x) => x.text).join(' → ')}; first past postStart at ${iso(after.at)}`);
    }, 150_000);
  });

  describe('a readiness probe the test flips', () => {
    const scratch = useScratchNamespace('podlife-ready', () => target!);
    it('not ready since when on the row, and each flip on the timeline', async () => {
      const { namespace, cluster } = scratch;
      const s = open(namespace);
      await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
      const readiness = { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1, successThreshold: 1 };
      await createPod(cluster, namespace, pod('flapper', { containers: [container('main', { readinessProbe: readiness })] }));
      // `podlife timeline --watch` follows the pod from now until it is gone. It prints
      // nothing until then; a twin asked for a pod that does not exist, started with it,
      // exits ("not found") once its own list is live: then both are watching.
      const timelineOf = (name: string) => run(process.execPath, [PODLIFE_BIN, 'timeline', `pod/${name}`, '--watch', '-o', 'json', '--context', CONTEXT, '-n', namespace], { timeout: 120_000 });
      const timeline = timelineOf('flapper');
      await timelineOf('absent').then(
        () => Promise.reject(new Error('podlife timeline found a pod that does not exist')),
        (err: Error) => expect(err.message).toContain('pod absent not found'),
      );
      reader = new RowReader(s, /flapper\s+main\s/).start();
      const notReady = await waitFor('not ready on screen', () => reader!.first(/^Running not ready \d/), 60_000);
      const api = await cluster.getPod(namespace, 'flapper');
      const startedAt = Date.parse(api.status.containerStatuses[0].state.running.startedAt);
      // Watched from its start, never ready yet: not ready since it started (whole seconds).
      const firstValue = Number(/not ready (\d+(?:\.\d)?)s/.exec(notReady.text)![1]) * 1000;
      expect(firstValue).toBeLessThanOrEqual(notReady.at - startedAt + BOUND_MS);

      const flips: { ready: boolean; at: number; done: number }[] = [];
      for (const ready of [true, false, true]) {
        const at = Date.now();
        await kubectl(namespace, 'exec', 'flapper', '--', 'sh', '-c', ready ? 'touch /tmp/ready' : 'rm /tmp/ready');
        flips.push({ ready, at, done: Date.now() });
        await waitFor(`${ready ? 'ready' : 'not ready'} on screen`, () => reader!.seen.some((x) => x.at > at && (ready ? /^Running ready/ : /^Running not ready/).test(x.text)), 30_000);
      }
      reader.stop();
      // The dashboard's detail pane has the same moments on the container's timeline.
      s.keys('Enter');
      const detail = await s.waitFor((text) => (text.match(/ (not )?ready \(seen by podlife\)/g) ?? []).length >= 3, 'three readiness moments in the detail pane', 10_000);
      expect(detail.match(/ (?:not )?ready(?= \(seen by podlife\))/g)!.map((m) => m.trim())).toEqual(['ready', 'not ready', 'ready']);
      await cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/flapper`, body: { gracePeriodSeconds: 1 } });
      const report = JSON.parse((await timeline).stdout) as { containers: { segments: { phase: string; label: string; from?: string | number }[] }[] };
      // The flips are the moments before the stop. Once the pod is stopping the kubelet may
      // report it not ready too (whether it does before the exit is a race): a true moment,
      // but not one of the test's flips.
      const momentAt = (m: { from?: string | number }) => new Date(m.from!).getTime();
      const segments = report.containers[0]!.segments;
      const stop = segments.find((x) => x.phase === 'stop');
      expect(stop, JSON.stringify(segments)).toBeDefined();
      const moments = segments.filter((x) => x.phase === 'readiness' && momentAt(x) < momentAt(stop!));
      expect(moments.map((m) => m.label), JSON.stringify(segments)).toEqual(['ready', 'not ready', 'ready']);
      // Each moment after its flip was made (the probe runs once a second) and within a few periods.
      moments.forEach((m, i) => {
        const at = momentAt(m);
        expect(at).toBeGreaterThan(flips[i]!.at);
        expect(at - flips[i]!.at).toBeLessThan(5000);
      });
      figures.push(
        `readiness (probe period 1 s): kubectl exec flips ${flips.map((f) => `${iso(f.at)}–${iso(f.done)}`).join(', ')}; ` +
          `timeline moments ${moments.map((m, i) => `${m.label} ${signed(momentAt(m) - flips[i]!.done)}`).join(', ')} after each exec returned`,
      );
    }, 150_000);
  });

  describe('a startup probe that never passes', () => {
    const scratch = useScratchNamespace('podlife-startup', () => target!);
    it('startup probe n/4 counts up in the run, then the kubelet kills and restarts it', async () => {
      const { namespace, cluster } = scratch;
      const s = open(namespace);
      await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
      const stream = ndjson(namespace);
      try {
        await new Promise((r) => setTimeout(r, 1500));
        const startup = { exec: { command: ['test', '-f', '/tmp/never'] }, periodSeconds: 1, failureThreshold: 4 };
        await createPod(cluster, namespace, pod('never-starts', { containers: [container('main', { startupProbe: startup })] }));
        reader = new RowReader(s, /never-starts\s+main\s/).start();
        const restarted = await waitFor('a restart after the startup probe', async () => {
          const status = (await cluster.getPod(namespace, 'never-starts')).status?.containerStatuses?.[0];
          return (status?.restartCount ?? 0) >= 1 ? status : undefined;
        }, 90_000);
        await new Promise((r) => setTimeout(r, 1500)); // the restart reaches the screen
        reader.stop();
        // Runs as the row showed them: a new run starts after anything but startup progress, or when the count falls.
        const runs: { count: number; estimated: boolean; at: number }[][] = [[]];
        for (const x of reader.seen) {
          const m = /^Running startup(?: probe)? (~?)(\d)\/4/.exec(x.text);
          const current = runs.at(-1)!;
          if (!m || (current.length && Number(m[2]) < current.at(-1)!.count)) {
            if (current.length) runs.push([]);
            if (!m) continue;
          }
          runs.at(-1)!.push({ count: Number(m[2]), estimated: m[1] === '~', at: x.at });
        }
        // The first run, watched from its start: counted from the kubelet's Unhealthy events
        // (not estimated), up to 4 (the kubelet kills at the fourth failure).
        const firstRun = runs[0]!;
        const values = firstRun.map((m) => m.count);
        expect(values.length).toBeGreaterThanOrEqual(2);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        expect(Math.max(...values)).toBeLessThanOrEqual(4);
        expect(firstRun.every((m) => !m.estimated)).toBe(true);
        const firstId = String(restarted.lastState?.terminated?.containerID ?? '').replace(/^\w+:\/\//, '');
        const node = nodeStop(firstId);
        const events = (await cluster.http.getJson<{ items: { reason: string; message: string; count: number; involvedObject: { name: string } }[] }>(`/api/v1/namespaces/${namespace}/events`)).data.items;
        const unhealthy = events.filter((e) => e.reason === 'Unhealthy' && e.involvedObject.name === 'never-starts');
        expect(unhealthy.length).toBeGreaterThan(0);
        const killing = events.find((e) => e.reason === 'Killing' && e.involvedObject.name === 'never-starts');
        expect(killing?.message).toMatch(/failed startup probe/);
        // -o ndjson carries the progress too (a podlife started on a loaded machine may need a while to sync).
        const json = await waitFor(`ndjson rows with startup progress (${stream.describe()})`, () => {
          const rows = stream.rows().filter((r) => r.group === 'never-starts' && r.start?.startupProbe);
          return rows.length > 0 && rows;
        }, 60_000);
        expect(json.at(-1)!.start.startupProbe).toMatchObject({ threshold: 4, periodSeconds: 1 });
        figures.push(
          `startup probe: the row showed ${reader.seen.map((x) => x.text).join(' → ')}; the kubelet's Unhealthy count ${unhealthy.map((e) => e.count).join('+')}, Killing "${killing?.message}"; ` +
            `containerd TERM ${node.term ? iso(node.term) : '?'}, exit ${node.exit ? iso(node.exit) : '?'}; the last count of the first run (${values.at(-1)}/4) on screen at ${iso(firstRun.at(-1)!.at)}`,
        );
      } finally {
        stream.stop();
      }
    }, 150_000);
  });

  describe('three init containers', () => {
    const scratch = useScratchNamespace('podlife-init', () => target!);
    it('init 0/3, 1/3, 2/3 on the pod while they run, then the app starts', async () => {
      const { namespace, cluster } = scratch;
      const s = open(namespace);
      await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
      const step = (name: string) => ({ name, image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'sleep 2'] });
      await createPod(cluster, namespace, pod('three-inits', { initContainers: [step('one'), step('two'), step('three')], containers: [container('app')] }));
      reader = new RowReader(s, /three-inits\s+app\s/).start();
      await waitFor('the app Running on screen', () => reader!.first(/^Running/), 90_000);
      reader.stop();
      const inits = reader.seen.map((x) => /init (\d)\/3/.exec(x.text)?.[1]).filter((n): n is string => n !== undefined);
      expect(inits).toEqual(['0', '1', '2']);
      figures.push(`init: the app row showed ${reader.seen.map((x) => x.text).join(' → ')}`);
    }, 150_000);
  });
});

const iso = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${Math.round(ms)} ms`;
