// A container that runs again keeps how its last run ended (row.lastStop), on the real
// engine, compared with the engine's own record: its inspect's State.FinishedAt and its
// kill events. The session is recorded and replayed: the replay ends on the same rows.
import { describe, expect, it } from 'vitest';
import { describeOutcome, terminationOutcome } from '../../src/lifecycle/termination.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { DockerSource } from '../../src/sources/docker.js';
import { Store } from '../../src/store/store.js';
import { replayMatchesLive, SnapshotTimeline, startRecording } from '../support/round-trip.js';
import { docker, inspectState, runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
useSharedEngine((h) => (host = h));

/** The engine's kill events of a container, in order: [signal, epoch ms]. */
function engineKills(id: string, since: number): [string, number][] {
  const lines = docker(host, ['events', '--since', String(since / 1000), '--until', String(Date.now() / 1000 + 1), '--filter', `container=${id}`, '--filter', 'event=kill', '--format', '{{json .}}']);
  return lines.split('\n').filter(Boolean).map((line) => {
    const e = JSON.parse(line) as { Actor: { Attributes: { signal: string } }; timeNano: number };
    return [e.Actor.Attributes.signal, Number(BigInt(e.timeNano) / 1_000_000n)];
  });
}

const finishedAt = (id: string) => Date.parse(inspectState(host, id).FinishedAt as string);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

describe('the last stop of a container that runs again, on a real engine', () => {
  it('restart policy, a docker stop then start, a docker restart: each last stop as the engine recorded it; the replay agrees', async () => {
    const recording = startRecording('docker', 'default', '');
    const store = new Store();
    const live = new SnapshotTimeline(store);
    const source = new DockerSource({ host, tap: recording.tap });
    source.start(live.sink(store.sinkFor('docker', source.context)));
    await waitFor(() => store.statusList()[0]?.state === 'live', 'the source to go live');
    const offset = store.statusList()[0]?.clockOffsetMs ?? 0;
    const row = (id: string): ContainerRow | undefined => store.allRows().find((r) => r.id === id);

    // 1. --restart on-failure:3; the first run exits 3, the second (its file is still there) runs on.
    const policed = runContainer(host, uniqueName('on-failure'), ['--restart', 'on-failure:3'], 'if [ -e /ran ]; then exec sleep 100000; fi; touch /ran; exit 3');
    const restarted = await waitFor(() => row(policed)?.restartCount === 1 && row(policed)?.state === 'Running' && row(policed)?.lastStop && row(policed), 'the restarted row with its last stop', 30_000);
    const engineExit = finishedAt(policed);
    const policyStop = restarted.lastStop!;
    console.info(`[last-stop on-failure:3] engine FinishedAt ${new Date(engineExit).toISOString()} RestartCount ${restarted.restartCount}; podlife exitedAt ${new Date(policyStop.termination.exitedAt!).toISOString()} exit ${policyStop.termination.exitCode} "${policyStop.cause.text}"`);
    expect(policyStop.cause).toEqual({ kind: 'restart', short: 'restart', text: 'restarted by its restart policy (on-failure:3)' });
    expect(policyStop.termination.exitCode).toBe(3);
    expect(policyStop.termination.exitedAt).toBe(engineExit - offset);
    expect(describeOutcome(terminationOutcome(policyStop.termination)!)).toBe('exited 3');

    // 2. TERM ignored: `docker stop -t 2` from outside podlife, then `docker start`.
    const stubborn = runContainer(host, uniqueName('stop-start'), [], 'trap "" TERM; while :; do sleep 0.2; done');
    await waitFor(() => row(stubborn)?.state === 'Running', 'the Running row');
    const since = Date.now() - 1000;
    docker(host, ['stop', '-t', '2', stubborn]);
    await waitFor(() => row(stubborn)?.state === 'Terminated' && row(stubborn)?.termination?.exitedAt !== undefined, 'the stopped row');
    docker(host, ['start', stubborn]);
    const stopExit = finishedAt(stubborn); // kept by the engine while the container runs again
    // The `die` gives the exit at once; the inspect after it, the engine's own stamp.
    const started = await waitFor(() => row(stubborn)?.state === 'Running' && row(stubborn)?.lastStop?.termination.exitedAt === stopExit - offset && row(stubborn), 'the started row with its last stop at the engine\'s FinishedAt');
    const [[termSignal, termAt], [killSignal, killAt]] = engineKills(stubborn, since) as [[string, number], [string, number]];
    const stopStop = started.lastStop!;
    console.info(`[last-stop docker stop -t 2 + start] engine kill ${termSignal} ${new Date(termAt).toISOString()}, kill ${killSignal} +${seconds(killAt - termAt)} s, FinishedAt +${seconds(stopExit - termAt)} s; ` +
      `podlife TERM ${new Date(stopStop.termination.termSentAt!).toISOString()}, KILL +${seconds(stopStop.termination.killSentAt! - stopStop.termination.termSentAt!)} s, exit +${seconds(stopStop.termination.exitedAt! - stopStop.termination.termSentAt!)} s, "${describeOutcome(terminationOutcome(stopStop.termination)!)}" (${stopStop.cause.short})`);
    expect([termSignal, killSignal]).toEqual(['15', '9']);
    expect(stopStop.cause).toEqual({ kind: 'restart', short: 'docker start', text: 'stopped, then started again by docker start' });
    expect(stopStop.termination).toMatchObject({ termSentAt: termAt - offset, killSentAt: killAt - offset, exitedAt: stopExit - offset, exitCode: 137, graceSeconds: 2 });
    expect(terminationOutcome(stopStop.termination)!.killed).toBe(true);
    expect(started.termination).toBeUndefined();

    // 3. `docker restart -t 2`: the next stop replaces it, named by the engine's restart event.
    const sinceRestart = Date.now() - 200;
    docker(host, ['restart', '-t', '2', stubborn]);
    const again = await waitFor(() => row(stubborn)?.state === 'Running' && row(stubborn)?.lastStop?.cause.short === 'docker restart' && row(stubborn), 'the row after docker restart');
    const [[, term2], [, kill2]] = engineKills(stubborn, sinceRestart) as [[string, number], [string, number]];
    const restartExit = finishedAt(stubborn);
    expect(again.lastStop!.termination).toMatchObject({ termSentAt: term2 - offset, killSentAt: kill2 - offset, exitCode: 137, graceSeconds: 2 });
    // The inspect after the restart brings the engine's exit stamp.
    const settled = await waitFor(() => row(stubborn)?.lastStop?.termination.exitedAt === restartExit - offset && row(stubborn), 'the exit at the engine\'s FinishedAt');
    const restartStop = settled.lastStop!;
    console.info(`[last-stop docker restart -t 2] engine kill 15 → kill 9 +${seconds(kill2 - term2)} s, FinishedAt +${seconds(restartExit - term2)} s; ` +
      `podlife KILL +${seconds(restartStop.termination.killSentAt! - restartStop.termination.termSentAt!)} s, exit +${seconds(restartStop.termination.exitedAt! - restartStop.termination.termSentAt!)} s, "${describeOutcome(terminationOutcome(restartStop.termination)!)}" (${restartStop.cause.text})`);
    expect(restartStop.cause).toEqual({ kind: 'restart', short: 'docker restart', text: 'restarted by docker restart' });

    // Later updates keep it: the inspect a `docker rename` brings.
    docker(host, ['rename', stubborn, uniqueName('renamed')]);
    await waitFor(() => row(stubborn)?.name.includes('renamed'), 'the renamed row');
    expect(row(stubborn)!.lastStop!.cause.short).toBe('docker restart');
    expect(row(stubborn)!.lastStop!.termination).toMatchObject({ killSentAt: kill2 - offset, exitedAt: restartExit - offset });
    expect(row(policed)!.lastStop!.termination.exitedAt).toBe(engineExit - offset);
    await source.close();

    const final = await replayMatchesLive(live, recording, 'docker last stop');
    for (const id of [policed, stubborn]) {
      expect(final.replay.find((r) => r.id === id)!.lastStop).toEqual(final.live.find((r) => r.id === id)!.lastStop);
    }
  }, 90_000);
});
