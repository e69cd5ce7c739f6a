// Lifecycle warnings on the real captured fixtures: pod objects before and after a delete,
// the watch streams and events replayed through the feed into a Store, and Docker stops.
// Expected numbers (sleep, grace, exit codes, cadence) are read from the fixture files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import { backOffSeconds, lifecycleWarnings, restartCadence, type LifecycleWarning } from '../../src/lifecycle/warnings.js';
import { DockerFeed } from '../../src/sources/docker-feed.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { Store } from '../../src/store/store.js';
import { eventMs, eventsFixture, inspectFixture } from './docker-fixtures.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const CONTEXT = 'podlife-local';
const LATER = Date.parse('2026-11-25T09:00:00Z');
const pod = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;
const rowsOf = (p: PodJson) => podToRows(p, { context: CONTEXT });
const watchObjects = (file: string) =>
  readFileSync(`${dir}${file}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: PodJson }).filter((l) => l.type !== 'DELETED').map((l) => l.object);

/** The capture kept no receive times: stamp each object at the latest second it mentions. */
function receivedAt(o: PodJson): number {
  const meta = o.metadata as PodJson['metadata'] & { managedFields?: { time?: string }[] };
  const times: (string | undefined)[] = [meta?.creationTimestamp, ...(meta?.managedFields ?? []).map((m) => m.time)];
  for (const c of o.status?.containerStatuses ?? []) for (const s of [c.state, c.lastState]) times.push(s?.running?.startedAt, s?.terminated?.startedAt, s?.terminated?.finishedAt);
  let latest = Math.max(...times.filter((t): t is string => Boolean(t)).map((t) => Date.parse(t)));
  if (meta?.deletionTimestamp) latest = Math.max(latest, Date.parse(meta.deletionTimestamp) - (meta.deletionGracePeriodSeconds ?? 0) * 1000);
  return latest;
}

/** Objects (and optionally events.json) through the feed into a Store; warnings of the pod at the end. */
function replay(objects: PodJson[], withEvents: boolean, now?: number): { warnings: LifecycleWarning[]; store: Store; now: number } {
  let clock = receivedAt(objects[0]!);
  const store = new Store({ clock: () => clock });
  const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
  if (withEvents) feed.apply({ t: LATER, type: 'k8s.events.list', context: CONTEXT, data: JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) });
  objects.forEach((object, i) => {
    clock = receivedAt(object);
    feed.apply({ t: clock, type: 'k8s.pod', context: CONTEXT, data: { type: i === 0 ? 'ADDED' : 'MODIFIED', object } });
  });
  store.dispose();
  const rows = store.allRows();
  const at = now ?? clock;
  return { store, now: at, warnings: lifecycleWarnings({ rows, events: store.eventsFor(rows[0]!.groupKey), transitions: (k) => store.transitions(k), now: at }) };
}

const noTransitions = () => [];
const warningsOf = (rows: readonly ContainerRow[], now: number, events: readonly LifecycleEvent[] = []) => lifecycleWarnings({ rows, events, transitions: noTransitions, now });
const kinds = (w: LifecycleWarning[]) => w.map((x) => x.kind).sort();

/** `… && sleep N` → N, read from the pod's own preStop command. */
function preStopSleep(p: PodJson): number {
  const command = (p.spec!.containers![0]!.lifecycle!.preStop as { exec: { command: string[] } }).exec.command.join(' ');
  return Number(/sleep (\d+)/.exec(command)![1]);
}

describe('prestop-overrun: warned before the delete, KILL after', () => {
  it('running, before any delete: preStop sleep ≥ grace from the spec alone', () => {
    const p = pod('prestop-overrun-running');
    expect(p.metadata!.deletionTimestamp).toBeUndefined();
    const sleep = preStopSleep(p);
    const grace = p.spec!.terminationGracePeriodSeconds!;
    expect(sleep).toBeGreaterThanOrEqual(grace);
    const warnings = warningsOf(rowsOf(p), Date.parse(p.status!.containerStatuses![0]!.state!.running!.startedAt!) + 1000);
    expect(warnings).toEqual([
      {
        kind: 'prestop-exceeds-grace',
        groupKey: rowsOf(p)[0]!.groupKey,
        container: 'stubborn',
        severity: 'warning',
        message: `preStop sleeps ${sleep} s but the grace period is ${grace} s: the container will be KILLed before its preStop finished`,
      },
    ]);
  });

  it('deleting: still the prediction, no KILL claimed before it happened', () => {
    const p = pod('prestop-overrun-deleting');
    const now = Date.parse(p.metadata!.deletionTimestamp!) - 1000;
    const warnings = warningsOf(rowsOf(p), now);
    expect(kinds(warnings)).toEqual(['prestop-exceeds-grace']);
    expect(warnings[0]!.message).toMatch(new RegExp(`grace period is ${p.metadata!.deletionGracePeriodSeconds} s`));
  });

  it('after the stop (watch stream + events): killed-at-deadline, the overrun as observed, the failed hook', () => {
    const { warnings } = replay(watchObjects('watch-prestop-overrun.ndjson'), true);
    expect(kinds(warnings)).toEqual(['killed-at-deadline', 'prestop-exceeds-grace', 'prestop-failed']);
    const grace = pod('prestop-overrun-deleting').metadata!.deletionGracePeriodSeconds!;
    const killed = warnings.find((w) => w.kind === 'killed-at-deadline')!;
    expect(killed).toMatchObject({ severity: 'error', container: 'stubborn' });
    expect(killed.message).toMatch(new RegExp(`^KILLed at the ${grace} s deadline \\(exit 137\\) while its preStop still ran`));
    expect(warnings.find((w) => w.kind === 'prestop-exceeds-grace')).toMatchObject({ severity: 'error', message: expect.stringMatching(/was KILLed before its preStop finished$/) });
    const failed = (JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) as { items: { reason?: string; message?: string }[] }).items.find((e) => e.reason === 'FailedPreStopHook')!;
    expect(warnings.find((w) => w.kind === 'prestop-failed')!.message).toBe(`preStop hook failed: ${failed.message}`);
  });

  it('the same stop without its events: still killed-at-deadline from exit 137 at the deadline', () => {
    const { warnings } = replay(watchObjects('watch-prestop-overrun.ndjson'), false);
    expect(kinds(warnings)).toEqual(['killed-at-deadline', 'prestop-exceeds-grace']);
  });
});

describe('pods that need no warning', () => {
  it('lifecycle: preStop sleep 5 within grace 30, exit 0, watched from creation to the end', () => {
    const p = pod('lifecycle-running');
    expect(preStopSleep(p)).toBeLessThan(p.spec!.terminationGracePeriodSeconds!);
    expect(replay(watchObjects('watch-lifecycle.ndjson'), true).warnings).toEqual([]);
    expect(warningsOf(rowsOf(p), LATER)).toEqual([]);
  });

  it('init + sidecar running, completed, image pull failure: none of these kinds', () => {
    for (const name of ['init-and-sidecar-running', 'completed', 'image-pull-backoff']) expect(warningsOf(rowsOf(pod(name)), LATER)).toEqual([]);
  });
});

describe('crash loop with its cadence', () => {
  it('CrashLoopBackOff: restarts, the kubelet\'s back-off and the last exit, from the pod', () => {
    const p = pod('crash-loop-backoff');
    const status = p.status!.containerStatuses![0]!;
    const backOff = backOffSeconds(status.state!.waiting!.message)!;
    expect(status.state!.waiting!.message).toContain(`back-off ${backOff}s`);
    const last = status.lastState!.terminated!;
    const warnings = warningsOf(rowsOf(p), LATER);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'crash-loop', severity: 'error', container: 'crasher' });
    expect(warnings[0]!.message).toBe(`crash loop: ${status.restartCount} restarts, next after a ${backOff} s back-off (last exit ${last.exitCode} ${last.reason})`);
  });

  it('terminated with a BackOff event: every ~N s from the two known starts', () => {
    const p = pod('crash-loop-terminated');
    const status = p.status!.containerStatuses![0]!;
    const cadence = (Date.parse(status.state!.terminated!.startedAt!) - Date.parse(status.lastState!.terminated!.startedAt!)) / 1000;
    // The BackOff Warning is what marks a crash loop with a single restart so far.
    expect(warningsOf(rowsOf(p), LATER)).toEqual([]);
    const { warnings } = replay([p], true);
    expect(warnings.map((w) => w.message)).toEqual([
      `crash loop: 1 restart, every ~${cadence.toFixed(1)} s (last exit ${status.state!.terminated!.exitCode} ${status.state!.terminated!.reason})`,
    ]);
  });

  it('terminated → CrashLoopBackOff through the feed: the restart podlife saw, the last exit', () => {
    const { warnings, store } = replay([pod('crash-loop-terminated'), pod('crash-loop-backoff')], false);
    const row = store.allRows()[0]!;
    expect(store.transitions(row.key).map((t) => t.restartCount)).toEqual([1, 2]);
    expect(kinds(warnings)).toEqual(['crash-loop']);
    expect(warnings[0]!.message).toMatch(/^crash loop: 2 restarts, .* \(last exit 3 Error\)$/);
  });

  it('cadence from restarts podlife saw, measured on its own clock', () => {
    const row = { ...rowsOf(pod('crash-loop-backoff'))[0]!, lastState: undefined, restartCount: 4 };
    const T = LATER;
    const transitions = [
      { at: T, state: 'Running' as const, restartCount: 2 },
      { at: T + 20_000, state: 'Running' as const, restartCount: 3 },
      { at: T + 40_000, state: 'Running' as const, restartCount: 4 },
    ];
    expect(restartCadence(row, transitions)).toBe(20);
    const warnings = lifecycleWarnings({ rows: [row], events: [], transitions: () => transitions, now: T + 41_000 });
    expect(warnings[0]!.message).toBe('crash loop: 4 restarts, every ~20 s');
  });
});

describe('hook failures and the previous run\'s KILL (synthetic events on real pods)', () => {
  it('FailedPostStartHook for the container: poststart-failed with the event\'s message', () => {
    const rows = rowsOf(pod('lifecycle-running'));
    const event: LifecycleEvent = { at: LATER, groupKey: rows[0]!.groupKey, container: 'web', type: 'Warning', reason: 'FailedPostStartHook', message: 'Exec lifecycle hook ([/bin/sh -c exit 1]) for Container "web" failed - error: command terminated with exit code 1' };
    const other: LifecycleEvent = { ...event, container: 'another' };
    expect(warningsOf(rows, LATER, [event, other])).toEqual([
      { kind: 'poststart-failed', groupKey: rows[0]!.groupKey, container: 'web', severity: 'error', message: `postStart hook failed: ${event.message}` },
    ]);
  });

  it('lastState exit 137 a whole grace period after the kubelet\'s Killing: ignored TERM', () => {
    const base = rowsOf(pod('lifecycle-running'))[0]!;
    const grace = base.defaultGraceSeconds!;
    const killing = base.startedAt! + 60_000;
    const row: ContainerRow = { ...base, restartCount: 1, lastState: { state: 'Terminated', reason: 'Error', exitCode: 137, startedAt: base.startedAt!, finishedAt: killing + grace * 1000 } };
    const event: LifecycleEvent = { at: killing, groupKey: row.groupKey, container: 'web', type: 'Normal', reason: 'Killing', message: 'Container web failed liveness probe, will be restarted' };
    expect(warningsOf([row], LATER, [event]).map((w) => w.message)).toEqual([`ignored TERM: KILLed at the ${grace} s deadline (exit 137) before the last restart; handle SIGTERM or shorten the work`]);
    // Exit 137 soon after Killing is not a TERM ignored for the whole grace (nor is an OOM kill).
    expect(warningsOf([{ ...row, lastState: { ...row.lastState!, finishedAt: killing + 2000 } }], LATER, [event])).toEqual([]);
    expect(warningsOf([{ ...row, lastState: { ...row.lastState!, reason: 'OOMKilled' } }], LATER, [event])).toEqual([]);
  });
});

describe('a sidecar that outlives the grace (init-and-sidecar pod, stop added to the captured object)', () => {
  const GRACE = 5;
  function stopping(sidecarExitAfterDeadlineMs?: number) {
    const p = structuredClone(pod('init-and-sidecar-running'));
    const app = p.status!.containerStatuses!.find((c) => c.name === 'app')!;
    const requestedAt = Date.parse(app.state!.running!.startedAt!) + 60_000;
    const deadline = requestedAt + GRACE * 1000;
    p.metadata!.deletionTimestamp = new Date(deadline).toISOString();
    p.metadata!.deletionGracePeriodSeconds = GRACE;
    // The app exits on TERM a second after the request.
    app.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: app.state!.running!.startedAt!, finishedAt: new Date(requestedAt + 1000).toISOString() } };
    if (sidecarExitAfterDeadlineMs !== undefined) {
      const sidecar = p.status!.initContainerStatuses!.find((c) => c.name === 'log-shipper')!;
      sidecar.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: sidecar.state!.running!.startedAt!, finishedAt: new Date(deadline + sidecarExitAfterDeadlineMs).toISOString() } };
    }
    const rows = rowsOf(p);
    // On the mapped rows, exits sit mid-second (finishedAt has whole seconds): read them back.
    const stop = rows.find((r) => r.name === 'app')!.termination!;
    const mainsDone = ((stop.exitedAt! - stop.requestedAt) / 1000).toFixed(1);
    const sidecarExit = rows.find((r) => r.name === 'log-shipper')!.termination?.exitedAt;
    return { rows, deadline, mainsDone, sidecarLate: sidecarExit === undefined ? undefined : ((sidecarExit - deadline) / 1000).toFixed(1) };
  }

  it('still running 3 s past the deadline, the main container long done', () => {
    const { rows, deadline, mainsDone } = stopping();
    expect(warningsOf(rows, deadline - 1000)).toEqual([]);
    const warnings = warningsOf(rows, deadline + 3000);
    expect(warnings).toEqual([
      {
        kind: 'sidecar-outlived-grace',
        groupKey: rows[0]!.groupKey,
        container: 'log-shipper',
        severity: 'warning',
        message: `sidecar log-shipper still running 3.0 s past the ${GRACE} s deadline; the main containers were done ${mainsDone} s after the stop: make it exit on TERM`,
      },
    ]);
  });

  it('exited (KILLed) 2 s past the deadline; exiting before it is fine', () => {
    const late = stopping(2000);
    // KILLed past the deadline: it also ignored TERM.
    expect(warningsOf(late.rows, late.deadline + 10_000).map((w) => [w.container, w.kind, w.message])).toEqual([
      ['log-shipper', 'killed-at-deadline', `ignored TERM: KILLed at the ${GRACE} s deadline (exit 137); handle SIGTERM or shorten the work`],
      ['log-shipper', 'sidecar-outlived-grace', `sidecar log-shipper exited ${late.sidecarLate} s past the ${GRACE} s deadline (KILLed); the main containers were done ${late.mainsDone} s after the stop: make it exit on TERM`],
    ]);
    const early = stopping(-3000);
    expect(warningsOf(early.rows, early.deadline + 10_000)).toEqual([]);
  });
});

describe('Docker: a container that ignores TERM is KILLed at the deadline', () => {
  function stop(running: string, eventsName: string, grace: number): LifecycleWarning[] {
    let now = 0;
    const store = new Store({ clock: () => now });
    const feed = new DockerFeed(store.sinkFor('docker', 'default'), 'default');
    const info = inspectFixture(running);
    const events = eventsFixture(eventsName);
    feed.apply({ t: 1, type: 'docker.list', context: 'default', data: [info] });
    now = eventMs(events[0]!) - 5;
    feed.apply({ t: now, type: 'docker.stop-requested', context: 'default', data: { id: info.Id, graceSeconds: grace, mode: 'stop' } });
    for (const e of events) {
      now = eventMs(e) + 3;
      feed.apply({ t: now, type: 'docker.event', context: 'default', data: e });
    }
    store.dispose();
    const rows = store.allRows();
    return lifecycleWarnings({ rows, events: store.eventsFor(rows[0]!.groupKey), transitions: (k) => store.transitions(k), now });
  }

  it('stop-ignore-term (grace 2): killed-at-deadline', () => {
    expect(stop('stop-ignore-term.running', 'stop-ignore-term', 2)).toEqual([
      expect.objectContaining({ kind: 'killed-at-deadline', severity: 'error', message: 'ignored TERM: KILLed at the 2 s deadline (exit 137); handle SIGTERM or shorten the work' }),
    ]);
  });

  it('stop-trap-term: exits 0 on TERM, no warning; an exit 137 without a stop (OOM) is not one either', () => {
    expect(stop('stop-trap-term.running', 'stop-trap-term', 10)).toEqual([]);
    const store = new Store({ clock: () => 0 });
    const feed = new DockerFeed(store.sinkFor('docker', 'default'), 'default');
    feed.apply({ t: 1, type: 'docker.list', context: 'default', data: [inspectFixture('exited-oomkilled'), inspectFixture('exited-137')] });
    store.dispose();
    expect(lifecycleWarnings({ rows: store.allRows(), events: [], transitions: () => [], now: LATER })).toEqual([]);
  });
});
