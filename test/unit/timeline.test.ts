// The per-container timeline on the real captured fixtures: watch streams and events from
// the local cluster replayed through the feed into a Store, pod objects through podToRows,
// and Docker event sequences through the Docker feed. Expected numbers come from the files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { BEFORE_WATCH_LABEL, buildTimeline, pulledSeconds, type TimelineSegment } from '../../src/lifecycle/timeline.js';
import { formatTimeline, timelineStrip } from '../../src/render/timeline-text.js';
import { cellWidth } from '../../src/render/widths.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { DockerFeed } from '../../src/sources/docker-feed.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { Store } from '../../src/store/store.js';
import { eventMs, eventsFixture, inspectFixture } from './docker-fixtures.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const CONTEXT = 'podlife-local';
const pod = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;
const eventsJson = () => JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) as { items: { reason?: string; message?: string; involvedObject?: { name?: string } }[] };
const watchLines = (file: string) => readFileSync(`${dir}${file}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: PodJson });
// Long after the capture: a relist then shows only the servers' own timestamps.
const LATER = Date.parse('2026-11-25T09:00:00Z');

/**
 * The capture kept no receive times. Each watch line is stamped at the latest second its
 * object mentions (managedFields, conditions, container times, the delete request): the
 * earliest moment podlife could have received it, which is how a live watch sees it.
 */
function receivedAt(o: PodJson): number {
  const meta = o.metadata as PodJson['metadata'] & { managedFields?: { time?: string }[] };
  const times: (string | undefined)[] = [meta?.creationTimestamp, ...(meta?.managedFields ?? []).map((m) => m.time)];
  times.push(...(o.status?.conditions ?? []).map((c) => (c as { lastTransitionTime?: string }).lastTransitionTime));
  for (const c of [...(o.status?.initContainerStatuses ?? []), ...(o.status?.containerStatuses ?? [])]) {
    for (const s of [c.state, c.lastState]) times.push(s?.running?.startedAt, s?.terminated?.startedAt, s?.terminated?.finishedAt);
  }
  let latest = Math.max(...times.filter((t): t is string => Boolean(t)).map((t) => Date.parse(t)));
  if (meta?.deletionTimestamp) latest = Math.max(latest, Date.parse(meta.deletionTimestamp) - (meta.deletionGracePeriodSeconds ?? 0) * 1000);
  return latest;
}

interface Replayed {
  store: Store;
  now: number;
  watchStartedAt: number;
}

/** Pod objects in order through the feed into a Store whose clock reads each object's receive time. */
function replayPods(objects: PodJson[], options: { events?: boolean; at?: (o: PodJson) => number } = {}): Replayed {
  let now = 0;
  const store = new Store({ clock: () => now });
  const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
  const at = options.at ?? receivedAt;
  const watchStartedAt = at(objects[0]!);
  now = watchStartedAt;
  if (options.events) feed.apply({ t: LATER, type: 'k8s.events.list', context: CONTEXT, data: JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) });
  objects.forEach((object, i) => {
    now = at(object);
    feed.apply({ t: now, type: 'k8s.pod', context: CONTEXT, data: { type: i === 0 ? 'ADDED' : 'MODIFIED', object } });
  });
  store.dispose();
  return { store, now, watchStartedAt };
}

function replayWatch(file: string, options: { events?: boolean; at?: (o: PodJson) => number } = {}): Replayed {
  // The final DELETED only dims the row; the objects before it carry the whole story.
  return replayPods(watchLines(file).filter((l) => l.type !== 'DELETED').map((l) => l.object), options);
}

function timelineOf(r: Replayed, name: string, now = r.now, watchStartedAt: number | undefined = r.watchStartedAt): TimelineSegment[] {
  const row = r.store.allRows().find((x) => x.name === name)!;
  return buildTimeline({ row, transitions: r.store.transitions(row.key), events: r.store.eventsFor(row.groupKey), now, ...(watchStartedAt !== undefined ? { watchStartedAt } : {}) });
}

const phase = (segments: TimelineSegment[], p: TimelineSegment['phase']) => segments.filter((s) => s.phase === p);
const one = (segments: TimelineSegment[], p: TimelineSegment['phase']) => {
  const found = phase(segments, p);
  expect(found, `exactly one ${p} segment`).toHaveLength(1);
  return found[0]!;
};

function firstDeletion(file: string): { requestedAt: number; deadline: number; grace: number; finishedAt: number } {
  const lines = watchLines(file);
  const meta = lines.find((l) => l.object.metadata?.deletionTimestamp)!.object.metadata!;
  const grace = meta.deletionGracePeriodSeconds!;
  const deadline = Date.parse(meta.deletionTimestamp!);
  const finished = lines.map((l) => l.object.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt).find(Boolean);
  return { requestedAt: deadline - grace * 1000, deadline, grace, finishedAt: finished ? Date.parse(finished) : Number.NaN };
}

function expectTimeOrder(segments: TimelineSegment[]): void {
  const starts = segments.map((s) => s.from ?? s.to).filter((t): t is number => t !== undefined);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
}

describe('timeline of the lifecycle pod, watched from its creation', () => {
  const r = replayWatch('watch-lifecycle.ndjson', { events: true });
  const segments = timelineOf(r, 'web');
  const stop = firstDeletion('watch-lifecycle.ndjson');
  const startedAt = Date.parse(pod('lifecycle-running').status!.containerStatuses![0]!.state!.running!.startedAt!);

  it('is in time order and every segment is known (podlife saw it all)', () => {
    expectTimeOrder(segments);
    expect(segments.every((s) => s.known)).toBe(true);
  });

  it('image pull: the Pulled event says "already present", so it counts as 0', () => {
    const pulled = eventsJson().items.find((e) => e.reason === 'Pulled' && e.involvedObject?.name === 'lifecycle')!;
    expect(pulled.message).toMatch(/already present/);
    expect(one(segments, 'pull')).toMatchObject({ seconds: 0, known: true });
  });

  it('postStart: Running was seen within the start second, so ≈0; then Running until the delete', () => {
    expect(one(segments, 'postStart')).toMatchObject({ from: startedAt, seconds: 0, known: true });
    const running = one(segments, 'running');
    expect(running.to).toBe(r.store.allRows()[0]!.termination!.requestedAt);
    expect(Math.abs(running.to! - stop.requestedAt)).toBeLessThan(1000);
  });

  it('preStop ≈ 5 s (the hook sleeps 5), estimated; then TERM → exit; no KILL', () => {
    const preStop = one(segments, 'preStop');
    expect(preStop.seconds).toBeGreaterThanOrEqual(4.0);
    expect(preStop.seconds).toBeLessThanOrEqual(6.5);
    expect(preStop.detail).toMatch(/estimated from sleep 5/);
    const term = one(segments, 'termToExit');
    expect(term).toMatchObject({ label: 'TERM → exit', from: preStop.to, known: true });
    const finished = Date.parse(watchLines('watch-lifecycle.ndjson').at(-1)!.object.status!.containerStatuses![0]!.state!.terminated!.finishedAt!);
    expect(term.to).toBeGreaterThanOrEqual(finished);
    expect(term.to).toBeLessThan(finished + 1000);
    expect(phase(segments, 'kill')).toHaveLength(0);
    expect(one(segments, 'terminated').label).toBe('exit 0 Completed');
  });

  it('the Waiting streaks podlife saw before the start are there', () => {
    expect(phase(segments, 'waiting').map((s) => s.label)).toEqual(expect.arrayContaining(['ContainerCreating']));
  });

  it('strip and detail lines', () => {
    const strip = timelineStrip(segments, 200);
    expect(strip).toMatch(/^pull 0\.0s › post 0\.0s › up \d+\.\ds › preStop [4-6]\.\ds › exit \d\.\ds$/);
    expect(strip).not.toMatch(/KILL|\?/);
    const lines = formatTimeline(segments, r.now);
    expect(lines).toHaveLength(segments.length);
    expect(lines.find((l) => l.includes('preStop'))).toMatch(/^\s*\d\d:\d\d:\d\d\.\d\s+\+[4-6]\.\ds {2}preStop \(estimated from sleep 5\)$/);
    expect(lines.find((l) => l.includes('image pull'))).toMatch(/\+0\.0s {2}image pull \(already present on machine\)$/);
  });
});

describe('timeline of prestop-overrun: preStop sleeps 20 s, grace 5 s', () => {
  const r = replayWatch('watch-prestop-overrun.ndjson', { events: true });
  const segments = timelineOf(r, 'stubborn');
  const stop = firstDeletion('watch-prestop-overrun.ndjson');

  it('preStop runs into the deadline (FailedPreStopHook), then TERM → KILL and a KILL segment, exit 137', () => {
    expectTimeOrder(segments);
    const preStop = one(segments, 'preStop');
    expect(stop.grace).toBe(5);
    // The kubelet times the hook out after the grace period, counted from its own start
    // (within the second its Killing event is stamped with), then gives TERM 2 s before KILL.
    expect(preStop).toMatchObject({ from: stop.requestedAt, known: true });
    expect(preStop.to).toBeGreaterThanOrEqual(stop.deadline);
    expect(preStop.to).toBeLessThan(stop.deadline + 2000);
    expect(preStop.detail).toMatch(/FailedPreStopHook/);
    expect(one(segments, 'termToExit')).toMatchObject({ label: 'TERM → KILL', from: preStop.to });
    const kill = one(segments, 'kill');
    expect(kill.from).toBe(preStop.to! + 2000);
    // …which the node's own record bears out: finishedAt's whole second holds the KILL.
    expect(kill.from).toBeGreaterThanOrEqual(stop.finishedAt);
    expect(kill.from).toBeLessThan(stop.finishedAt + 1000);
    expect(one(segments, 'terminated').label).toBe('exit 137 KILLed');
    expect(timelineStrip(segments, 200)).toMatch(/preStop [56]\.\ds › TERM 2\.0s › KILL \d\.\ds$/);
  });

  it('while deleting (pod JSON, before the exit): preStop open and counting, no KILL yet', () => {
    const p = pod('prestop-overrun-deleting');
    const row = podToRows(p, { context: CONTEXT })[0]!;
    const now = row.termination!.requestedAt + 2000;
    const s = buildTimeline({ row, transitions: [], events: [], now });
    const preStop = one(s, 'preStop');
    expect(preStop.to).toBeUndefined();
    expect(preStop.seconds).toBeCloseTo(2);
    expect(phase(s, 'kill')).toHaveLength(0);
    expect(formatTimeline(s, now + 1000).find((l) => l.includes('preStop'))).toMatch(/\+3\.0s… {2}preStop/);
  });
});

describe('what podlife did not observe is unknown, never invented', () => {
  const p = pod('lifecycle-running');
  const startedAt = Date.parse(p.status!.containerStatuses![0]!.state!.running!.startedAt!);
  const firstSeen = startedAt + 10 * 60_000; // podlife started ten minutes after the container

  function lateStore(withEvents: boolean): Replayed {
    return replayPods([p], { events: withEvents, at: () => firstSeen });
  }

  it('no events: a "before podlife watched" segment, no pull time, postStart unknown, Running from startedAt', () => {
    const r = lateStore(false);
    const segments = timelineOf(r, 'web', firstSeen + 5000, undefined);
    expect(segments[0]).toMatchObject({ known: false, label: BEFORE_WATCH_LABEL, to: startedAt });
    expect(segments[0]!.seconds).toBeUndefined();
    expect(phase(segments, 'pull')).toHaveLength(0);
    expect(one(segments, 'postStart')).toMatchObject({ known: false });
    expect(one(segments, 'postStart').seconds).toBeUndefined();
    const running = one(segments, 'running');
    expect(running).toMatchObject({ from: startedAt, known: true });
    expect(running.seconds).toBeCloseTo((firstSeen + 5000 - startedAt) / 1000);
    expect(timelineStrip(segments, 80)).toMatch(/^\? › post \? › up 10m05s$/);
    const lines = formatTimeline(segments, firstSeen + 5000);
    expect(lines[0]).toMatch(/^\s+\?\s+\? {2}before podlife watched/);
  });

  it('watchStartedAt after the start makes it unknown even with an early first transition', () => {
    const row = podToRows(p, { context: CONTEXT })[0]!;
    const segments = buildTimeline({ row, transitions: [{ at: startedAt, state: 'Running', restartCount: 0 }], events: [], now: firstSeen, watchStartedAt: firstSeen });
    expect(segments[0]).toMatchObject({ known: false, label: BEFORE_WATCH_LABEL });
    expect(one(segments, 'postStart').known).toBe(false);
  });

  it('with the pod\'s Events relisted, pull and start come from the events (facts), postStart stays unknown', () => {
    const r = lateStore(true);
    const segments = timelineOf(r, 'web', firstSeen, undefined);
    expect(segments.some((s) => s.label === BEFORE_WATCH_LABEL)).toBe(false);
    expect(one(segments, 'pull')).toMatchObject({ known: true, seconds: 0 });
    expect(one(segments, 'created')).toMatchObject({ known: true });
    expect(one(segments, 'postStart').known).toBe(false);
  });

  it('a whole watch stream replayed after the fact (every record received late): postStart unknown', () => {
    const r = replayWatch('watch-lifecycle.ndjson', { events: true, at: () => LATER });
    const segments = timelineOf(r, 'web', LATER, undefined);
    expect(one(segments, 'postStart').known).toBe(false);
    expect(one(segments, 'preStop').seconds).toBeGreaterThanOrEqual(4.0);
  });
});

describe('timeline of the crash loop and of Waiting pods', () => {
  it('crash-loop-terminated: restart 1 from the last exit (3 Error) to the new start, then the crash', () => {
    const p = pod('crash-loop-terminated');
    const status = p.status!.containerStatuses![0]!;
    const row = podToRows(p, { context: CONTEXT })[0]!;
    const segments = buildTimeline({ row, transitions: [], events: [], now: Date.parse(status.state!.terminated!.finishedAt!) + 1000 });
    const restart = one(segments, 'restart');
    expect(restart).toMatchObject({
      label: 'restart 1',
      from: Date.parse(status.lastState!.terminated!.finishedAt!),
      to: Date.parse(status.state!.terminated!.startedAt!),
      known: true,
    });
    expect(restart.detail).toMatch(new RegExp(`exit ${status.lastState!.terminated!.exitCode} ${status.lastState!.terminated!.reason}`));
    expect(one(segments, 'terminated').label).toBe(`exit ${status.state!.terminated!.exitCode} ${status.state!.terminated!.reason}`);
    expectTimeOrder(segments);
  });

  it('terminated → CrashLoopBackOff through the feed: the restart podlife saw, the last run, the open back-off', () => {
    const r = replayPods([pod('crash-loop-terminated'), pod('crash-loop-backoff')]);
    const backoff = pod('crash-loop-backoff').status!.containerStatuses![0]!;
    const segments = timelineOf(r, 'crasher', r.now + 5000);
    const restarts = phase(segments, 'restart');
    expect(restarts.map((s) => s.label)).toEqual([`restart ${backoff.restartCount}`]);
    expect(restarts[0]!.detail).toMatch(/seen by podlife; after exit 3 Error/);
    const ended = segments.find((s) => s.phase === 'terminated' && s.label.startsWith('run'))!;
    expect(ended.from).toBe(Date.parse(backoff.lastState!.terminated!.finishedAt!));
    expect(ended.detail).toMatch(/exit 3 Error, ran 2\.0s/);
    const waiting = phase(segments, 'waiting').at(-1)!;
    expect(waiting).toMatchObject({ label: 'CrashLoopBackOff', known: true });
    expect(waiting.to).toBeUndefined();
    expect(timelineStrip(segments, 200)).toMatch(/CrashLoopBackOff 5\.0s$/);
  });

  it('image pull failure: Pulling still open, the Waiting reason with no invented duration', () => {
    const r = replayPods([pod('image-pull-backoff')], { events: true, at: () => LATER });
    const segments = timelineOf(r, 'missing', LATER, undefined);
    const pull = one(segments, 'pull');
    expect(pull.to).toBeUndefined();
    expect(pull.detail).toBe('Pulling → ImagePullBackOff');
    expect(phase(segments, 'waiting').map((s) => s.label)).toEqual(['ImagePullBackOff']);
    expect(phase(segments, 'running')).toHaveLength(0);
  });

  it('a Waiting row read straight from the API: the reason, unknown since when', () => {
    const row = podToRows(pod('lifecycle-waiting'), { context: CONTEXT })[0]!;
    const segments = buildTimeline({ row, transitions: [], events: [], now: LATER });
    expect(segments.find((s) => s.phase === 'waiting')).toMatchObject({ label: 'ContainerCreating', known: false });
  });
});

describe('Docker timelines (captured dockerd events and inspects)', () => {
  function dockerStop(running: string, eventsName: string, exited: string, grace: number) {
    let now = 0;
    const store = new Store({ clock: () => now });
    const feed = new DockerFeed(store.sinkFor('docker', 'default'), 'default');
    const info = inspectFixture(running);
    const events = eventsFixture(eventsName);
    const requestedAt = eventMs(events[0]!) - 5; // the request just before dockerd's first kill
    now = requestedAt - 1000;
    feed.apply({ t: now, type: 'docker.list', context: 'default', data: [info] });
    now = requestedAt;
    feed.apply({ t: now, type: 'docker.stop-requested', context: 'default', data: { id: info.Id, graceSeconds: grace, mode: 'stop' } });
    for (const e of events) {
      now = eventMs(e) + 3;
      feed.apply({ t: now, type: 'docker.event', context: 'default', data: e });
    }
    now += 20;
    feed.apply({ t: now, type: 'docker.inspect', context: 'default', data: inspectFixture(exited) });
    store.dispose();
    const row: ContainerRow = store.allRows()[0]!;
    const segments = buildTimeline({ row, transitions: store.transitions(row.key), events: store.eventsFor(row.groupKey), now, watchStartedAt: requestedAt - 1000 });
    return { segments, events, info, requestedAt };
  }

  it('ignores TERM (grace 2): created → started, Running, TERM → KILL ≈ 2 s, KILL, exit 137; no preStop', () => {
    const { segments, events, info, requestedAt } = dockerStop('stop-ignore-term.running', 'stop-ignore-term', 'exited-137', 2);
    expectTimeOrder(segments);
    expect(segments.map((s) => s.phase)).toEqual(['created', 'running', 'termToExit', 'kill', 'terminated']);
    expect(one(segments, 'created')).toMatchObject({ from: Date.parse(info.Created!), to: Date.parse(info.State.StartedAt!) });
    expect(one(segments, 'running').to).toBe(requestedAt);
    const [term, kill, die] = [events.find((e) => e.Action === 'kill' && e.Actor?.Attributes?.signal === '15')!, events.find((e) => e.Action === 'kill' && e.Actor?.Attributes?.signal === '9')!, events.find((e) => e.Action === 'die')!];
    expect(one(segments, 'termToExit')).toMatchObject({ label: 'TERM → KILL', from: eventMs(term), to: eventMs(kill) });
    expect(one(segments, 'termToExit').seconds).toBeCloseTo(2, 0);
    // The exit at the engine's own stamp (FinishedAt), which dockerd's `die` follows.
    expect(one(segments, 'kill')).toMatchObject({ from: eventMs(kill), to: Date.parse(inspectFixture('exited-137').State.FinishedAt!) });
    expect(one(segments, 'kill').to).toBeLessThanOrEqual(eventMs(die));
    expect(one(segments, 'terminated').label).toBe('exit 137 KILLed');
    expect(segments.every((s) => s.known)).toBe(true);
  });

  it('traps TERM (grace 10): TERM → exit ≈ 3 s, no KILL', () => {
    const { segments, events } = dockerStop('stop-trap-term.running', 'stop-trap-term', 'stop-trap-term.exited', 10);
    const term = one(segments, 'termToExit');
    const die = events.find((e) => e.Action === 'die')!;
    const exited = Date.parse(inspectFixture('stop-trap-term.exited').State.FinishedAt!); // the engine's stamp; `die` follows it
    expect(term).toMatchObject({ label: 'TERM → exit', to: exited });
    expect(exited).toBeLessThanOrEqual(eventMs(die));
    expect(term.seconds).toBeGreaterThan(2.5);
    expect(term.seconds).toBeLessThan(4.5);
    expect(phase(segments, 'kill')).toHaveLength(0);
    expect(timelineStrip(segments, 200)).toMatch(/^up \d+\.\ds › exit 3\.\ds$/);
  });

  it('the engine stamped the exit 6 ms before it logged the KILL (docker stop -t 2): still in order, KILLed', () => {
    let now = 0;
    const store = new Store({ clock: () => now });
    const feed = new DockerFeed(store.sinkFor('docker', 'default'), 'default');
    const events = eventsFixture('stop-start').slice(2, 6); // kill 15, kill 9, die 137, stop
    const stopped = inspectFixture('stop-start.stopped');
    const kill = eventMs(events[1]!);
    expect(Date.parse(stopped.State.FinishedAt!)).toBeLessThan(kill);
    feed.apply({ t: 1, type: 'docker.list', context: 'default', data: [inspectFixture('stop-start.running')] });
    for (const e of events) {
      now = eventMs(e) + 3;
      feed.apply({ t: now, type: 'docker.event', context: 'default', data: e });
    }
    feed.apply({ t: now + 20, type: 'docker.inspect', context: 'default', data: stopped });
    store.dispose();
    const row = store.allRows()[0]!;
    const segments = buildTimeline({ row, transitions: store.transitions(row.key), events: store.eventsFor(row.groupKey), now: now + 1000 });
    expect(segments.map((s) => s.phase).slice(-3)).toEqual(['termToExit', 'kill', 'terminated']);
    expect(one(segments, 'kill')).toMatchObject({ from: kill, to: kill });
    expect(one(segments, 'terminated').label).toBe('exit 137 KILLed');
  });

  it('restarting (restart policy always): the last exit as the run that ended, no invented start', () => {
    const store = new Store({ clock: () => 0 });
    const feed = new DockerFeed(store.sinkFor('docker', 'default'), 'default');
    const info = inspectFixture('restarting');
    feed.apply({ t: 1, type: 'docker.list', context: 'default', data: [info] });
    store.dispose();
    const row = store.allRows()[0]!;
    const segments = buildTimeline({ row, transitions: store.transitions(row.key), events: [], now: Date.parse(info.State.FinishedAt!) + 1000 });
    expect(segments.find((s) => s.phase === 'terminated')).toMatchObject({ from: Date.parse(info.State.FinishedAt!), known: true });
    expect(segments.find((s) => s.phase === 'terminated')!.detail).toMatch(new RegExp(`exit ${info.State.ExitCode}`));
    expect(phase(segments, 'running')).toHaveLength(0);
  });
});

describe('rendering', () => {
  const T = Date.parse('2026-11-25T10:00:00Z');
  const segments: TimelineSegment[] = [
    { phase: 'pull', label: 'image pull', from: T, to: T + 1200, seconds: 1.2, known: true },
    { phase: 'postStart', label: 'postStart', from: T + 1200, to: T + 1500, seconds: 0.3, known: true },
    { phase: 'running', label: 'Running', from: T + 1500, to: T + 43_500, seconds: 42, known: true },
    { phase: 'preStop', label: 'preStop', from: T + 43_500, to: T + 48_500, seconds: 5, known: true },
    { phase: 'termToExit', label: 'TERM → exit', from: T + 48_500, to: T + 48_600, seconds: 0.1, known: true },
  ];

  it('the strip reads like the issue\'s example and keeps the latest parts when narrow', () => {
    expect(timelineStrip(segments, 200)).toBe('pull 1.2s › post 0.3s › up 42s › preStop 5.0s › exit 0.1s');
    const narrow = timelineStrip(segments, 30);
    expect(narrow.length).toBeLessThanOrEqual(30);
    expect(narrow).toBe('… › preStop 5.0s › exit 0.1s');
    expect(timelineStrip(segments, 5).length).toBeLessThanOrEqual(5);
  });

  it('a long strip (a crash loop, wide reasons too) keeps, at every width, the longest tail of whole parts that fits', () => {
    const looping: TimelineSegment[] = [];
    for (let i = 0; i < 40; i++) {
      const from = T + i * 10_000;
      looping.push({ phase: 'running', label: 'Running', from, to: from + 2000, seconds: 2, known: true });
      looping.push({ phase: 'restart', label: `restart ${i + 1}`, from: from + 2000, known: true });
      looping.push({ phase: 'waiting', label: i % 3 === 0 ? '待機中' : 'CrashLoopBackOff', from: from + 2000, to: from + 10_000, seconds: 8, known: true });
    }
    const whole = timelineStrip(looping, 10_000);
    const parts = whole.split(' › ');
    for (let width = 1; width <= 200; width++) {
      const strip = timelineStrip(looping, width);
      expect(cellWidth(strip), `width ${width}`).toBeLessThanOrEqual(width);
      if (!strip.startsWith('… › ')) continue; // too narrow for a part beside the mark: the last part, cut
      const tail = strip.slice('… › '.length).split(' › ');
      expect(tail, `width ${width}`).toEqual(parts.slice(parts.length - tail.length));
      // One part more would not have fitted.
      expect(cellWidth(`… › ${parts.slice(parts.length - tail.length - 1).join(' › ')}`), `width ${width}`).toBeGreaterThan(width);
    }
  });

  it('detail lines: clock, +duration, label (detail)', () => {
    const lines = formatTimeline([{ ...segments[0]!, detail: 'Pulling → Pulled' }], T);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.0 {5}\+1\.2s {2}image pull \(Pulling → Pulled\)$/);
  });

  it('reads the kubelet\'s own pull time (Go durations) from a Pulled message', () => {
    expect(pulledSeconds('Successfully pulled image "nginx:1.19" in 1.161s (1.161s including waiting). Image size: 5 bytes.')).toBeCloseTo(1.161);
    expect(pulledSeconds('Successfully pulled image "x" in 503ms (503ms including waiting)')).toBeCloseTo(0.503);
    expect(pulledSeconds('Successfully pulled image "x" in 1m2.5s (1m2.5s including waiting)')).toBeCloseTo(62.5);
    expect(pulledSeconds('Container image "x" already present on machine')).toBeUndefined();
  });
});

describe('a native sidecar waits for its turn (init-and-sidecar pod, a delete added to the captured object)', () => {
  const GRACE = 30;
  function deleted(appExitAfterMs?: number): { rows: ContainerRow[]; requestedAt: number } {
    const p = structuredClone(pod('init-and-sidecar-running'));
    const app = p.status!.containerStatuses!.find((c) => c.name === 'app')!;
    const requestedAt = Date.parse(app.state!.running!.startedAt!) + 60_000;
    p.metadata!.deletionTimestamp = new Date(requestedAt + GRACE * 1000).toISOString();
    p.metadata!.deletionGracePeriodSeconds = GRACE;
    if (appExitAfterMs !== undefined) {
      app.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: app.state!.running!.startedAt!, finishedAt: new Date(requestedAt + appExitAfterMs).toISOString() } };
    }
    return { rows: podToRows(p, { context: 'podlife-local' }), requestedAt };
  }
  const sidecarTimeline = (rows: ContainerRow[], now: number) => buildTimeline({ row: rows.find((r) => r.name === 'log-shipper')!, transitions: [], events: [], now });

  it('while the app still runs: an open wait, and no TERM claimed', () => {
    const { rows, requestedAt } = deleted();
    const segments = sidecarTimeline(rows, requestedAt + 4000);
    const turn = segments.find((s) => s.phase === 'turn');
    expect(turn).toMatchObject({ label: 'waits for main containers', from: requestedAt });
    expect(turn!.to).toBeUndefined();
    expect(segments.some((s) => s.phase === 'termToExit')).toBe(false);
  });

  it('once the app exited: the wait ends there, and TERM follows, marked as worked out', () => {
    const { rows, requestedAt } = deleted(3000);
    const appExit = rows.find((r) => r.name === 'app')!.termination!.exitedAt!;
    const segments = sidecarTimeline(rows, requestedAt + 5000);
    expect(segments.find((s) => s.phase === 'turn')).toMatchObject({ from: requestedAt, to: appExit, detail: 'TERM estimated from their exit' });
    expect(segments.find((s) => s.phase === 'termToExit')).toMatchObject({ from: appExit, detail: 'TERM estimated' });
  });
});
