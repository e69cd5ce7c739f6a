// Do podlife's termination times match what the node really did? The API stamps whole
// seconds, so the reference here is containerd's own log on the local cluster (stamped
// to the nanosecond): "StopContainer … with timeout" is when the kubelet sent TERM (the
// preStop hook had ended), "shim disconnected" is when the container's process was gone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import { clusterOrMissingReason, waitFor, useScratchNamespace } from './kubernetes-cluster.js';
import { describeWhere } from '../support/requirements.js';

const { target, missing: noCluster } = await clusterOrMissingReason();
const containerdLog = join(process.env.PODLIFE_CLUSTER_DIR ?? '/tmp/podlife-cluster', 'logs', 'containerd.log');
const missing = noCluster ?? (existsSync(containerdLog) ? undefined : `no containerd log at ${containerdLog} (the cluster is not the one npm run cluster:up starts)`);

/** The nanosecond-stamped time of the first containerd log line with `needle`, in epoch ms. */
function containerdTime(needle: string): number | undefined {
  const line = readFileSync(containerdLog, 'utf8').split('\n').find((l) => l.includes(needle));
  const stamp = line && /^time="([^"]+)"/.exec(line)?.[1];
  return stamp ? Date.parse(stamp.replace(/(\.\d{3})\d*Z$/, '$1Z')) : undefined;
}

describeWhere(missing, `termination times against containerd's log`, () => {
  const scratch = useScratchNamespace('podlife-timing', () => target!);
  const { namespace } = scratch;

  it('the lifecycle pod: preStop end (TERM) and exit within a quarter of a second of the node', async () => {
    const store = new Store();
    const source = new KubernetesSource({ target: target!, namespace });
    source.start(store.sinkFor('kubernetes', source.context));
    const row = () => store.allRows().find((r) => r.group === 'lifecycle');
    await waitFor('the source to go live', () => store.statusList()[0]?.state === 'live', 15_000);
    await scratch.cluster.createDemoPod(namespace, 'lifecycle-pod.yaml');
    await waitFor('lifecycle Running', () => row()?.state === 'Running' && row()?.ready, 60_000);
    await source.terminate({ groupKey: row()!.groupKey, namespace, group: 'lifecycle' }, { graceSeconds: 30, mode: 'stop' });
    await waitFor('the exit', () => row()?.termination?.exitedAt !== undefined && row()!.termination!.hookEndedAt !== undefined, 60_000);
    const t = row()!.termination!;
    const id = row()!.id!.replace(/^\w+:\/\//, '');
    await source.close();

    const termSent = await waitFor('containerd to log the stop', () => containerdTime(`StopContainer for \\"${id}\\" with timeout`), 10_000);
    const gone = await waitFor('containerd to log the exit', () => containerdTime(`msg="shim disconnected" id=${id}`), 10_000);
    console.info(`[kubelet-timing] request→TERM: podlife ${((t.hookEndedAt! - t.requestedAt) / 1000).toFixed(3)} s, node ${((termSent - t.requestedAt) / 1000).toFixed(3)} s; exit: podlife ${((t.exitedAt! - t.requestedAt) / 1000).toFixed(3)} s, node ${((gone - t.requestedAt) / 1000).toFixed(3)} s`);
    expect(Math.abs(t.hookEndedAt! - termSent)).toBeLessThanOrEqual(250);
    expect(Math.abs(t.exitedAt! - gone)).toBeLessThanOrEqual(250);
  }, 120_000);
});
