// Containers in each state on a real engine, as rows pushed by DockerSource.
import { afterEach, describe, expect, it } from 'vitest';
import { DockerSource } from '../../src/sources/docker.js';
import { RecordingSink } from './recording-sink.js';
import { docker, inspectState, runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
let source: DockerSource | undefined;
let sink: RecordingSink;

useSharedEngine((h) => (host = h));
afterEach(async () => {
  await source?.close();
  source = undefined;
});

async function watch(): Promise<void> {
  sink = new RecordingSink();
  source = new DockerSource({ host });
  source.start(sink);
  await waitFor(() => sink.lastStatus()?.state === 'live', 'the source to go live');
}

describe('DockerSource rows on a real engine', () => {
  it('created but never started: Waiting "Created" (from the create event, then from a fresh list)', async () => {
    await watch();
    const id = runContainer(host, uniqueName('created'), [], 'sleep 1000', true);
    const row = await waitFor(() => sink.row(id), 'the created row');
    expect(row).toMatchObject({ state: 'Waiting', reason: 'Created', restartCount: 0, source: 'docker', context: 'default' });
    expect(row.startedAt).toBeUndefined();
    await source!.close();
    await watch(); // the same container, found by listing
    expect(sink.resyncs.at(-1)!.find((r) => r.id === id)).toMatchObject({ state: 'Waiting', reason: 'Created' });
  }, 30_000);

  it('OOM-killed: Terminated, reason OOMKilled, exit 137, with an oom event', async () => {
    await watch();
    const id = runContainer(host, uniqueName('oom'), ['--memory', '8m', '--memory-swap', '8m'], 'x=$(head -c 64m /dev/zero | tr "\\0" a); echo survived');
    const row = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id), 'the Terminated row');
    expect(inspectState(host, id).OOMKilled).toBe(true); // the engine agrees it was the OOM killer
    expect(row).toMatchObject({ reason: 'OOMKilled', exitCode: 137, signal: 9 });
    expect(sink.events.some((e) => e.reason === 'OOMKilled' && e.type === 'Warning' && e.groupKey === row.groupKey)).toBe(true);
    expect(row.termination).toBeUndefined();
  }, 30_000);

  it('--restart always and exits at once: Waiting "Restarting", restart count rising', async () => {
    await watch();
    const id = runContainer(host, uniqueName('restarting'), ['--restart', 'always'], 'sleep 0.2; exit 3');
    await waitFor(() => sink.versions(id).some((r) => r.state === 'Waiting' && r.reason === 'Restarting'), 'a Restarting row', 20_000);
    await waitFor(() => (sink.row(id)?.restartCount ?? 0) >= 3, 'restart count 3', 20_000);
    const counts = sink.versions(id).map((r) => r.restartCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never goes down
    const restarting = sink.versions(id).find((r) => r.reason === 'Restarting')!;
    expect(restarting.lastState).toMatchObject({ state: 'Terminated', exitCode: 3, reason: 'Error' });
    expect(sink.events.filter((e) => e.groupKey === restarting.groupKey && e.reason === 'Died').length).toBeGreaterThanOrEqual(3);
  }, 45_000);

  it('health check: Running "starting" → "healthy", paused → Paused', async () => {
    await watch();
    const id = runContainer(host, uniqueName('health'), ['--health-cmd', 'test -f /tmp/ok', '--health-interval', '1s'], 'sleep 1.5; touch /tmp/ok; sleep 100000 & wait $!');
    const healthy = await waitFor(() => sink.row(id)?.health === 'healthy' && sink.row(id), 'a healthy row', 20_000);
    expect(healthy).toMatchObject({ state: 'Running', reason: 'healthy', ready: true });
    expect(sink.versions(id).some((r) => r.health === 'starting' && !r.ready)).toBe(true);
    // pause through the CLI: the event alone updates the row
    docker(host, ['pause', id]);
    await waitFor(() => sink.row(id)?.paused === true, 'a paused row');
    expect(sink.row(id)).toMatchObject({ state: 'Running', reason: 'Paused', ready: false });
    docker(host, ['unpause', id]);
    await waitFor(() => sink.row(id)?.paused !== true && sink.row(id)?.state === 'Running', 'an unpaused row');
  }, 40_000);

  it('removal: the row goes away (destroy → removeGroup)', async () => {
    await watch();
    const id = runContainer(host, uniqueName('removed'), [], 'exit 0');
    const row = await waitFor(() => sink.row(id)?.state === 'Terminated' && sink.row(id), 'the Terminated row');
    docker(host, ['rm', id]);
    await waitFor(() => sink.removed.includes(row.groupKey), 'removeGroup');
    await new Promise((r) => setTimeout(r, 300)); // a late inspect must not bring it back
    expect(sink.row(id)).toBeUndefined();
  }, 30_000);
});
