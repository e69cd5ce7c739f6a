// podlife on the real Podman (`podman system service`, Debian's podman, started by
// test/podman/service.sh on a socket of its own) through its Docker-compatible API: the
// rows, the stop with its grace bar, the KILL at the deadline, and what podlife says it
// cannot know. Expected values come from Podman's own record (`podman inspect`).
import { afterEach, describe, expect, it } from 'vitest';
import { DockerSource } from '../../src/sources/docker.js';
import { viewTermination } from '../../src/lifecycle/termination.js';
import { graceBarText } from '../../src/render/grace-bar-text.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { RecordingSink } from '../docker/recording-sink.js';
import { waitFor } from '../docker/setup.js';
import { runCli } from '../support/run-cli.js';
import { checkShownStopSeconds } from '../support/shown-stop-seconds.js';
import { TmuxScreen } from '../support/tmux.js';
import { describeWhere, tmuxMissing } from '../support/requirements.js';
import { inspect, podman, podmanAsync, runContainer, runHealthCheck, uniqueName, usePodmanService } from './setup.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let host = '';
let source: DockerSource | undefined;
let screen: TmuxScreen | undefined;

usePodmanService((h) => (host = h));
afterEach(async () => {
  await source?.close();
  source = undefined;
  screen?.close();
  screen = undefined;
});

async function watch(): Promise<RecordingSink> {
  const sink = new RecordingSink();
  source = new DockerSource({ host });
  source.start(sink);
  await waitFor(() => sink.lastStatus()?.state === 'live', 'the source to go live', 60_000);
  return sink;
}

const target = (row: ContainerRow) => ({ groupKey: row.groupKey, namespace: '', group: row.group, id: row.id });
const isoMs = (value: string) => Date.parse(value);

/** The Terminated row once Podman's own record of the exit has arrived (its reason is known). */
function terminated(sink: RecordingSink, id: string, timeoutMs = 20_000): Promise<ContainerRow> {
  return waitFor(() => {
    const row = sink.row(id);
    return row?.state === 'Terminated' && row.reason !== undefined && row;
  }, 'the Terminated row with its reason', timeoutMs);
}

describe('podlife on Podman\'s Docker API', () => {
  it('says it is Podman, with the version Podman reports', async () => {
    const sink = await watch();
    const version = podman(host, ['version', '--format', '{{.Server.Version}}']);
    expect(sink.lastStatus()?.engine).toEqual({ kind: 'podman', version });
  }, 90_000);

  it('-o json: every container with Podman\'s state, exit code and start time; no health where there is no check', async () => {
    const running = runContainer(host, uniqueName('running'), [], 'sleep 100000');
    const exited = runContainer(host, uniqueName('exit3'), [], 'exit 3');
    const created = runContainer(host, uniqueName('created'), [], 'sleep 1', true);
    await waitFor(() => inspect(host, exited).State.Status === 'exited', 'the exit 3 container to exit');
    const out = await runCli(['--docker-host', host, '-o', 'json'], { KUBECONFIG: '/nonexistent' }, 90_000);
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as { container: string; state: string; reason?: string; exitCode?: number; startedAt?: string; health?: string; ready: boolean }[];
    const byId = (id: string) => rows.find((r) => r.container === podman(host, ['inspect', '--format', '{{.Name}}', id]))!;

    const run = inspect(host, running);
    expect(run.State.Status).toBe('running');
    expect(byId(running)).toMatchObject({ state: 'Running', ready: true });
    expect(byId(running).health).toBeUndefined();
    expect(isoMs(byId(running).startedAt!)).toBe(isoMs(run.State.StartedAt));

    const ex = inspect(host, exited);
    expect(byId(exited)).toMatchObject({ state: 'Terminated', exitCode: ex.State.ExitCode, reason: 'Error' });
    expect(ex.State.ExitCode).toBe(3);

    expect(inspect(host, created).State.Status).toBe('created');
    expect(byId(created)).toMatchObject({ state: 'Waiting', reason: 'Created' });
  }, 120_000);

  it('podlife\'s stop of a container that traps TERM (grace 10): the bar runs from the request and ends with Podman\'s exit code, not killed', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('trap'), [], 'trap "echo stopping; sleep 1; exit 3" TERM; while :; do sleep 0.2; done');
    const row = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    const before = Date.now();
    await source!.terminate(target(row), { graceSeconds: 10, mode: 'stop' });
    const during = sink.versions(id).find((v) => v.termination && v.state === 'Running');
    expect(during?.termination).toMatchObject({ graceSeconds: 10, hasPreStop: false });
    expect(during!.termination!.requestedAt).toBeGreaterThanOrEqual(before - 5);
    expect(viewTermination(during!.termination!, during!.termination!.requestedAt + 1).phase).toBe('term');

    const done = await terminated(sink, id);
    const record = inspect(host, id);
    const t = done.termination!;
    expect(t.exitCode).toBe(record.State.ExitCode);
    expect(record.State.ExitCode).toBe(3);
    expect(t.exitedAt).toBe(isoMs(record.State.FinishedAt));
    expect(t.exitedAt!).toBeLessThan(t.deadline);
    // Podman tells neither moment: none is claimed.
    expect(t.termSentAt).toBeUndefined();
    expect(t.killSentAt).toBeUndefined();
    expect(viewTermination(t, Date.now())).toMatchObject({ phase: 'done', killed: false });
    expect(graceBarText(t, Date.now())).toMatch(/exited 3 after \d+\.\d s of 10 s$/);
    expect(done).toMatchObject({ exitCode: 3, reason: 'Error' });
    // What the process said after TERM, read because podlife opened its log before the stop.
    await waitFor(() => sink.events.some((e) => e.reason === 'Log' && e.message === 'stopping'), 'the log line on the timeline');
  }, 90_000);

  it('podlife\'s stop of a container that ignores TERM (grace 3): KILLed at the deadline, exit 137 as Podman records it', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('stubborn'), [], 'trap "" TERM; while :; do sleep 0.2; done');
    const row = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    await source!.terminate(target(row), { graceSeconds: 3, mode: 'stop' });
    const done = await terminated(sink, id);
    const record = inspect(host, id);
    const t = done.termination!;
    expect(record.State.ExitCode).toBe(137);
    expect(t.exitCode).toBe(record.State.ExitCode);
    // Podman sends KILL when the grace it was given runs out: its exit stamp is not before our deadline.
    const finished = isoMs(record.State.FinishedAt);
    expect(finished).toBeGreaterThanOrEqual(t.deadline - 50);
    expect(t.deadline).toBe(t.requestedAt + 3000);
    expect(viewTermination(t, Date.now())).toMatchObject({ phase: 'done', killed: true });
    // How long after the request Podman recorded the exit (a loaded service can be seconds late).
    const killedAfterS = Number(/killed after (\d+\.\d) s of 3 s$/.exec(graceBarText(t, Date.now()))?.[1]);
    expect(killedAfterS).toBeGreaterThanOrEqual(3);
    expect(Math.abs(killedAfterS * 1000 - (finished - t.requestedAt))).toBeLessThanOrEqual(100);
    expect(done).toMatchObject({ exitCode: 137, signal: 9, reason: 'Error' });
    // Between the deadline and the exit the bar said the grace was over, never that KILL was seen.
    expect(graceBarText({ ...t, exitedAt: undefined, exitCode: undefined }, t.deadline + 1)).toMatch(/KILL due .* · grace period over$/);
  }, 90_000);

  it('another client\'s `podman stop -t 3`: no bar (Podman logs no kill), the exit with Podman\'s code', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('elsewhere'), [], 'trap "" TERM; while :; do sleep 0.2; done');
    await waitFor(() => sink.row(id)?.state === 'Running', 'the Running row');
    await podmanAsync(host, ['stop', '-t', '3', id]);
    const done = await terminated(sink, id);
    expect(done.exitCode).toBe(inspect(host, id).State.ExitCode);
    expect(done.exitCode).toBe(137);
    // Not one version of the row had a bar: podlife had nothing to start one from.
    expect(sink.versions(id).every((v) => v.termination === undefined)).toBe(true);
  }, 90_000);

  it('podlife\'s kill: SIGKILL at once, exit 137, one stop whichever Podman logs first, its kill or the die', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('kill'), [], 'while :; do sleep 0.2; done');
    const row = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    await source!.terminate(target(row), { graceSeconds: 30, mode: 'kill' });
    const done = await terminated(sink, id);
    const seen = `events ${sink.events.filter((e) => e.groupKey === row.groupKey).map((e) => `${e.at} ${e.reason}`).join(', ')}; rows ${JSON.stringify(sink.versions(id).map((v) => [v.state, v.reason, v.termination]))}`;
    expect(done.termination, seen).toMatchObject({ graceSeconds: 0, forced: true, exitCode: inspect(host, id).State.ExitCode });
    // The stop shown is the one podlife asked for, whichever Podman logged first, its kill or the die.
    expect(done.termination!.requestedAt, seen).toBeLessThanOrEqual(done.termination!.exitedAt!);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a kill logged after the die would come within this
    expect(sink.row(id)!.termination, seen).toEqual(done.termination);
    expect(done).toMatchObject({ exitCode: 137, signal: 9 });
  }, 90_000);

  it('health checks (run by hand, as systemd\'s timers would): one timeline line per change, unhealthy since Podman\'s failing check', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('health'), ['--health-cmd', 'test -f /tmp/ok', '--health-interval', '1h', '--health-retries', '2'], 'touch /tmp/ok; sleep 100000');
    await waitFor(() => sink.row(id)?.health === 'starting', 'the starting row');
    for (let i = 0; i < 3; i++) runHealthCheck(host, id);
    // The third check's event reports what the first left: healthy, "at least" since that event.
    // (An inspect may show `healthy` a moment before that event arrives: wait for the event's time.)
    const healthy = await waitFor(() => sink.row(id)?.health === 'healthy' && sink.row(id)?.healthSince !== undefined && sink.row(id), 'the healthy row with its time');
    expect(inspect(host, id).State.Health!.Status).toBe('healthy');
    expect(healthy).toMatchObject({ ready: true, healthSinceAtLeast: true });
    const firstPass = inspect(host, id).State.Health!.Log![0]!;
    expect(healthy.healthSince!).toBeGreaterThanOrEqual(isoMs(firstPass.End));

    podman(host, ['exec', id, 'rm', '/tmp/ok']);
    for (let i = 0; i < 2; i++) runHealthCheck(host, id);
    const unhealthy = await waitFor(() => sink.row(id)?.health === 'unhealthy' && sink.row(id), 'the unhealthy row');
    const record = inspect(host, id).State.Health!;
    expect(record).toMatchObject({ Status: 'unhealthy', FailingStreak: 2 });
    // The check that made the streak reach --health-retries 2: the last in Podman's log.
    expect(unhealthy).toMatchObject({ ready: false, healthSince: isoMs(record.Log!.at(-1)!.End) });
    const lines = sink.events.filter((e) => e.reason === 'Health' || e.reason === 'Unhealthy').map((e) => e.message);
    expect(lines).toEqual(['health status: healthy']); // the unhealthy one comes with the next check's event
    runHealthCheck(host, id);
    await waitFor(() => sink.events.some((e) => e.reason === 'Unhealthy'), 'the unhealthy line');
    expect(sink.events.filter((e) => e.reason === 'Health' || e.reason === 'Unhealthy').map((e) => e.message)).toEqual(['health status: healthy', 'health status: unhealthy']);
  }, 120_000);

  it('a removed container\'s row goes (Podman says remove, not destroy)', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('removed'), [], 'sleep 100000');
    const row = await waitFor(() => sink.row(id), 'the row');
    podman(host, ['rm', '-f', '-t', '0', id]);
    await waitFor(() => sink.removed.includes(row.groupKey), 'the row to be removed');
    expect(sink.row(id)).toBeUndefined();
  }, 90_000);
});

describeWhere(tmuxMissing(), 'podlife in a terminal on Podman', () => {
  it('header names Podman; state colours; Ctrl-D with grace 2 draws the bar and ends KILLed, exit 137', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'podlife-podman-colors-'));
    try {
      // The user's own colours, so the test reads them back unmistakably (README: colors).
      writeFileSync(join(configDir, 'config.yaml'), 'colors:\n  running: blue\n  failed: magenta\n');
      const name = uniqueName('pty');
      const id = runContainer(host, name, [], 'trap "" TERM; while :; do sleep 0.2; done');
      // FORCE_COLOR: the suite runs under CI=true, which the pane inherits and which turns
      // colours off (supports-color, as chalk reads it); a user's terminal has no CI variable.
      screen = new TmuxScreen(['--docker-host', host], { KUBECONFIG: '/nonexistent', PODLIFE_CONFIG: join(configDir, 'config.yaml'), FORCE_COLOR: '1' }, { columns: 160, rows: 30 });
      const s = screen;
      const version = podman(host, ['version', '--format', '{{.Server.Version}}']);
      await s.waitForText(`Podman ${version}: its events do not say when TERM or KILL is sent`, 60_000);
      s.keys('/');
      s.keys(name, true);
      s.keys('Enter');
      await s.waitForText(new RegExp(`${name.slice(0, 16)}.*Running`));
      const runningLine = s.screenWithColors().split('\n').find((l) => l.includes(name.slice(0, 16)))!;
      expect(runningLine).toMatch(/\x1b\[34mRunning/); // blue: the running colour

      s.keys('C-d');
      await s.waitForText(`Grace period: ${inspect(host, id).Config.StopTimeout} s`);
      s.keys('BSpace');
      s.keys('BSpace');
      s.keys('2');
      await s.waitForText('Grace period: 2 s');
      const confirmedAt = Date.now();
      s.keys('y');
      await s.waitForText(/\[█*░+\] TERM sent \d\.\d\/2s · KILL in \ds/, 10_000);
      // Podman KILLs when the grace runs out, but a loaded service can record the exit
      // seconds later (8.2 s of 2 s seen in CI): the time shown is Podman's FinishedAt
      // less the request, never less than the grace.
      const killedText = await s.waitForText(/killed after \d+\.\d s of 2 s/, 20_000);
      const record = inspect(host, id);
      checkShownStopSeconds(killedText, /killed after (\d+\.\d) s of 2 s/, 2, confirmedAt, isoMs(record.State.FinishedAt));
      const done = await s.waitForText(/Terminated\s+Error\s+137/, 10_000);
      expect(record.State.ExitCode).toBe(137);
      expect(done).toContain(name.slice(0, 16));
      const terminatedLine = s.screenWithColors().split('\n').find((l) => l.includes(name.slice(0, 16)))!;
      expect(terminatedLine).toMatch(/\x1b\[35mTerminated/); // magenta: the failed colour

      s.keys('Enter');
      await s.waitForText(`Podman ${version} reports no TERM or KILL`);
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  }, 150_000);
});
