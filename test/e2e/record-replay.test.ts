// --record on the real cluster, then --replay at 10×: the lifecycle pod created, Running,
// deleted with its 5 s preStop, gone — the replay shows the same rows at the same
// virtual times, and the bar's phases agree at every instant.
import { expect, it } from 'vitest';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import { phasesAgree, replayMatchesLive, SnapshotTimeline, startRecording } from '../support/round-trip.js';
import { CONTEXT, clusterOrMissingReason, waitFor, useScratchNamespace } from './kubernetes-cluster.js';
import { describeWhere } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `record a real cluster session, replay it`, () => {
  const scratch = useScratchNamespace('podlife-rt', () => target!);
  const { namespace } = scratch;


  it('replays the lifecycle pod from creation to its preStop and exit exactly as seen live', async () => {
    const recording = startRecording('kubernetes', CONTEXT, namespace);
    const store = new Store();
    const live = new SnapshotTimeline(store);
    const source = new KubernetesSource({ target: target!, namespace, tap: recording.tap });
    source.start(live.sink(store.sinkFor('kubernetes', CONTEXT)));
    const row = () => store.allRows().find((r) => r.group === 'lifecycle');
    await waitFor('the source to go live', () => store.statusList()[0]?.state === 'live', 15_000);

    await scratch.cluster.createDemoPod(namespace, 'lifecycle-pod.yaml');
    await waitFor('lifecycle Running', () => row()?.state === 'Running', 60_000);
    await source.terminate({ groupKey: row()!.groupKey, namespace, group: 'lifecycle' }, { graceSeconds: 30, mode: 'stop' });
    await waitFor('lifecycle gone', () => row()?.goneAt !== undefined, 60_000);
    await source.close();

    const final = await replayMatchesLive(live, recording, 'k8s');
    const t = final.live.find((r) => r.group === 'lifecycle')!.termination!;
    expect(t.hasPreStop).toBe(true);
    const phases = phasesAgree(t, final.replay.find((r) => r.group === 'lifecycle')!.termination!);
    expect([...phases]).toEqual(['hook', 'term', 'done'].filter((p) => phases.has(p)));
    expect(phases.has('hook')).toBe(true);
    expect(phases.has('done')).toBe(true);
  }, 150_000);
});
