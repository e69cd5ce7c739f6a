// `docker inspect` results captured from a real dockerd → rows (src/lifecycle/docker.ts).
import { describe, expect, it } from 'vitest';
import { dockerRow, signalFromExitCode, stopGraceSeconds, dockerTime } from '../../src/lifecycle/docker.js';
import { inspectFixture } from './docker-fixtures.js';

const row = (name: string) => dockerRow(inspectFixture(name), { context: 'default' });

describe('docker inspect → row', () => {
  it('created but never started: Waiting "Created", no start time', () => {
    const r = row('created');
    expect(r).toMatchObject({ state: 'Waiting', reason: 'Created', ready: false, restartCount: 0 });
    expect(r.startedAt).toBeUndefined(); // dockerd says 0001-01-01
    expect(r.finishedAt).toBeUndefined();
    expect(r.createdAt).toBe(Date.parse(inspectFixture('created').Created!));
  });

  it('running: Running, ready, since StartedAt', () => {
    const info = inspectFixture('running');
    const r = row('running');
    expect(r).toMatchObject({ state: 'Running', ready: true, source: 'docker', namespace: '', kind: 'main' });
    expect(r.reason).toBeUndefined();
    expect(r.health).toBeUndefined();
    expect(r.startedAt).toBe(Date.parse(info.State.StartedAt!));
    expect(r.exitCode).toBeUndefined();
  });

  it('running with a health check: the health status is the reason; unhealthy is not ready', () => {
    expect(row('running-healthy')).toMatchObject({ state: 'Running', reason: 'healthy', health: 'healthy', ready: true });
    expect(row('running-unhealthy')).toMatchObject({ state: 'Running', reason: 'unhealthy', health: 'unhealthy', ready: false });
  });

  it('paused: Running, paused, reason "Paused", not ready', () => {
    expect(row('paused')).toMatchObject({ state: 'Running', paused: true, reason: 'Paused', ready: false });
  });

  it('restarting: Waiting "Restarting" with the last run as lastState', () => {
    const r = row('restarting');
    expect(r).toMatchObject({ state: 'Waiting', reason: 'Restarting', restartCount: inspectFixture('restarting').RestartCount });
    expect(r.restartCount).toBeGreaterThan(0);
    expect(r.lastState).toMatchObject({ state: 'Terminated', exitCode: 3, reason: 'Error' });
    expect(r.lastState?.signal).toBeUndefined();
  });

  it.each([
    ['exited-0', 0, 'Completed', undefined],
    ['exited-1', 1, 'Error', undefined],
    ['exited-137', 137, 'Error', 9],
    ['exited-143', 143, 'Error', 15],
    ['exited-oomkilled', 137, 'OOMKilled', 9],
  ])('%s: Terminated, exit %i, reason %s, signal %s', (name, exitCode, reason, signal) => {
    const info = inspectFixture(name);
    const r = row(name);
    expect(r).toMatchObject({ state: 'Terminated', exitCode, reason, ready: false });
    expect(r.signal).toBe(signal);
    expect(r.finishedAt).toBe(Date.parse(info.State.FinishedAt!));
    expect(r.finishedAt!).toBeGreaterThanOrEqual(r.startedAt!);
  });

  it('names: no leading slash; group = container name; keys carry context and id', () => {
    const info = inspectFixture('running');
    const r = dockerRow(info, { context: 'ctx-a' });
    expect(info.Name.startsWith('/')).toBe(true);
    expect(r.name).toBe(info.Name.slice(1));
    expect(r.group).toBe(r.name);
    expect(r.context).toBe('ctx-a');
    expect(r.id).toBe(info.Id);
    expect(r.groupKey).toBe(`docker/ctx-a/${info.Id}`);
    expect(r.key).toBe(`docker/ctx-a/${r.group}/${info.Id}`);
    expect(r.image).toBe('podlife/busybox:latest');
  });

  it('Compose labels: group = project, name = service', () => {
    const r = row('running-compose');
    expect(r).toMatchObject({ group: 'shop', name: 'web' });
    const second = inspectFixture('running-compose');
    second.Config!.Labels = { ...second.Config!.Labels, 'com.docker.compose.container-number': '2' };
    expect(dockerRow(second, { context: 'default' }).name).toBe('web-2');
  });

  it('every fixture gets a distinct key and group key', () => {
    const names = ['created', 'running', 'running-healthy', 'running-unhealthy', 'paused', 'restarting', 'exited-0', 'exited-1', 'exited-137', 'exited-143', 'exited-oomkilled', 'running-compose'];
    const rows = names.map(row);
    expect(new Set(rows.map((r) => r.key)).size).toBe(names.length);
    expect(new Set(rows.map((r) => r.groupKey)).size).toBe(names.length);
  });

  it('stop grace: StopTimeout when set, else 10 s', () => {
    expect(stopGraceSeconds(inspectFixture('running-compose'))).toBe(30);
    expect(stopGraceSeconds(inspectFixture('running'))).toBe(10);
    expect(row('running-compose').defaultGraceSeconds).toBe(30);
    expect(row('running').defaultGraceSeconds).toBe(10);
  });

  it('daemon timestamps are shifted by the measured clock offset', () => {
    const info = inspectFixture('running');
    const r = dockerRow(info, { context: 'default', clockOffsetMs: 1500 });
    expect(r.startedAt).toBe(Date.parse(info.State.StartedAt!) - 1500);
  });

  it('128+n exit codes → signal n; others → none', () => {
    expect(signalFromExitCode(137)).toBe(9);
    expect(signalFromExitCode(143)).toBe(15);
    expect(signalFromExitCode(130)).toBe(2);
    expect(signalFromExitCode(128)).toBeUndefined();
    expect(signalFromExitCode(1)).toBeUndefined();
    expect(signalFromExitCode(255)).toBeUndefined();
    expect(dockerTime('0001-01-01T00:00:00Z')).toBeUndefined();
  });
});
