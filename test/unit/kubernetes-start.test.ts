// The start side on objects the local cluster served (test/fixtures/kubernetes/): a
// postStart hook running between the kubelet's Started event and Running, a startup probe
// counting up, a Running container that is not ready, and init containers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { cellText } from '../../src/render/row-cells.js';
import { startDetailLines } from '../../src/render/start-text.js';
import { rowToJson } from '../../src/output/row-json.js';
import { formatClock } from '../../src/render/format.js';
import { RecordingSink } from './kubernetes-sink.js';
import { redactPod } from '../../src/record/redact.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;
const events = (JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) as { items: EventJson[] }).items;
const eventOf = (pod: string, reason: string) => events.find((e) => e.involvedObject?.name === pod && e.reason === reason)!;
const stampOf = (e: EventJson) => Date.parse(e.lastTimestamp!);
const CONTEXT = 'podlife-local';

function feed() {
  const sink = new RecordingSink();
  const f = new KubernetesFeed(sink, CONTEXT);
  const rows = () => {
    const last = sink.calls.filter((c) => c.kind === 'upsert' || c.kind === 'resync').at(-1);
    return last && 'rows' in last ? last.rows : [];
  };
  const apply = (type: string, t: number, data: unknown) => f.apply({ t, type, context: CONTEXT, data } as RawRecord);
  return {
    pod: (object: PodJson, t: number, type: 'ADDED' | 'MODIFIED' = 'MODIFIED') => apply('k8s.pod', t, { type, object }),
    event: (object: EventJson, t: number) => apply('k8s.event', t, { type: 'ADDED', object }),
    list: (items: EventJson[], t: number) => apply('k8s.events.list', t, { items }),
    row: (name: string): ContainerRow => rows().find((r) => r.name === name)!,
  };
}

const reason = (row: ContainerRow, now: number) => cellText(row, 'reason', now);

describe('postStart running', () => {
  // The article's pod: Waiting ContainerCreating, then the kubelet's Started event (its hook runs next).
  const waiting = fixture('lifecycle-waiting');
  const started = eventOf('lifecycle', 'Started');
  const stamp = stampOf(started);

  it('shows the hook running since the Started event, seen inside its second, while the API says ContainerCreating', () => {
    const f = feed();
    f.pod(waiting, stamp - 400, 'ADDED');
    expect(f.row('web').start).toBeUndefined();
    f.event(started, stamp + 150);
    const row = f.row('web');
    expect(row).toMatchObject({ state: 'Waiting', reason: 'ContainerCreating', start: { postStart: { since: stamp + 150 } } });
    expect(reason(row, stamp + 150 + 3200)).toBe('postStart 3.2s…');
    expect(reason(row, stamp + 150 + 6000)).toBe('postStart 6.0s…');
    expect(startDetailLines(row, stamp + 3000)).toContainEqual([
      'Starting',
      `postStart hook running since ${formatClock(stamp + 150)} (2.9s); the container stays ContainerCreating until it returns`,
    ]);
    expect(rowToJson(row, stamp + 1150).start).toEqual({ postStart: { since: new Date(stamp + 150).toISOString(), seconds: 1, estimated: undefined }, startupProbe: undefined, notReady: undefined, init: undefined });
  });

  it('the same Started event listed again (a relist) keeps its first, live sighting', () => {
    const f = feed();
    f.pod(waiting, stamp - 400, 'ADDED');
    f.event(started, stamp + 150);
    f.list([started], stamp + 4000);
    expect(f.row('web').start?.postStart).toEqual({ since: stamp + 150 });
  });

  it('ends when the container is Running', () => {
    const f = feed();
    f.pod(waiting, stamp - 400, 'ADDED');
    f.event(started, stamp + 150);
    f.pod(fixture('lifecycle-running'), stamp + 900);
    expect(f.row('web').start).toBeUndefined();
  });

  it('a Started event listed late keeps its whole-second stamp, and says so', () => {
    const f = feed();
    f.pod(waiting, stamp + 5000, 'ADDED');
    f.list([started], stamp + 5000);
    const row = f.row('web');
    expect(row.start?.postStart).toEqual({ since: stamp, estimated: true });
    expect(reason(row, stamp + 5000)).toBe('postStart ~5.0s…');
  });

  it('ends at FailedPostStartHook: the kubelet kills the container, the start side says no more', () => {
    const f = feed();
    f.pod(waiting, stamp - 400, 'ADDED');
    f.event(started, stamp + 150);
    f.event({ ...started, reason: 'FailedPostStartHook', type: 'Warning', message: 'PostStartHook failed', metadata: { ...started.metadata, name: 'lifecycle.failed' }, firstTimestamp: new Date(stamp + 6000).toISOString(), lastTimestamp: new Date(stamp + 6000).toISOString() }, stamp + 6100);
    expect(f.row('web').start).toBeUndefined();
    expect(reason(f.row('web'), stamp + 6200)).toBe('ContainerCreating');
  });

  it("a Started event of an earlier run does not make the next start look like a running postStart", () => {
    // The crash-loop pod between runs (lastState exit 3), given a postStart hook.
    const backoff = fixture('crash-loop-backoff');
    backoff.spec!.containers![0]!.lifecycle = { postStart: { exec: { command: ['sh', '-c', 'sleep 6'] } } };
    const finished = Date.parse(backoff.status!.containerStatuses![0]!.lastState!.terminated!.finishedAt!);
    const crashStarted = eventOf('crash-loop', 'Started');
    const f = feed();
    f.pod(backoff, finished + 2000, 'ADDED');
    const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    // The last run's Started (before its finish): not this run's.
    f.event({ ...crashStarted, lastTimestamp: at(finished - 2000) }, finished + 2100);
    expect(f.row('crasher').start).toBeUndefined();
    // The next run's Started, after the back-off: the hook runs while the status still shows the back-off.
    f.event({ ...crashStarted, count: (crashStarted.count ?? 1) + 1, lastTimestamp: at(finished + 10_000) }, finished + 10_200);
    expect(f.row('crasher').start?.postStart).toEqual({ since: finished + 10_200 });
  });

  it('a Started stamped in the same second as the last finish counts only when seen after that finish was reported', () => {
    const backoff = fixture('crash-loop-backoff');
    backoff.spec!.containers![0]!.lifecycle = { postStart: { exec: { command: ['sh', '-c', 'sleep 6'] } } };
    const status = backoff.status!.containerStatuses![0]!;
    const finished = Date.parse(status.lastState!.terminated!.finishedAt!);
    const sameSecond = { ...eventOf('crash-loop', 'Started'), lastTimestamp: status.lastState!.terminated!.finishedAt! };
    // Seen before the pod reported that finish: it is the finished run's own Started.
    const early = feed();
    early.event(sameSecond, finished + 100);
    early.pod(backoff, finished + 600, 'ADDED');
    expect(early.row('crasher').start).toBeUndefined();
    // Seen after: the restart came within the second of the exit (the first restart has no back-off).
    const late = feed();
    late.pod(backoff, finished + 300, 'ADDED');
    late.event(sameSecond, finished + 700);
    expect(late.row('crasher').start?.postStart).toEqual({ since: finished + 700 });
  });
});

/** The crash-loop pod's container made Running in a new run with probes, as the API serves it. */
function probed(startedAt: string, probes: { startupProbe?: object; readinessProbe?: object }, status: { started?: boolean; ready?: boolean; containerID?: string } = {}): PodJson {
  const pod = fixture('crash-loop-backoff');
  Object.assign(pod.spec!.containers![0]!, probes);
  const s = pod.status!.containerStatuses![0]!;
  s.state = { running: { startedAt } };
  s.started = status.started ?? false;
  s.ready = status.ready ?? false;
  s.containerID = status.containerID ?? 'containerd://run3';
  s.restartCount = 3;
  pod.status!.phase = 'Running';
  return pod;
}

describe('startup probe progress', () => {
  const base = eventOf('crash-loop', 'Started');
  const run = Date.parse('2026-11-25T07:46:00Z');
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const unhealthy = (name: string, first: number, last: number, count: number, message = 'Startup probe failed: '): EventJson => ({
    ...base,
    reason: 'Unhealthy',
    type: 'Warning',
    message,
    count,
    metadata: { ...base.metadata, name },
    firstTimestamp: iso(first),
    lastTimestamp: iso(last),
  });
  const probe = { startupProbe: { failureThreshold: 4, periodSeconds: 1 } };

  it('counts failures in this run from its Unhealthy events: an event first stamped in this run counts whole', () => {
    const f = feed();
    f.pod(probed(iso(run), probe), run + 300, 'ADDED');
    f.event(unhealthy('crash-loop.startup', run + 1000, run + 1000, 1), run + 1100);
    f.event(unhealthy('crash-loop.startup', run + 1000, run + 2000, 2), run + 2100);
    const row = f.row('crasher');
    expect(row.start?.startupProbe).toMatchObject({ failures: 2, threshold: 4, periodSeconds: 1 });
    expect(reason(row, run + 2200)).toBe('startup probe 2/4');
  });

  it('an event that spans runs counts from the count seen before this run began', () => {
    const f = feed();
    f.pod(probed(iso(run - 20_000), probe, { containerID: 'containerd://run2' }), run - 19_000, 'ADDED');
    f.event(unhealthy('crash-loop.startup', run - 19_000, run - 16_000, 4), run - 15_900);
    f.pod(probed(iso(run), probe), run + 300);
    f.event(unhealthy('crash-loop.startup', run - 19_000, run + 1000, 5), run + 1100);
    f.event(unhealthy('crash-loop.startup', run - 19_000, run + 2000, 6), run + 2100);
    f.event(unhealthy('crash-loop.startup', run - 19_000, run + 3000, 7), run + 3100);
    expect(reason(f.row('crasher'), run + 3200)).toBe('startup probe 3/4');
  });

  it('without a sighting from before this run, the count is estimated from the time since startedAt, marked ~', () => {
    const f = feed();
    f.pod(probed(iso(run), { startupProbe: { failureThreshold: 30, periodSeconds: 10 } }), run + 45_000, 'ADDED');
    f.list([unhealthy('crash-loop.startup', run - 60_000, run + 40_000, 11)], run + 45_000);
    const row = f.row('crasher');
    expect(row.start?.startupProbe?.failures).toBeUndefined();
    // "startup probe ~4/30" would not fit the 18-cell REASON column.
    expect(reason(row, run + 45_000)).toBe('startup ~4/30');
    expect(startDetailLines(row, run + 45_000)[0]![1]).toMatch(/^not passed yet: failures in this run about 4 \(estimated/);
  });

  it("when the events stop while the probe still fails (the kubelet's spam filter), the time since startedAt takes over, marked ~", () => {
    const f = feed();
    f.pod(probed(iso(run), { startupProbe: { failureThreshold: 30, periodSeconds: 1 } }), run + 300, 'ADDED');
    f.event(unhealthy('crash-loop.startup', run + 1000, run + 1000, 1), run + 1100);
    f.event(unhealthy('crash-loop.startup', run + 1000, run + 2000, 2), run + 2100);
    const row = f.row('crasher');
    expect(reason(row, run + 3000)).toBe('startup probe 2/30');
    // Nothing for more than two probes' time (period 1 s + timeout 1 s, twice): 12 s in, about 12 failures.
    expect(reason(row, run + 12_000)).toBe('startup ~12/30');
  });

  it('is gone once the probe passed (started)', () => {
    const f = feed();
    f.pod(probed(iso(run), probe, { started: true, ready: true }), run + 300, 'ADDED');
    expect(f.row('crasher').start).toBeUndefined();
  });
});

describe('readiness', () => {
  const run = Date.parse('2026-11-25T07:46:00Z');
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const probe = { readinessProbe: { periodSeconds: 1, failureThreshold: 1 } };

  it('a flip to not ready seen live: not ready since that sighting', () => {
    const f = feed();
    f.pod(probed(iso(run), probe, { started: true, ready: true }), run + 300, 'ADDED');
    f.pod(probed(iso(run), probe, { started: true, ready: false }), run + 8000);
    const row = f.row('crasher');
    expect(row.start?.notReady).toEqual({ since: run + 8000, basis: 'seen' });
    expect(reason(row, run + 20_000)).toBe('not ready 12s');
    expect(startDetailLines(row, run + 20_000)).toEqual([['Readiness', `not ready since ${formatClock(run + 8000)} (12s; seen by podlife)`]]);
  });

  it('a run watched from its start and never ready: not ready since it started', () => {
    const f = feed();
    const waiting = fixture('crash-loop-backoff');
    Object.assign(waiting.spec!.containers![0]!, probe);
    f.pod(waiting, run - 1000, 'ADDED');
    f.pod(probed(iso(run), probe, { started: true }), run + 300);
    expect(f.row('crasher').start?.notReady).toEqual({ since: run, basis: 'started' });
  });

  it("first seen late: the pod's ContainersReady transition when it is the only container not ready, else a lower bound", () => {
    const pod = probed(iso(run), probe, { started: true });
    pod.status!.conditions = [{ type: 'ContainersReady', status: 'False', lastTransitionTime: iso(run + 30_000), reason: 'ContainersNotReady' }];
    const f = feed();
    f.pod(pod, run + 60_000, 'ADDED');
    expect(f.row('crasher').start?.notReady).toEqual({ since: run + 30_000, basis: 'condition' });
    pod.status!.conditions = [];
    f.pod(pod, run + 61_000);
    expect(f.row('crasher').start?.notReady).toEqual({ since: run, basis: 'started', estimated: true });
    expect(reason(f.row('crasher'), run + 61_000)).toBe('not ready ~1m01s');
  });

  it('without a readiness probe, not ready says nothing new', () => {
    const f = feed();
    f.pod(probed(iso(run), {}, { started: true }), run + 300, 'ADDED');
    expect(f.row('crasher').start).toBeUndefined();
  });
});

describe('init containers', () => {
  it("kubectl's Init:N/M on the pod's rows while regular init containers run (a native sidecar does not count)", () => {
    const f = feed();
    f.pod(fixture('init-and-sidecar-initializing'), Date.parse('2026-11-25T07:45:15Z'), 'ADDED');
    expect(f.row('setup').start).toEqual({ init: { done: 0, total: 1 } });
    expect(f.row('app').start).toEqual({ init: { done: 0, total: 1 } });
    expect(f.row('log-shipper').start).toBeUndefined();
    expect(reason(f.row('setup'), 0)).toBe('init 0/1');
    expect(reason(f.row('app'), 0)).toBe('init 0/1');
  });

  it('is gone once they completed', () => {
    const f = feed();
    f.pod(fixture('init-and-sidecar-running'), Date.parse('2026-11-25T07:46:00Z'), 'ADDED');
    for (const name of ['setup', 'log-shipper', 'app']) expect(f.row(name).start).toBeUndefined();
  });
});

describe('what the live source keeps of a probe', () => {
  it('its timing, never its command or URL', () => {
    const pod = fixture('lifecycle-running');
    Object.assign(pod.spec!.containers![0]!, {
      startupProbe: { exec: { command: ['sh', '-c', 'curl -H "token: s3cret" x'] }, periodSeconds: 1, failureThreshold: 4, timeoutSeconds: 1 },
      readinessProbe: { httpGet: { path: '/ready?key=s3cret', port: 80 }, periodSeconds: 2, initialDelaySeconds: 3 },
    });
    const kept = redactPod(pod) as PodJson;
    expect(kept.spec?.containers?.[0]?.startupProbe).toEqual({ periodSeconds: 1, failureThreshold: 4, timeoutSeconds: 1 });
    expect(kept.spec?.containers?.[0]?.readinessProbe).toEqual({ periodSeconds: 2, initialDelaySeconds: 3 });
    expect(JSON.stringify(kept)).not.toContain('s3cret');
  });
});
