// Podman's Docker-compatible API, as captured from the real `podman system service`
// (test/podman/capture-fixtures.sh), through the Docker feed: what differs from dockerd
// and how the rows come out. Expected values come from Podman's own records: its inspect
// (StopTimeout, FinishedAt, ExitCode, the health log) and its events' times.
import { describe, expect, it } from 'vitest';
import { DockerFeed } from '../../src/sources/docker-feed.js';
import { dockerGroupKey, dockerRow, type DockerInspect } from '../../src/lifecycle/docker.js';
import { dockerEngineFromPing } from '../../src/sources/docker-engine-kind.js';
import { terminationOutcome, terminationPhase } from '../../src/lifecycle/termination.js';
import { graceBarText } from '../../src/render/grace-bar-text.js';
import type { PodmanEventMessage } from '../../src/sources/podman-events.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { FakeSink, eventMs, inspectFixture } from './docker-fixtures.js';
import { pingHeaders, podmanEvents, podmanInspect, podmanStopRequest } from './podman-fixtures.js';

const context = 'podman';
const rec = (type: string, data: unknown, t = 0): RawRecord => ({ t, type, context, data });
const ev = (m: PodmanEventMessage): RawRecord => rec('docker.event', m, eventMs(m) + 3);
const live = (engine: ConnectionStatus['engine']): RawRecord => rec('status', { source: 'docker', context, state: 'live', since: 1, clockOffsetMs: 0, engine } satisfies ConnectionStatus, 1);
const PODMAN = { kind: 'podman', version: '4.3.1' } as const;
const actions = (events: PodmanEventMessage[]) => events.map((e) => `${e.Action}${e.Actor?.Attributes?.exitCode ?? ''}`);

/** A feed that knows the engine is Podman (the live status says), watching `first`. */
function watch(first: DockerInspect, engine: ConnectionStatus['engine'] = PODMAN) {
  const sink = new FakeSink();
  const feed = new DockerFeed(sink, context);
  feed.apply(rec('docker.list', [first], 1));
  feed.apply(live(engine));
  const groupKey = dockerGroupKey(context, first.Id);
  return { sink, feed, groupKey, row: () => sink.lastRow(groupKey)! };
}

describe('which engine answers: GET /_ping\'s headers', () => {
  it('Podman: Server "Libpod/<version>" (and Libpod-Api-Version)', () => {
    const headers = pingHeaders('podman');
    const version = /^Libpod\/(\S+)/.exec(headers.server as string)![1];
    expect(dockerEngineFromPing(headers)).toEqual({ kind: 'podman', version });
    expect(version).toBe(headers['libpod-api-version']);
  });

  it('dockerd: Server "Docker/<version>"; an endpoint that says neither is taken for dockerd', () => {
    const headers = pingHeaders('docker');
    expect(headers['libpod-api-version']).toBeUndefined();
    expect(dockerEngineFromPing(headers)).toEqual({ kind: 'docker', version: /^Docker\/(\S+)/.exec(headers.server as string)![1] });
    expect(dockerEngineFromPing(undefined)).toEqual({ kind: 'docker' });
  });
});

describe('Podman inspect results as rows', () => {
  it('a container without a health check (Podman sends Health.Status "") is ready and shows no health', () => {
    const info = podmanInspect('running');
    expect(info.State.Health?.Status).toBe('');
    const row = dockerRow(info, { context });
    expect(row).toMatchObject({ state: 'Running', ready: true });
    expect(row.health).toBeUndefined();
    expect(row.reason).toBeUndefined();
  });

  it('the grace offered is the container\'s StopTimeout as Podman reports it: 10 from podman run, 0 through the Docker API', () => {
    const native = podmanInspect('running');
    const viaDockerApi = podmanInspect('running-docker-api');
    expect(dockerRow(native, { context }).defaultGraceSeconds).toBe(native.Config!.StopTimeout);
    expect(native.Config!.StopTimeout).toBe(10);
    expect(dockerRow(viaDockerApi, { context }).defaultGraceSeconds).toBe(viaDockerApi.Config!.StopTimeout);
    expect(viaDockerApi.Config!.StopTimeout).toBe(0);
  });

  it('"stopping" (a stop waiting for the process) is still Running, not ready, reason Stopping', () => {
    const info = podmanInspect('stop-ignore-term.stopping');
    expect(info.State.Status).toBe('stopping');
    expect(dockerRow(info, { context })).toMatchObject({ state: 'Running', ready: false, reason: 'Stopping' });
  });

  it('"stopped" (libpod\'s state between the exit and its cleanup, served as is) is the exit already', () => {
    const exited = podmanInspect('exited-137');
    const stopped = { ...exited, State: { ...exited.State, Status: 'stopped' } };
    expect(dockerRow(stopped, { context })).toEqual(dockerRow(exited, { context }));
  });

  it('the KILLed exit: Terminated 137, signal 9, at Podman\'s FinishedAt', () => {
    const info = podmanInspect('exited-137');
    expect(dockerRow(info, { context })).toMatchObject({ state: 'Terminated', exitCode: 137, signal: 9, reason: 'Error', finishedAt: Date.parse(info.State.FinishedAt!) });
  });
});

describe('Podman: podlife stops a container that ignores TERM (grace 2)', () => {
  const events = podmanEvents('stop-ignore-term');
  const request = podmanStopRequest('stop-ignore-term');
  const exited = podmanInspect('exited-137');

  it('Podman logs no kill at all: the stop shows only as the die 137', () => {
    expect(actions(events).filter((a) => a !== 'sync' && a !== 'cleanup' && a !== 'stop')).toEqual(['die137']);
  });

  it('the bar runs from the request: TERM sent, grace period over at the deadline, killed; TERM and KILL never claimed as seen', () => {
    const { feed, row } = watch(podmanInspect('stop-ignore-term.running'));
    const id = exited.Id;
    feed.apply(rec('docker.stop-requested', { id, graceSeconds: request.graceSeconds, mode: 'stop' }, request.requestedAtMs));
    const t0 = feed.termination(id)!;
    expect(t0).toMatchObject({ requestedAt: request.requestedAtMs, graceSeconds: 2, deadline: request.requestedAtMs + 2000 });
    expect(terminationPhase(t0, request.requestedAtMs + 1)).toBe('term');
    expect(graceBarText(t0, t0.deadline + 100)).toMatch(/KILL due .* · grace period over$/);

    // An inspect while Podman waits: `stopping` must not end the bar (it is no exit).
    feed.apply(rec('docker.inspect', podmanInspect('stop-ignore-term.stopping'), request.requestedAtMs + 500));
    expect(feed.termination(id)!.exitedAt).toBeUndefined();
    expect(row()).toMatchObject({ state: 'Running', reason: 'Stopping' });

    for (const e of events) feed.apply(ev(e));
    feed.apply(rec('docker.inspect', exited, eventMs(events.at(-1)!) + 20));
    const t = feed.termination(id)!;
    expect(t.termSentAt).toBeUndefined();
    expect(t.killSentAt).toBeUndefined();
    expect(t).toMatchObject({ exitCode: exited.State.ExitCode, exitedAt: Date.parse(exited.State.FinishedAt!) });
    expect(terminationOutcome(t)).toMatchObject({ killed: true, exitCode: 137, graceSeconds: 2 });
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 137, signal: 9, reason: 'Error' });
  });
});

describe('Podman: podlife stops a container that traps TERM and exits 0 (grace 10)', () => {
  it('exit 0 before the deadline: not killed, Completed', () => {
    const events = podmanEvents('stop-trap-term');
    const request = podmanStopRequest('stop-trap-term');
    const exited = podmanInspect('stop-trap-term.exited');
    const { feed, row } = watch(podmanInspect('stop-trap-term.running'));
    feed.apply(rec('docker.stop-requested', { id: exited.Id, graceSeconds: request.graceSeconds, mode: 'stop' }, request.requestedAtMs));
    for (const e of events) feed.apply(ev(e));
    feed.apply(rec('docker.inspect', exited, eventMs(events.at(-1)!) + 20));
    expect(terminationOutcome(feed.termination(exited.Id)!)).toMatchObject({ killed: false, exitCode: 0, graceSeconds: 10 });
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 0, reason: 'Completed' });
  });
});

describe('Podman: kill events carry no signal', () => {
  it('podlife\'s own kill: the kill event is its SIGKILL, the bar is forced and KILL seen', () => {
    const events = podmanEvents('kill');
    const kill = events.find((e) => e.Action === 'kill')!;
    expect(kill.Actor?.Attributes?.signal).toBeUndefined();
    const { feed } = watch(podmanInspect('kill.running'));
    const id = kill.Actor!.ID!;
    feed.apply(rec('docker.stop-requested', { id, graceSeconds: 0, mode: 'kill' }, eventMs(kill) - 20));
    for (const e of events) feed.apply(ev(e));
    expect(feed.termination(id)).toMatchObject({ forced: true, graceSeconds: 0, killSentAt: eventMs(kill), exitCode: 137 });
  });

  it('a kill Podman logs after the exit is known (an inspect told it first) ends no second stop: the requested one keeps its exit', () => {
    const events = podmanEvents('kill');
    const kill = events.find((e) => e.Action === 'kill')!;
    const id = kill.Actor!.ID!;
    const { feed } = watch(podmanInspect('kill.running'));
    const requestedAt = eventMs(kill) - 60;
    feed.apply(rec('docker.stop-requested', { id, graceSeconds: 0, mode: 'kill' }, requestedAt));
    // The same container exited 137 (the state of a captured KILLed one), seen by an inspect 25 ms before Podman's kill event.
    const exitedAt = eventMs(kill) - 25;
    const exited = { ...podmanInspect('kill.running'), State: { ...podmanInspect('exited-137').State, FinishedAt: new Date(exitedAt).toISOString() } };
    feed.apply(rec('docker.inspect', exited, exitedAt + 5));
    const before = feed.termination(id);
    expect(before).toMatchObject({ requestedAt, forced: true, exitCode: 137 });
    for (const e of events.filter((e) => eventMs(e) >= eventMs(kill))) feed.apply(ev(e));
    expect(feed.termination(id)).toMatchObject({ requestedAt, forced: true, exitCode: 137 });
  });

  it('another client\'s `podman kill -s TERM`: no bar (the signal is unknown), the event says so, the exit is kept', () => {
    const events = podmanEvents('kill-term');
    const { sink, feed, row } = watch(podmanInspect('kill-term.running'));
    for (const e of events) feed.apply(ev(e));
    const id = events[0]!.Actor!.ID!;
    expect(feed.termination(id)).toBeUndefined();
    expect(sink.events().find((e) => e.reason === 'Killing')?.message).toBe('a signal (the engine does not say which) sent');
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 5 });
  });
});

describe('Podman: remove, restart and restart policy in dockerd\'s words', () => {
  it('`remove` removes the row, as dockerd\'s `destroy` does', () => {
    const events = podmanEvents('remove');
    const { sink, feed, groupKey } = watch(podmanInspect('remove.running'));
    for (const e of events) feed.apply(ev(e));
    const remove = events.find((e) => e.Action === 'remove')!;
    expect(sink.calls.filter((c) => c.kind === 'removeGroup')).toEqual([{ kind: 'removeGroup', groupKey, at: eventMs(remove) }]);
  });

  it('`podman restart`: Podman logs restart before the stop; the last stop is still a restart, not a start', () => {
    const events = podmanEvents('restart');
    expect(actions(events).filter((a) => ['restart', 'die137', 'start'].includes(a))).toEqual(['restart', 'die137', 'start']);
    const restarted = podmanInspect('restart.restarted');
    const run = (engine: ConnectionStatus['engine']) => {
      const { feed, row } = watch(podmanInspect('restart.running'), engine);
      for (const e of events) feed.apply(ev(e));
      feed.apply(rec('docker.inspect', restarted, eventMs(events.at(-1)!) + 20));
      return row();
    };
    const row = run(PODMAN);
    expect(row.lastStop?.cause).toMatchObject({ kind: 'restart', short: 'docker restart' });
    expect(row.lastStop?.termination).toMatchObject({ exitCode: 137, exitedAt: Date.parse(restarted.State.FinishedAt!) });
    // Read as dockerd's events, the same sequence would be a stop and a `docker start`.
    expect(run({ kind: 'docker' }).lastStop?.cause.short).toBe('docker start');
  });

  it('restart policy on-failure:2: Podman\'s `restart` events are not a user\'s restart', () => {
    const events = podmanEvents('restart-on-failure');
    const exited = podmanInspect('restart-on-failure.exited');
    const { feed, row } = watch(podmanInspect('restart-on-failure.first-run'));
    for (const e of events) feed.apply(ev(e));
    feed.apply(rec('docker.inspect', exited, eventMs(events.at(-1)!) + 20));
    expect(exited.RestartCount).toBe(2);
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 4, restartCount: 2 });
    expect(row().lastStop?.cause).toMatchObject({ kind: 'restart', text: 'restarted by its restart policy (on-failure:2)' });
  });
});

describe('Podman logs `die` after it records the exit', () => {
  const events = podmanEvents('restart-on-failure');
  const exited = podmanInspect('restart-on-failure.exited');
  const lastDie = events.filter((e) => e.Action === 'die').at(-1)!;

  it('the recording: the last die is logged after the FinishedAt of Podman\'s inspect', () => {
    expect(eventMs(lastDie)).toBeGreaterThan(Date.parse(exited.State.FinishedAt!));
    expect(exited.State).toMatchObject({ Status: 'exited', ExitCode: 4, OOMKilled: false });
  });

  it('a list that already holds the exit keeps its reason when that die arrives (podlife started in between)', () => {
    const { feed, row } = watch(exited);
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 4, reason: 'Error' });
    for (const e of events.slice(events.indexOf(lastDie))) feed.apply(ev(e));
    expect(row()).toMatchObject({ state: 'Terminated', exitCode: 4, reason: 'Error' });
    expect(row().finishedAt).toBe(Date.parse(exited.State.FinishedAt!));
  });
});

describe('Podman: a health_status event per check', () => {
  const events = podmanEvents('health');
  const checks = events.filter((e) => e.Action === 'health_status');

  it('each check logs the status the previous one left; only its changes reach the timeline', () => {
    expect(checks.map((e) => e.HealthStatus)).toEqual(['starting', 'healthy', 'healthy', 'healthy', 'unhealthy', 'unhealthy', 'healthy']);
    const { sink, feed } = watch(podmanInspect('running-health-starting'));
    for (const e of events) feed.apply(ev(e));
    expect(sink.events().filter((e) => e.reason === 'Health' || e.reason === 'Unhealthy').map((e) => e.message))
      .toEqual(['health status: healthy', 'health status: unhealthy', 'health status: healthy']);
  });

  it('healthy since: at least since the check event that first reported it (the change came at the end of the check before)', () => {
    const healthy = podmanInspect('running-healthy-again');
    const { feed, row } = watch(podmanInspect('running-health-starting'));
    for (const e of events) feed.apply(ev(e));
    feed.apply(rec('docker.inspect', healthy, eventMs(events.at(-1)!) + 20));
    const reported = checks.at(-1)!;
    expect(row()).toMatchObject({ health: 'healthy', healthSince: eventMs(reported), healthSinceAtLeast: true });
    // Podman's own log: the passing check after the failures ended before that event.
    const log = healthy.State.Health!.Log!;
    const turned = log.findIndex((c, i) => c.ExitCode === 0 && i > 0 && log[i - 1]!.ExitCode !== 0);
    expect(Date.parse(log[turned]!.End!)).toBeLessThanOrEqual(row().healthSince!);
  });

  it('unhealthy since: the end of the check that made the failing streak reach the retries, from Podman\'s log', () => {
    const unhealthy = podmanInspect('running-unhealthy');
    const { feed, row } = watch(podmanInspect('running-health-starting'));
    feed.apply(rec('docker.inspect', unhealthy, 5));
    const log = unhealthy.State.Health!.Log!;
    const retries = unhealthy.Config!.Healthcheck!.Retries!;
    const failing = log.map((c, i) => ({ c, i })).filter(({ c }) => c.ExitCode !== 0);
    expect(unhealthy.State.Health!.FailingStreak).toBe(retries);
    expect(row()).toMatchObject({ health: 'unhealthy', healthSince: Date.parse(failing[retries - 1]!.c.End!) });
    expect(row().healthSinceAtLeast).toBeUndefined();
  });
});

describe('a stop of a container whose StopSignal is not TERM', () => {
  it('the bar names the signal from the request on (Podman logs no kill to tell it)', () => {
    const quit = inspectFixture('stop-quit.running');
    expect(quit.Config?.StopSignal).toBe('SIGQUIT');
    const { feed } = watch(quit);
    feed.apply(rec('docker.stop-requested', { id: quit.Id, graceSeconds: 10, mode: 'stop' }, 100));
    expect(feed.termination(quit.Id)?.stopSignal).toBe('SIGQUIT');
    expect(graceBarText(feed.termination(quit.Id)!, 1100)).toMatch(/QUIT sent/);
  });
});
