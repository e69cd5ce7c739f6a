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

/** The Terminated row once it has a reason (the engine's record after the `die`). */
function terminatedWithReason(id: string) {
  return waitFor(() => {
    const row = sink.row(id);
    return row?.state === 'Terminated' && row.reason !== undefined && row;
  }, 'the Terminated row with its reason');
}

/** Reasons other than OOMKilled that a Terminated version of the row showed. */
function reasonsWhileTerminated(id: string): string[] {
  return sink.versions(id).filter((r) => r.state === 'Terminated' && r.reason !== undefined && r.reason !== 'OOMKilled').map((r) => r.reason!);
}

/**
 * The engine's own word that the OOM killer struck: its record, or its `oom` event (dockerd
 * 20.10 records OOMKilled false when containerd reports the exit before the OOM).
 */
function engineSaysOomKilled(state: Record<string, unknown>, id: string, since: number): boolean {
  if (state.OOMKilled === true) return true;
  const until = (Date.now() / 1000).toFixed(3);
  const actions = docker(host, ['events', '--since', since.toFixed(3), '--until', until, '--filter', `container=${id}`, '--filter', 'event=oom', '--format', '{{.Action}}']);
  return actions.split('\n').includes('oom');
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
    const since = Date.now() / 1000 - 1;
    const id = runContainer(host, uniqueName('oom'), ['--memory', '8m', '--memory-swap', '8m'], 'x=$(head -c 64m /dev/zero | tr "\\0" a); echo survived');
    const row = await terminatedWithReason(id);
    const state = inspectState(host, id);
    expect(state.ExitCode).toBe(137);
    expect(engineSaysOomKilled(state, id, since)).toBe(true);
    expect(row).toMatchObject({ reason: 'OOMKilled', exitCode: 137, signal: 9 });
    expect(reasonsWhileTerminated(id)).toEqual([]); // never "Error" on the way, however the die and the inspects raced
    expect(sink.events.some((e) => e.reason === 'OOMKilled' && e.type === 'Warning' && e.groupKey === row.groupKey)).toBe(true);
    expect(row.termination).toBeUndefined();
  }, 30_000);

  it('a process OOM-killed, the container exits 3 later: OOMKilled as the engine records, never "Error" meanwhile', async () => {
    // dockerd 20.10 sets OOMKilled only at the exit: the inspect after the oom event says
    // false while the container runs on, and the die 2 s later carries only the exit code.
    await watch();
    const since = Date.now() / 1000 - 1;
    const id = runContainer(host, uniqueName('oom-child'), ['--memory', '8m', '--memory-swap', '8m'], '(x=$(head -c 64m /dev/zero | tr "\\0" a)); sleep 2; exit 3');
    const row = await terminatedWithReason(id);
    const state = inspectState(host, id);
    expect(state.ExitCode).toBe(3);
    expect(engineSaysOomKilled(state, id, since)).toBe(true);
    expect(row).toMatchObject({ reason: 'OOMKilled', exitCode: 3 });
    expect(reasonsWhileTerminated(id)).toEqual([]);
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
