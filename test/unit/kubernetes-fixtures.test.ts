// The mapping and the feed on pod objects, events and watch streams captured from the
// real local cluster by test/cluster/capture-fixtures.sh.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { describeOutcome, terminationOutcome, viewTermination } from '../../src/lifecycle/termination.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { RecordingSink } from './kubernetes-sink.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const pod = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;
const rows = (name: string) => podToRows(pod(name), { context: 'podlife-local' });
const server = (time: string) => Date.parse(time);
// Replayed long after capture: observations fall outside the servers' seconds, so only
// server timestamps count (what a relist would see).
const LATER = server('2026-11-25T09:00:00Z');

const watchObjects = (file: string) =>
  readFileSync(`${dir}${file}`, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { object: PodJson }).object);

/** The stop as the first object with a deletionTimestamp says: deadline − grace. */
function firstDeletion(file: string): { requestedAt: number; grace: number } {
  const meta = watchObjects(file).find((o) => o.metadata?.deletionTimestamp)!.metadata!;
  const grace = meta.deletionGracePeriodSeconds!;
  return { requestedAt: server(meta.deletionTimestamp!) - grace * 1000, grace };
}

function finishedAt(file: string, container: string): number {
  const terminated = watchObjects(file)
    .flatMap((o) => o.status?.containerStatuses ?? [])
    .find((c) => c.name === container && c.state?.terminated)!;
  return server(terminated.state!.terminated!.finishedAt!);
}

function eventTime(pod: string, reason: string): number {
  const events = (JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) as { items: { reason?: string; involvedObject?: { name?: string }; firstTimestamp?: string; eventTime?: string }[] }).items;
  const event = events.find((e) => e.reason === reason && e.involvedObject?.name === pod)!;
  return server((event.firstTimestamp ?? event.eventTime)!);
}

function replay(watchFile: string, withEvents = false): RecordingSink {
  const sink = new RecordingSink();
  const feed = new KubernetesFeed(sink, 'podlife-local');
  if (withEvents) feed.apply({ t: LATER, type: 'k8s.events.list', context: 'podlife-local', data: JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) });
  for (const line of readFileSync(`${dir}${watchFile}`, 'utf8').split('\n').filter(Boolean)) {
    feed.apply({ t: LATER, type: 'k8s.pod', context: 'podlife-local', data: JSON.parse(line) });
  }
  return sink;
}

describe('captured pods → rows', () => {
  it('lifecycle: ContainerCreating, then Running with its exec hooks', () => {
    expect(rows('lifecycle-waiting')[0]).toMatchObject({ name: 'web', state: 'Waiting', reason: 'ContainerCreating' });
    const running = rows('lifecycle-running')[0]!;
    expect(running).toMatchObject({ state: 'Running', ready: true, hooks: { postStart: 'exec', preStop: 'exec', preStopSeconds: 5 } });
    expect(running.startedAt).toBe(server(pod('lifecycle-running').status!.containerStatuses![0]!.state!.running!.startedAt!));
  });

  it('lifecycle while deleting: the grace bar is in its preStop phase', () => {
    const p = pod('lifecycle-deleting');
    const t = podToRows(p, { context: 'podlife-local' })[0]!.termination!;
    const deadline = server(p.metadata!.deletionTimestamp!);
    expect(t).toMatchObject({ graceSeconds: 30, hasPreStop: true, deadline, requestedAt: deadline - 30_000 });
    expect(viewTermination(t, t.requestedAt + 2000)).toMatchObject({ phase: 'hook', secondsToKill: 28 });
  });

  it('image pull failure: ErrImagePull, then ImagePullBackOff, with the messages', () => {
    expect(rows('image-pull-errimagepull')[0]).toMatchObject({ state: 'Waiting', reason: 'ErrImagePull', message: expect.stringContaining('127.0.0.1:1/podlife/missing:1') });
    expect(rows('image-pull-backoff')[0]).toMatchObject({ state: 'Waiting', reason: 'ImagePullBackOff', message: expect.stringMatching(/^Back-off pulling image/) });
  });

  it('crash loop: Terminated Error 3, then CrashLoopBackOff with restarts and last state', () => {
    expect(rows('crash-loop-terminated')[0]).toMatchObject({ state: 'Terminated', reason: 'Error', exitCode: 3, restartCount: 1 });
    const backoff = rows('crash-loop-backoff')[0]!;
    expect(backoff).toMatchObject({ state: 'Waiting', reason: 'CrashLoopBackOff', restartCount: 2 });
    expect(backoff.lastState).toMatchObject({ state: 'Terminated', reason: 'Error', exitCode: 3 });
    expect(backoff.lastState!.finishedAt! - backoff.lastState!.startedAt!).toBe(2000);
  });

  it('completed: Terminated Completed 0', () => {
    expect(rows('completed')[0]).toMatchObject({ state: 'Terminated', reason: 'Completed', exitCode: 0 });
  });

  it('init + sidecar: kinds, order and PodInitializing, then all running', () => {
    const init = rows('init-and-sidecar-initializing');
    expect(init.map((r) => [r.name, r.kind, r.state, r.reason])).toEqual([
      ['setup', 'init', 'Running', undefined],
      ['log-shipper', 'sidecar', 'Waiting', 'PodInitializing'],
      ['app', 'main', 'Waiting', 'PodInitializing'],
    ]);
    const running = rows('init-and-sidecar-running');
    expect(running.map((r) => [r.name, r.state, r.reason])).toEqual([
      ['setup', 'Terminated', 'Completed'],
      ['log-shipper', 'Running', undefined],
      ['app', 'Running', undefined],
    ]);
  });

  it('prestop-overrun while deleting: grace 5 from the pod', () => {
    expect(rows('prestop-overrun-deleting')[0]?.termination).toMatchObject({ graceSeconds: 5, hasPreStop: true });
  });
});

describe('captured watch streams through the feed', () => {
  it('lifecycle: the stop survives the kubelet\'s final grace-0 delete, then the pod goes', () => {
    const sink = replay('watch-lifecycle.ndjson');
    const last = sink.last('upsert')!.rows[0]!;
    const t = last.termination!;
    const stop = firstDeletion('watch-lifecycle.ndjson');
    // The first deletion seen (grace 30), not the kubelet's final grace-0 MODIFIED.
    expect(t).toMatchObject({ requestedAt: stop.requestedAt, graceSeconds: stop.grace, exitCode: 0, hasPreStop: true });
    expect(stop.grace).toBe(30);
    expect(t.forced).toBeUndefined();
    // finishedAt has whole seconds: the exit lies in [finishedAt, finishedAt + 1 s).
    const finished = finishedAt('watch-lifecycle.ndjson', 'web');
    expect(t.exitedAt).toBeGreaterThanOrEqual(finished);
    expect(t.exitedAt).toBeLessThan(finished + 1000);
    expect(terminationOutcome(t)?.killed).toBe(false);
    expect(sink.last('remove')?.groupKey).toBe(last.groupKey);
  });

  it('lifecycle with its events: the preStop counts from the kubelet\'s Killing', () => {
    const t = replay('watch-lifecycle.ndjson', true).last('upsert')!.rows[0]!.termination!;
    // Killing (stamped in whole seconds), then the hook's `sleep 5`: it ended no earlier than
    // 5 s after the Killing stamp, and no later than the exit (estimated, and says so).
    const killing = eventTime('lifecycle', 'Killing');
    expect(t.hookEndEstimated).toBe(true);
    expect(t.hookEndedAt).toBeGreaterThanOrEqual(killing + 5000);
    expect(t.hookEndedAt).toBeLessThanOrEqual(t.exitedAt!);
    expect(describeOutcome(terminationOutcome(t)!)).toMatch(/^preStop \d\.\d s, exited 0 after \d\.\d s of 30 s$/);
    expect(terminationOutcome(t)!.hookSeconds!).toBeGreaterThanOrEqual(4.5);
  });

  it('prestop-overrun: KILL after the deadline, the hook reported failed', () => {
    const sink = replay('watch-prestop-overrun.ndjson', true);
    const t = sink.last('upsert')!.rows[0]!.termination!;
    const stop = firstDeletion('watch-prestop-overrun.ndjson');
    expect(t).toMatchObject({ requestedAt: stop.requestedAt, graceSeconds: 5, exitCode: 137 });
    // FailedPreStopHook came at KILL; the hook's time was up a grace period after the
    // kubelet began (within its Killing event's second), and KILL followed 2 s later.
    expect(t.hookEndedAt).toBeGreaterThanOrEqual(t.deadline);
    expect(t.hookEndedAt).toBeLessThan(t.deadline + 2000);
    expect(t.killSentAt).toBe(t.hookEndedAt! + 2000);
    expect(viewTermination(t, LATER).killed).toBe(true);
    expect(sink.all('event').some((e) => e.event.reason === 'FailedPreStopHook' && e.event.container === 'stubborn' && e.event.type === 'Warning')).toBe(true);
  });

  it('events name their container from fieldPath', () => {
    const sink = replay('watch-lifecycle.ndjson', true);
    const started = sink.all('event').filter((e) => e.event.reason === 'Started').map((e) => `${e.event.groupKey.split('/').pop()}/${e.event.container}`);
    expect(started).toEqual(expect.arrayContaining(['lifecycle/web', 'init-and-sidecar/setup', 'init-and-sidecar/log-shipper', 'init-and-sidecar/app']));
    const scheduled = sink.all('event').find((e) => e.event.reason === 'Scheduled');
    expect(scheduled?.event.container).toBeUndefined();
  });
});
