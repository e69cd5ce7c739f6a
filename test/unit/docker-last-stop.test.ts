// A container that runs again keeps how its last run ended (row.lastStop), on events and
// inspects captured from a real dockerd (test/docker/capture-restart-fixtures.sh). Expected
// moments are the engine's own: the inspect's FinishedAt, the kill events' times.
import { describe, expect, it } from 'vitest';
import { DockerFeed, type DockerEventMessage } from '../../src/sources/docker-feed.js';
import { dockerGroupKey, type DockerInspect } from '../../src/lifecycle/docker.js';
import { describeOutcome, terminationOutcome } from '../../src/lifecycle/termination.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { FakeSink, eventMs, eventsFixture, inspectFixture } from './docker-fixtures.js';

const context = 'default';
const rec = (type: string, data: unknown, t = 0): RawRecord => ({ t, type, context, data });
const ev = (m: DockerEventMessage): RawRecord => rec('docker.event', m, eventMs(m) + 3);
const inspect = (info: DockerInspect, t = 0) => rec('docker.inspect', info, t);
const finishedAt = (info: DockerInspect) => Date.parse(info.State.FinishedAt!);
const label = (e: DockerEventMessage) => `${e.Action}${e.Actor?.Attributes?.signal ?? ''}${e.Actor?.Attributes?.exitCode ?? ''}`;

function watch(first: DockerInspect) {
  const sink = new FakeSink();
  const feed = new DockerFeed(sink, context);
  feed.apply(rec('docker.list', [first], 1));
  const row = () => sink.lastRow(dockerGroupKey(context, first.Id))!;
  return { sink, feed, row };
}

describe('restart policy on-failure:3, each run exits 3', () => {
  const events = eventsFixture('restart-on-failure');
  const [firstRun, secondRun, exited] = ['first-run', 'second-run', 'exited'].map((n) => inspectFixture(`restart-on-failure.${n}`)) as [DockerInspect, DockerInspect, DockerInspect];
  const dies = events.filter((e) => e.Action === 'die');
  const starts = events.filter((e) => e.Action === 'start');

  it('the engine restarted it three times: start (die 3 → start)×3 → die 3, RestartCount 1 then 3', () => {
    expect(events.map(label)).toEqual(['create', 'start', 'die3', 'start', 'die3', 'start', 'die3', 'start', 'die3']);
    expect([firstRun.RestartCount, secondRun.RestartCount, exited.RestartCount]).toEqual([0, 1, 3]);
    expect(secondRun.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
  });

  it('no last stop while the first run lives, nor between its die and the restart', () => {
    const { feed, row } = watch(firstRun);
    expect(row().lastStop).toBeUndefined();
    feed.apply(ev(dies[0]!));
    expect(row().state).toBe('Terminated');
    expect(row().lastStop).toBeUndefined();
    expect(row().termination).toBeUndefined(); // nobody asked it to stop: no bar
  });

  it('the restart makes the exit the last stop: exit 3 at the engine\'s FinishedAt, cause the policy', () => {
    const { feed, row } = watch(firstRun);
    feed.apply(ev(dies[0]!));
    feed.apply(ev(starts[1]!));
    const provisional = row().lastStop!;
    expect(provisional.cause).toEqual({ kind: 'restart', short: 'restart', text: 'restarted by its restart policy (on-failure:3)' });
    expect(provisional.termination).toMatchObject({ exitCode: 3, unrequested: true, exitedAt: eventMs(dies[0]!) });
    // The inspect of the new run carries the engine's own exit stamp of the run that ended.
    feed.apply(inspect(secondRun, eventMs(starts[1]!) + 20));
    const last = row().lastStop!;
    expect(row()).toMatchObject({ state: 'Running', restartCount: 1 });
    expect(last.termination.exitedAt).toBe(finishedAt(secondRun));
    expect(last.termination.exitedAt).toBeLessThanOrEqual(eventMs(dies[0]!));
    expect(last.cause.text).toBe('restarted by its restart policy (on-failure:3)');
    // Only what is known: no grace phases, no kill.
    expect(last.termination.termSentAt).toBeUndefined();
    expect(last.termination.killSentAt).toBeUndefined();
    expect(describeOutcome(terminationOutcome(last.termination)!)).toBe('exited 3');
  });

  it('started by hand instead (the engine resets RestartCount to 0 on `docker start`): the cause says so', () => {
    const { feed, row } = watch(firstRun);
    feed.apply(ev(dies[0]!));
    feed.apply(ev(starts[1]!));
    feed.apply(inspect({ ...secondRun, RestartCount: 0 }, eventMs(starts[1]!) + 20));
    expect(row().lastStop!.cause).toEqual({ kind: 'restart', short: 'docker start', text: 'exited, then started again by docker start' });
  });

  it('without a restart policy, a start after an exit is a docker start', () => {
    const noPolicy = { ...firstRun, HostConfig: { RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } } };
    const { feed, row } = watch(noPolicy);
    feed.apply(ev(dies[0]!));
    feed.apply(ev(starts[1]!));
    expect(row().lastStop!.cause.short).toBe('docker start');
  });

  it('each restart replaces it; once the policy gives up, the last one stays through inspects', () => {
    const { feed, row } = watch(firstRun);
    for (const e of events.slice(2)) {
      feed.apply(ev(e));
      if (e === starts[1]) feed.apply(inspect(secondRun, eventMs(e) + 20));
    }
    feed.apply(inspect(exited, eventMs(dies[3]!) + 20));
    feed.apply(rec('docker.list', [exited], eventMs(dies[3]!) + 1000));
    const last = row().lastStop!;
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 3, restartCount: 3 });
    // The third run's exit (its die: no inspect of the fourth run was taken), not the fourth's.
    expect(last.termination.exitedAt).toBe(eventMs(dies[2]!));
    expect(last.termination.exitedAt).toBeLessThan(finishedAt(exited));
    expect(last.cause.short).toBe('restart');
  });
});

describe('docker stop -t 2 of a container that ignores TERM, docker start, docker restart -t 2', () => {
  const events = eventsFixture('stop-start');
  const [running, stopped, started, restarted] = ['running', 'stopped', 'started', 'restarted'].map((n) => inspectFixture(`stop-start.${n}`)) as [DockerInspect, DockerInspect, DockerInspect, DockerInspect];
  const kills = events.filter((e) => e.Action === 'kill');
  const [firstStart, secondStart] = events.filter((e) => e.Action === 'start').slice(1);
  const restart = events.find((e) => e.Action === 'restart')!;

  it('the engine logged kill 15 → kill 9 → die 137 → stop → start, then the same → start → restart', () => {
    expect(events.map(label)).toEqual([
      'create', 'start', 'kill15', 'kill9', 'die137', 'stop', 'start', 'kill15', 'kill9', 'die137', 'stop', 'start', 'restart',
    ]);
    expect((eventMs(kills[1]!) - eventMs(kills[0]!)) / 1000).toBeCloseTo(2, 0);
  });

  /** Events up to and including `until`, with each inspect applied after the event it followed. */
  function play(until: DockerEventMessage) {
    const w = watch(running);
    const after = new Map<DockerEventMessage, DockerInspect>([[events[5]!, stopped], [firstStart!, started], [restart, restarted]]);
    for (const e of events.slice(2, events.indexOf(until) + 1)) {
      w.feed.apply(ev(e));
      const info = after.get(e);
      if (info) w.feed.apply(inspect(info, eventMs(e) + 20));
    }
    return w;
  }

  it('stopped: the bar shows the stop done, killed; the exit at the engine\'s FinishedAt (a few ms before it logged the KILL)', () => {
    const { row } = play(events[5]!);
    const t = row().termination!;
    expect(t).toMatchObject({ graceSeconds: 2, termSentAt: eventMs(kills[0]!), killSentAt: eventMs(kills[1]!), exitCode: 137 });
    expect(t.exitedAt).toBe(finishedAt(stopped));
    expect(terminationOutcome(t)!.killed).toBe(true);
    expect(row().lastStop).toBeUndefined();
  });

  it('docker start: the stop becomes the last stop (KILL after 2 s), the bar is gone, the cause says docker start', () => {
    const { row } = play(firstStart!);
    expect(row().state).toBe('Running');
    expect(row().termination).toBeUndefined();
    const last = row().lastStop!;
    expect(last.cause).toEqual({ kind: 'restart', short: 'docker start', text: 'stopped, then started again by docker start' });
    expect(last.termination).toMatchObject({ termSentAt: eventMs(kills[0]!), killSentAt: eventMs(kills[1]!), exitCode: 137, graceSeconds: 2 });
    expect(last.termination.exitedAt).toBe(finishedAt(stopped));
    expect(finishedAt(started)).toBe(finishedAt(stopped)); // the engine keeps the last exit while it runs again
    const outcome = terminationOutcome(last.termination)!;
    expect(outcome.killed).toBe(true);
    expect(describeOutcome(outcome)).toMatch(/^killed after 2\.\d s of 2 s$/);
  });

  it('docker restart: the second stop replaces it, named by the engine\'s restart event', () => {
    const { row, feed } = play(restart);
    const last = row().lastStop!;
    expect(last.cause).toEqual({ kind: 'restart', short: 'docker restart', text: 'restarted by docker restart' });
    expect(last.termination).toMatchObject({ termSentAt: eventMs(kills[2]!), killSentAt: eventMs(kills[3]!), exitCode: 137 });
    expect(last.termination.exitedAt).toBe(finishedAt(restarted));
    // RestartCount 0 in the inspect after it does not turn it into a plain docker start.
    feed.apply(inspect(restarted, eventMs(restart) + 500));
    expect(row().lastStop!.cause.short).toBe('docker restart');
    expect(row().termination).toBeUndefined();
  });

  it('between the start and the restart event (0.2 ms apart) the cause is docker start, on the second stop', () => {
    const { row } = play(secondStart!);
    expect(row().lastStop!.cause.short).toBe('docker start');
    expect(row().lastStop!.termination.termSentAt).toBe(eventMs(kills[2]!));
  });
});
