// --record on the real engine, then --replay at 10×: the same rows in the same order, at
// the same virtual times, and the grace bar's phases the same at every instant.
import { describe, expect, it } from 'vitest';
import { viewTermination } from '../../src/lifecycle/termination.js';
import { DockerSource } from '../../src/sources/docker.js';
import { Store } from '../../src/store/store.js';
import { phasesAgree, replayMatchesLive, SnapshotTimeline, startRecording } from '../support/round-trip.js';
import { runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
useSharedEngine((h) => (host = h));

describe('record a real Docker session, replay it', () => {
  it('replays a graceful stop and a kill at the deadline exactly as they were seen live', async () => {
    const recording = startRecording('docker', 'default', '');
    const store = new Store();
    const live = new SnapshotTimeline(store);
    const source = new DockerSource({ host, tap: recording.tap });
    source.start(live.sink(store.sinkFor('docker', source.context)));
    await waitFor(() => store.statusList()[0]?.state === 'live', 'the source to go live');

    const gentle = runContainer(host, uniqueName('rt-gentle'), [], 'trap "sleep 1; exit 0" TERM; sleep 100000 & wait $!');
    const stubborn = runContainer(host, uniqueName('rt-stubborn'), [], 'trap "" TERM; sleep 100000 & while true; do wait $!; done');
    const row = (id: string) => store.allRows().find((r) => r.id === id);
    await waitFor(() => row(gentle)?.state === 'Running' && row(stubborn)?.state === 'Running', 'both Running');
    for (const id of [gentle, stubborn]) {
      const r = row(id)!;
      await source.terminate({ groupKey: r.groupKey, namespace: '', group: r.group, id }, { graceSeconds: 2, mode: 'stop' });
    }
    await waitFor(() => row(gentle)?.state === 'Terminated' && row(stubborn)?.state === 'Terminated', 'both Terminated', 20_000);
    await source.close();

    const final = await replayMatchesLive(live, recording, 'docker');
    // The phases the bar shows, sampled through the whole stop, agree at every instant.
    const stubbornLive = final.live.find((r) => r.id === stubborn)!.termination!;
    phasesAgree(stubbornLive, final.replay.find((r) => r.id === stubborn)!.termination!);
    expect(viewTermination(stubbornLive, stubbornLive.exitedAt!).killed).toBe(true);
  });
});
