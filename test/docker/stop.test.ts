// Stopping real containers through DockerSource.terminate(): the termination record the
// source builds from dockerd's own events (kill 15 → [kill 9] → die), and the final rows.
import { afterEach, describe, expect, it } from 'vitest';
import { DockerSource } from '../../src/sources/docker.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { viewTermination } from '../../src/lifecycle/termination.js';
import { graceBarText } from '../../src/render/grace-bar-text.js';
import { RecordingSink } from './recording-sink.js';
import { runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
let source: DockerSource | undefined;

useSharedEngine((h) => (host = h));
afterEach(async () => {
  await source?.close();
  source = undefined;
});

async function watch(): Promise<RecordingSink> {
  const sink = new RecordingSink();
  source = new DockerSource({ host });
  source.start(sink);
  await waitFor(() => sink.lastStatus()?.state === 'live', 'the source to go live');
  // dockerd, not Podman: its events are read as they come (/_ping's Server: Docker/…).
  expect(sink.lastStatus()?.engine?.kind).toBe('docker');
  return sink;
}

describe('DockerSource stop on a real engine', () => {
  it('a container that traps TERM and exits after ~3 s, grace 10: TERM sent, exit 0 ≈3 s later, not killed', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('trap'), [], 'trap "sleep 3; exit 0" TERM; sleep 100000 & wait $!');
    const running = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    const requested = Date.now();
    await source!.terminate({ groupKey: running.groupKey, namespace: '', group: running.group, id }, { graceSeconds: 10, mode: 'stop' });
    // terminate() resolves once dockerd acted, long before the container is gone.
    expect(Date.now() - requested).toBeLessThan(2000);
    const during = await waitFor(() => sink.row(id)?.termination?.termSentAt !== undefined && sink.row(id), 'TERM to be seen');
    expect(during.state).toBe('Running');
    expect(during.termination).toMatchObject({ graceSeconds: 10, hasPreStop: false });
    expect(viewTermination(during.termination!, Date.now()).phase).toBe('term');

    // The reason comes with the engine's record after the `die` (the event alone does not say).
    const done = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id)?.reason !== undefined && sink.row(id), 'the Terminated row with its reason', 15_000);
    const t = done.termination!;
    expect(t.requestedAt).toBeGreaterThanOrEqual(requested - 5);
    expect(t.deadline).toBe(t.requestedAt + 10_000);
    expect(t.termSentAt! - t.requestedAt).toBeLessThan(1000);
    const termToExit = (t.exitedAt! - t.termSentAt!) / 1000;
    expect(termToExit).toBeGreaterThan(2.5);
    expect(termToExit).toBeLessThan(5);
    expect(t.killSentAt).toBeUndefined();
    expect(t.exitCode).toBe(0);
    expect(done).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(done.signal).toBeUndefined();
    expect(viewTermination(t, Date.now()).killed).toBe(false);
  }, 30_000);

  it('a container that ignores TERM, grace 2: KILL at the deadline, exit 137, signal 9, killed', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('ignore'), [], 'trap "" TERM; while :; do sleep 1; done');
    const running = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    await source!.terminate({ groupKey: running.groupKey, namespace: '', group: running.group, id }, { graceSeconds: 2, mode: 'stop' });
    const done = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id)?.reason !== undefined && sink.row(id), 'the Terminated row with its reason', 10_000);
    // The row pushed between KILL and exit (kill 9 and die often share one chunk) was kill-due.
    const due = sink.versions(id).find((v) => v.termination?.killSentAt !== undefined && v.termination.exitedAt === undefined);
    expect(due).toBeDefined();
    expect(viewTermination(due!.termination!, due!.termination!.killSentAt!).phase).toBe('kill-due');
    const t = done.termination!;
    expect(t.graceSeconds).toBe(2);
    expect(Math.abs(t.killSentAt! - t.deadline)).toBeLessThan(700); // dockerd's timer vs our request stamp
    expect(t.termSentAt).toBeLessThan(t.killSentAt!);
    expect(t.exitCode).toBe(137);
    expect(done).toMatchObject({ exitCode: 137, signal: 9, reason: 'Error' });
    expect(viewTermination(t, Date.now())).toMatchObject({ phase: 'done', killed: true });
  }, 30_000);

  it('StopSignal SIGQUIT (nginx\'s), `docker stop` run from outside podlife: the bar starts at the QUIT, labelled so, and ends with the exit', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('quit'), ['--stop-signal', 'SIGQUIT', '--stop-timeout', '20'], 'trap "sleep 2; exit 3" QUIT; while :; do sleep 0.2; done');
    await waitFor(() => sink.row(id)?.state === 'Running', 'the Running row');
    const requested = Date.now();
    const stopped = promisify(execFile)('docker', ['stop', id], { env: { ...process.env, DOCKER_HOST: host, DOCKER_CONTEXT: '' } });
    const during = await waitFor(() => sink.row(id)?.termination && sink.row(id)?.state === 'Running' && sink.row(id), 'the bar while the container still runs');
    const t = during.termination!;
    expect(t).toMatchObject({ graceSeconds: 20, stopSignal: 'SIGQUIT' });
    expect(t.requestedAt - requested).toBeGreaterThanOrEqual(-50);
    expect(t.termSentAt).toBe(t.requestedAt);
    expect(graceBarText(t, Date.now())).toMatch(/^\[█*░+\] QUIT sent \d+\.\d\/20s · KILL in \d+s$/);
    expect(sink.events.some((e) => e.message === 'signal 3 (SIGQUIT) sent')).toBe(true);
    await stopped;
    const done = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id), 'the Terminated row', 15_000);
    expect(done.termination).toMatchObject({ exitCode: 3 });
    expect(done.termination!.killSentAt).toBeUndefined();
    expect(viewTermination(done.termination!, Date.now())).toMatchObject({ phase: 'done', killed: false });
  }, 30_000);

  it('kill: SIGKILL at once, recorded as forced', async () => {
    const sink = await watch();
    const id = runContainer(host, uniqueName('kill'), [], 'while :; do sleep 1; done');
    const running = await waitFor(() => sink.row(id)?.state === 'Running' && sink.row(id), 'the Running row');
    await source!.terminate({ groupKey: running.groupKey, namespace: '', group: running.group, id }, { graceSeconds: 30, mode: 'kill' });
    const done = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id), 'the Terminated row', 10_000);
    expect(done.termination).toMatchObject({ graceSeconds: 0, forced: true, exitCode: 137 });
    expect(done.termination!.killSentAt).toBeDefined();
    expect(done).toMatchObject({ exitCode: 137, signal: 9 });
  }, 30_000);

  it('errors name the container and the engine: no such container', async () => {
    await watch();
    const missing = 'f'.repeat(64);
    await expect(source!.terminate({ groupKey: 'g', namespace: '', group: 'ghost', id: missing }, { graceSeconds: 1, mode: 'stop' }))
      .rejects.toThrow(/no such container on context "default" \(unix:\/\/.*docker\.sock\)/);
  }, 30_000);

  it('errors name the socket when the daemon is unreachable', async () => {
    const sink = new RecordingSink();
    source = new DockerSource({ host: 'unix:///nonexistent/podlife-test.sock', backoff: { initialMs: 50, maxMs: 100 } });
    source.start(sink);
    const down = await waitFor(() => sink.statuses.find((s) => s.state === 'disconnected'), 'a disconnected status');
    expect(down.message).toContain('/nonexistent/podlife-test.sock');
    expect(down.message).toMatch(/socket does not exist/);
    await expect(source.terminate({ groupKey: 'g', namespace: '', group: 'x', id: 'abc' }, { graceSeconds: 1, mode: 'stop' }))
      .rejects.toThrow(/unreachable.*\/nonexistent\/podlife-test\.sock/);
  }, 30_000);
});
