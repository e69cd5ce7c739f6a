// Recorded dockerd /events sequences and inspect results through the pure Docker feed.
import { describe, expect, it } from 'vitest';
import { DockerFeed, eventTime, type DockerEventMessage } from '../../src/sources/docker-feed.js';
import { dockerGroupKey } from '../../src/lifecycle/docker.js';
import { describeOutcome, terminationPhase, viewTermination, terminationOutcome } from '../../src/lifecycle/termination.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { FakeSink, eventMs, eventsFixture, inspectFixture } from './docker-fixtures.js';

const context = 'default';
const rec = (type: string, data: unknown, t = 0): RawRecord => ({ t, type, context, data });
const ev = (m: DockerEventMessage): RawRecord => rec('docker.event', m, eventMs(m) + 3);
const action = (events: DockerEventMessage[], name: string, nth = 0) => events.filter((e) => e.Action === name)[nth]!;

function setup(running: string) {
  const sink = new FakeSink();
  const feed = new DockerFeed(sink, context);
  const info = inspectFixture(running);
  feed.apply(rec('docker.list', [info], 1));
  return { sink, feed, info, groupKey: dockerGroupKey(context, info.Id) };
}

describe('Docker feed: stop of a container that ignores TERM (grace 2)', () => {
  const events = eventsFixture('stop-ignore-term');
  const term = action(events, 'kill', 0);
  const kill = action(events, 'kill', 1);
  const die = action(events, 'die');

  it('the recorded sequence is kill 15 → kill 9 → die 137 → stop', () => {
    expect(events.map((e) => `${e.Action}${e.Actor?.Attributes?.signal ?? ''}${e.Actor?.Attributes?.exitCode ?? ''}`))
      .toEqual(['kill15', 'kill9', 'die137', 'stop']);
  });

  it('stop request → term → kill-due → done, killed at the deadline, row Terminated 137 signal 9', () => {
    const { sink, feed, info, groupKey } = setup('stop-ignore-term.running');
    const requestedAt = eventMs(term) - 5; // the source records the request just before dockerd acts
    feed.apply(rec('docker.stop-requested', { id: info.Id, graceSeconds: 2, mode: 'stop' }, requestedAt));
    let t = feed.termination(info.Id)!;
    expect(t).toMatchObject({ requestedAt, graceSeconds: 2, deadline: requestedAt + 2000, hasPreStop: false });
    expect(terminationPhase(t, requestedAt + 1)).toBe('term');
    expect(sink.lastRow(groupKey)?.termination?.requestedAt).toBe(requestedAt);

    feed.apply(ev(term));
    t = feed.termination(info.Id)!;
    expect(t.termSentAt).toBe(eventMs(term));
    expect(terminationPhase(t, eventMs(term) + 100)).toBe('term');

    feed.apply(ev(kill));
    t = feed.termination(info.Id)!;
    expect(t.killSentAt).toBe(eventMs(kill));
    expect(terminationPhase(t, eventMs(kill))).toBe('kill-due');
    // dockerd's KILL came at the deadline (±0.2 s of scheduling)
    expect(Math.abs(t.killSentAt! - t.deadline)).toBeLessThan(200);

    feed.apply(ev(die));
    for (const e of events.slice(3)) feed.apply(ev(e));
    t = feed.termination(info.Id)!;
    expect(t).toMatchObject({ exitedAt: eventMs(die), exitCode: 137 });
    expect(terminationPhase(t, eventMs(die) + 10_000)).toBe('done');
    expect(viewTermination(t, eventMs(die)).killed).toBe(true);

    // Rows pushed while events arrive already show the exit (patched from the event); not its
    // reason: `die` does not say whether the OOM killer did it...
    const patched = sink.lastRow(groupKey)!;
    expect(patched).toMatchObject({ state: 'Terminated', exitCode: 137, signal: 9 });
    expect(patched.reason).toBeUndefined();
    // ...nor the exit's moment: dockerd logs `die` after its clean-up, so its time is only
    // the latest the exit can have been, and the row says so.
    expect(describeOutcome(terminationOutcome(patched.termination!)!)).toMatch(/^killed after ≤\d+\.\d s of 2 s$/);
    // ...the inspect the source fetches afterwards does, and keeps the termination, its exit
    // now at the engine's own stamp (FinishedAt: dockerd logs `die` a little after it).
    const exited = inspectFixture('exited-137');
    feed.apply(rec('docker.inspect', exited, eventMs(die) + 20));
    const final = sink.lastRow(groupKey)!;
    expect(final).toMatchObject({ state: 'Terminated', exitCode: 137, signal: 9, reason: 'Error' });
    expect(final.termination).toMatchObject({ termSentAt: eventMs(term), killSentAt: eventMs(kill), exitedAt: Date.parse(exited.State.FinishedAt!) });
    expect(final.termination!.exitedAt).toBeLessThan(eventMs(die));
    const exact = ((Date.parse(exited.State.FinishedAt!) - requestedAt) / 1000).toFixed(1);
    expect(describeOutcome(terminationOutcome(final.termination!)!)).toBe(`killed after ${exact} s of 2 s`);
  });

  it('a `docker stop -t 2` from elsewhere: the grace is read off the KILL time', () => {
    const { feed, info } = setup('stop-ignore-term.running');
    feed.apply(ev(term));
    expect(feed.termination(info.Id)).toMatchObject({ requestedAt: eventMs(term), graceSeconds: 10 }); // StopTimeout unset
    feed.apply(ev(kill));
    expect(feed.termination(info.Id)).toMatchObject({ graceSeconds: 2, deadline: eventMs(term) + 2000, killSentAt: eventMs(kill) });
  });
});

describe('Docker feed: stop of a container that traps TERM and exits 0 after ~3 s (grace 10)', () => {
  const events = eventsFixture('stop-trap-term');

  it('TERM sent, exit 0 about 3 s later, not killed, row Completed', () => {
    const { sink, feed, info, groupKey } = setup('stop-trap-term.running');
    const term = action(events, 'kill');
    const die = action(events, 'die');
    feed.apply(rec('docker.stop-requested', { id: info.Id, graceSeconds: 10, mode: 'stop' }, eventMs(term) - 2));
    for (const e of events) feed.apply(ev(e));
    const t = feed.termination(info.Id)!;
    expect(t.termSentAt).toBe(eventMs(term));
    expect(t.killSentAt).toBeUndefined();
    expect(t.exitCode).toBe(0);
    expect((t.exitedAt! - t.termSentAt!) / 1000).toBeGreaterThan(2.5);
    expect((t.exitedAt! - t.termSentAt!) / 1000).toBeLessThan(4.5);
    const outcome = terminationOutcome(t)!;
    expect(outcome).toMatchObject({ killed: false, exitCode: 0, graceSeconds: 10 });
    feed.apply(rec('docker.inspect', inspectFixture('stop-trap-term.exited'), eventMs(die) + 20));
    expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Terminated', exitCode: 0, reason: 'Completed' });
    expect(sink.lastRow(groupKey)?.signal).toBeUndefined();
  });
});

describe('Docker feed: a whole life (create, health, pause, stop, destroy)', () => {
  const events = eventsFixture('lifecycle');
  const info = inspectFixture('running-healthy');

  it('the fixture is one container', () => {
    expect(new Set(events.map((e) => e.Actor?.ID))).toEqual(new Set([info.Id]));
  });

  it('rows follow pause/unpause and health; destroy removes the group; exec noise is ignored', () => {
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    const groupKey = dockerGroupKey(context, info.Id);
    feed.apply(rec('docker.list', [], 1));
    feed.apply(ev(action(events, 'create')));
    // No inspect yet: an event alone makes no row (the source inspects next).
    expect(sink.calls.filter((c) => c.kind === 'upsertGroup')).toHaveLength(0);
    feed.apply(rec('docker.inspect', info, 2));
    for (const e of events.slice(1)) {
      feed.apply(ev(e));
      if (e.Action === 'pause') expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Running', paused: true, reason: 'Paused' });
      if (e.Action === 'unpause') expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Running', reason: 'healthy' });
      if (e.Action === 'die') expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Terminated', exitCode: 137 });
    }
    const removed = sink.calls.filter((c) => c.kind === 'removeGroup');
    expect(removed).toEqual([{ kind: 'removeGroup', groupKey, at: eventMs(action(events, 'destroy')) }]);
    const reasons = sink.events().map((e) => e.reason);
    const word: Record<string, string> = {
      create: 'Created', start: 'Started', 'health_status: healthy': 'Health', pause: 'Paused', unpause: 'Unpaused',
      kill: 'Killing', die: 'Died', stop: 'Stopped', destroy: 'Destroyed',
    };
    const lifecycle = events.filter((e) => !e.Action!.startsWith('exec_'));
    expect(lifecycle.length).toBeLessThan(events.length); // the health check's exec_* events are in the fixture
    expect(reasons).toEqual(lifecycle.map((e) => word[e.Action!]));
    expect(sink.events().every((e) => e.groupKey === groupKey && e.container === 'pf-healthy')).toBe(true);
    // A late inspect (taken before the destroy) must not bring the row back.
    const before = sink.calls.length;
    feed.apply(rec('docker.inspect', info, 3));
    expect(sink.calls.length).toBe(before);
  });
});

describe('Docker feed: OOM and restart events', () => {
  it('oom marks the row OOMKilled before the inspect arrives', () => {
    const events = eventsFixture('oom');
    const exited = inspectFixture('exited-oomkilled');
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    // Start from the container as it was when running (the exited inspect, turned back).
    const running = { ...exited, State: { ...exited.State, Status: 'running', Running: true, OOMKilled: false, ExitCode: 0 } };
    feed.apply(rec('docker.list', [running], 1));
    for (const e of events) feed.apply(ev(e));
    const row = sink.lastRow(dockerGroupKey(context, exited.Id))!;
    expect(row).toMatchObject({ state: 'Terminated', reason: 'OOMKilled', exitCode: 137, signal: 9 });
    expect(sink.events().find((e) => e.reason === 'OOMKilled')?.type).toBe('Warning');
    expect(feed.termination(exited.Id)).toBeUndefined(); // nobody asked it to stop
  });

  it('a restart-policy loop: die without a stop leaves no termination; start clears an old one', () => {
    const events = eventsFixture('restarting');
    const info = inspectFixture('restarting');
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    feed.apply(rec('docker.list', [info], 1));
    for (const e of events) feed.apply(ev(e));
    expect(feed.termination(info.Id)).toBeUndefined();
    expect(sink.events().filter((e) => e.reason === 'Died').every((e) => e.type === 'Warning')).toBe(true);
  });
});

describe('Docker feed: dockerd logs `die` after it records the exit', () => {
  const events = eventsFixture('restart-on-failure');
  const exited = inspectFixture('restart-on-failure.exited');
  const lastDie = events.filter((e) => e.Action === 'die').at(-1)!;

  it('the recording: the last die is logged after the FinishedAt of dockerd\'s inspect', () => {
    expect(eventMs(lastDie)).toBeGreaterThan(Date.parse(exited.State.FinishedAt!));
    expect(exited.State).toMatchObject({ Status: 'exited', ExitCode: 3, OOMKilled: false });
  });

  it('a list taken in between keeps the exit\'s reason when the die arrives or is replayed', () => {
    const { sink, feed, groupKey } = setup('restart-on-failure.exited');
    expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Terminated', exitCode: 3, reason: 'Error' });
    feed.apply(ev(lastDie));
    expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Terminated', exitCode: 3, reason: 'Error' });
  });

  it('a die of a run the list saw running still leaves the reason unknown until an inspect', () => {
    const { sink, feed, groupKey } = setup('running');
    const info = inspectFixture('running');
    feed.apply(ev({ ...lastDie, id: info.Id, Actor: { ...lastDie.Actor!, ID: info.Id } }));
    expect(sink.lastRow(groupKey)).toMatchObject({ state: 'Terminated', exitCode: 3 });
    expect(sink.lastRow(groupKey)!.reason).toBeUndefined();
  });
});

describe('Docker feed: resync and stop requests', () => {
  it('a relist drops containers that are gone and keeps a running termination', () => {
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    const a = inspectFixture('stop-ignore-term.running');
    const b = inspectFixture('running');
    feed.apply(rec('docker.list', [a, b], 1));
    feed.apply(rec('docker.stop-requested', { id: a.Id, graceSeconds: 5, mode: 'stop' }, 100));
    feed.apply(rec('docker.list', [a], 200));
    const last = sink.calls.at(-1)!;
    expect(last.kind).toBe('resync');
    if (last.kind !== 'resync') return;
    expect(last.rows.map((r) => r.id)).toEqual([a.Id]);
    expect(last.rows[0]!.termination).toMatchObject({ requestedAt: 100, graceSeconds: 5 });
  });

  it('a relist that finds the stopping container exited (die missed while disconnected) completes it', () => {
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    const running = inspectFixture('stop-ignore-term.running');
    const exited = inspectFixture('exited-137');
    feed.apply(rec('docker.list', [running], 1));
    feed.apply(rec('docker.stop-requested', { id: running.Id, graceSeconds: 2, mode: 'stop' }, 100));
    feed.apply(rec('docker.list', [exited], 5000));
    expect(feed.termination(running.Id)).toMatchObject({ exitedAt: Date.parse(exited.State.FinishedAt!), exitCode: 137 });
  });

  it('a stop request for a container that is not running starts no bar', () => {
    const { feed, info } = setup('exited-0');
    feed.apply(rec('docker.stop-requested', { id: info.Id, graceSeconds: 10, mode: 'stop' }, 5));
    expect(feed.termination(info.Id)).toBeUndefined();
  });

  it('status records reach the sink and set the clock offset for event times', () => {
    const { sink, feed, info } = setup('stop-ignore-term.running');
    const status = { source: 'docker' as const, context, state: 'live' as const, since: 1, clockOffsetMs: 250 };
    feed.apply(rec('status', status, 1));
    expect(sink.calls.at(-1)).toEqual({ kind: 'status', status });
    const term = eventsFixture('stop-ignore-term')[0]!;
    feed.apply(ev(term));
    expect(feed.termination(info.Id)?.termSentAt).toBe(eventMs(term) - 250);
  });
});

describe('Docker feed: `docker stop` from outside podlife of a container whose StopSignal is SIGQUIT', () => {
  const events = eventsFixture('stop-quit');
  const quit = action(events, 'kill');
  const die = action(events, 'die');

  it('the recorded sequence is kill 3 → die 3 → stop (the container traps QUIT and exits 3)', () => {
    expect(events.map((e) => `${e.Action}${e.Actor?.Attributes?.signal ?? ''}${e.Actor?.Attributes?.exitCode ?? ''}`)).toEqual(['kill3', 'die3', 'stop']);
  });

  it('kill 3 starts the bar with the container\'s grace (10 s), labelled QUIT; die ends it with exit 3', () => {
    const { sink, feed, info, groupKey } = setup('stop-quit.running');
    expect(info.Config?.StopSignal).toBe('SIGQUIT');
    feed.apply(ev(quit));
    const t = feed.termination(info.Id)!;
    expect(t).toMatchObject({ requestedAt: eventMs(quit), termSentAt: eventMs(quit), graceSeconds: 10, stopSignal: 'SIGQUIT' });
    expect(terminationPhase(t, eventMs(quit) + 1)).toBe('term');
    expect(sink.lastRow(groupKey)?.termination?.stopSignal).toBe('SIGQUIT');
    expect(sink.events().at(-1)?.message).toBe('signal 3 (SIGQUIT) sent');
    feed.apply(ev(die));
    expect(terminationOutcome(feed.termination(info.Id)!)).toMatchObject({ exitCode: 3, killed: false });
  });

  it('a signal other than the stop signal (a HUP to reload) is no stop: no bar', () => {
    const { feed, info } = setup('stop-quit.running');
    feed.apply(ev({ ...quit, Actor: { ...quit.Actor, Attributes: { ...quit.Actor!.Attributes, signal: '1' } } }));
    expect(feed.termination(info.Id)).toBeUndefined();
  });
});

describe('event helpers', () => {
  it('timeNano beats time beats the receive time', () => {
    expect(eventTime({ timeNano: '1795591668902220800', time: 1 }, 5, 0)).toBe(1795591668902);
    expect(eventTime({ time: 1795591668 }, 5, 0)).toBe(1795591668000);
    expect(eventTime({}, 5, 0)).toBe(5);
  });
});
