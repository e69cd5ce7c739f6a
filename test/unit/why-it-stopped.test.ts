// Issue 13 on objects captured from the local cluster (test/fixtures/kubernetes/rollout): a
// `kubectl rollout restart` of demo/rollout-web.yaml and an eviction through the
// Eviction API. Expected values are read from the captured objects themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeploymentJson, PodJson, ReplicaSetJson } from '../../src/lifecycle/kubernetes-json.js';
import { rolloutStatus, selectorString } from '../../src/lifecycle/rollout.js';
import { redactPod, redactRecord } from '../../src/record/redact.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { RecordingSink } from './kubernetes-sink.js';

const CONTEXT = 'podlife-local';
const dir = new URL('../fixtures/kubernetes/rollout/', import.meta.url);
const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
const ndjson = <T>(name: string): T[] => readFileSync(new URL(name, dir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
const rec = (type: string, t: number, data: unknown): RawRecord => ({ t, type, context: CONTEXT, data });

const revisionOf = (rs: ReplicaSetJson) => Number(rs.metadata!.annotations!['deployment.kubernetes.io/revision']);

function feedWith(records: RawRecord[]) {
  const sink = new RecordingSink();
  const feed = new KubernetesFeed(sink, CONTEXT);
  for (const r of records) feed.apply(r);
  const rowsOf = (pod: string) => {
    for (let i = sink.calls.length - 1; i >= 0; i--) {
      const c = sink.calls[i]!;
      const rows = c.kind === 'resync' ? c.rows.filter((r) => r.group === pod) : c.kind === 'upsert' && c.rows[0]?.group === pod ? c.rows : [];
      if (rows.length) return rows;
    }
    return [];
  };
  return { sink, feed, rowsOf };
}

describe('why a pod stops: cause from the cluster objects', () => {
  const rsDuring = json<{ items: ReplicaSetJson[] }>('rs-list-during.json');
  const podsDuring = json<{ items: PodJson[] }>('pods-during.json');
  // Each old pod as first seen terminating in the watch stream.
  const watched = ndjson<{ type: string; object: PodJson }>('watch-pods.ndjson');
  const firstTerminating = [...new Map(watched.filter((e) => e.object.metadata?.deletionTimestamp && e.object.metadata.ownerReferences?.length).reverse().map((e) => [e.object.metadata!.name, e.object])).values()];
  const oldRs = rsDuring.items.reduce((a, b) => (revisionOf(a) < revisionOf(b) ? a : b));
  const newRs = rsDuring.items.reduce((a, b) => (revisionOf(a) > revisionOf(b) ? a : b));

  it('an old ReplicaSet\'s terminating pod: rollout of deployment/web, revision old → new, as the ReplicaSets\' annotations say', () => {
    const terminating = firstTerminating;
    const { rowsOf } = feedWith([rec('k8s.replicasets.list', 1, rsDuring), rec('k8s.pods.list', 2, { items: [...podsDuring.items.filter((p) => !terminating.some((t) => t.metadata!.name === p.metadata!.name)), ...terminating] })]);
    expect(terminating.length).toBe(2);
    for (const pod of terminating) {
      expect(pod.metadata!.ownerReferences![0]!.name).toBe(oldRs.metadata!.name);
      const [row] = rowsOf(pod.metadata!.name!);
      expect(row!.owner).toEqual({ kind: 'ReplicaSet', name: oldRs.metadata!.name, deployment: 'web', revision: revisionOf(oldRs) });
      expect(row!.cause).toEqual({ kind: 'rollout', text: `rollout of deployment/web revision ${revisionOf(oldRs)} → ${revisionOf(newRs)}`, short: `rollout ${revisionOf(oldRs)} → ${revisionOf(newRs)}` });
    }
    // New pods run: no cause.
    for (const pod of podsDuring.items.filter((p) => p.metadata!.ownerReferences![0]!.name === newRs.metadata!.name)) expect(rowsOf(pod.metadata!.name!)[0]!.cause).toBeUndefined();
  });

  it('the same from the raw watch streams, in resourceVersion order: ReplicaSets and pods interleaved as they came', () => {
    const records = [
      rec('k8s.replicasets.list', 0, json('rs-list-before.json')),
      rec('k8s.pods.list', 0, json('pods-before.json')),
      ...[...ndjson<{ object: { metadata: { resourceVersion: string } } }>('watch-rs.ndjson').map((e) => ['k8s.replicaset', e] as const), ...ndjson<{ object: { metadata: { resourceVersion: string } } }>('watch-pods.ndjson').map((e) => ['k8s.pod', e] as const)]
        .sort((a, b) => Number(a[1].object.metadata.resourceVersion) - Number(b[1].object.metadata.resourceVersion))
        .map(([type, e], i) => rec(type, i + 1, e)),
    ];
    const { sink, rowsOf } = feedWith(records);
    const old = ndjson<{ type: string; object: PodJson }>('watch-pods.ndjson').filter((e) => e.type === 'DELETED' && e.object.metadata?.ownerReferences?.length);
    expect(old.length).toBe(2);
    for (const e of old) {
      const last = rowsOf(e.object.metadata!.name!);
      expect(last[0]!.cause?.kind).toBe('rollout');
      expect(sink.all('remove').some((r) => r.groupKey.endsWith(`/${e.object.metadata!.name}`))).toBe(true);
    }
  });

  it('a ReplicaSet event that changes only its status counts maps no pod again; one that changes a revision maps its Deployment\'s pods', () => {
    const events = ndjson<{ type: string; object: ReplicaSetJson }>('watch-rs.ndjson');
    const before = json<{ items: ReplicaSetJson[] }>('rs-list-before.json');
    const pods = json<{ items: PodJson[] }>('pods-before.json');
    const { sink, feed } = feedWith([rec('k8s.replicasets.list', 0, before), rec('k8s.pods.list', 0, pods)]);
    const known = new Map(before.items.map((rs) => [rs.metadata!.name!, rs]));
    let statusOnly = 0;
    for (const [i, e] of events.entries()) {
      const previous = known.get(e.object.metadata!.name!);
      known.set(e.object.metadata!.name!, e.object);
      const upsertsBefore = sink.all('upsert').length;
      feed.apply(rec('k8s.replicaset', i + 1, e));
      const upserts = sink.all('upsert').length - upsertsBefore;
      const sameRevision = previous !== undefined && e.type === 'MODIFIED' && previous.metadata?.annotations?.['deployment.kubernetes.io/revision'] === e.object.metadata?.annotations?.['deployment.kubernetes.io/revision'];
      if (sameRevision) {
        statusOnly++;
        expect(upserts).toBe(0);
      }
      // A new ReplicaSet (the rollout's) makes every pod of the Deployment an old revision's.
      if (e.type === 'ADDED' && !previous) expect(upserts).toBe(pods.items.length);
    }
    expect(statusOnly).toBeGreaterThan(3);
  });

  it('an eviction: the DisruptionTarget condition\'s reason and message, as the apiserver set them', () => {
    const evicted = json<PodJson>('evicted.json');
    const condition = evicted.status!.conditions!.find((c) => c.type === 'DisruptionTarget')!;
    expect(condition.reason).toBe('EvictionByEvictionAPI');
    const { rowsOf } = feedWith([rec('k8s.pods.list', 1, { items: [evicted] })]);
    expect(rowsOf('sigterm-logger')[0]!.cause).toEqual({ kind: 'disruption', reason: condition.reason, message: condition.message, text: `${condition.reason}: ${condition.message}`, short: condition.reason });
  });

  it('a delete this session sent is named as such, over the owner', () => {
    const pod = firstTerminating[0]!;
    const { rowsOf } = feedWith([
      rec('k8s.pods.list', 1, { items: [pod] }),
      rec('k8s.podlife.delete', 2, { namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid, graceSeconds: 30, by: 'podlife delete' }),
    ]);
    expect(rowsOf(pod.metadata!.name!)[0]!.cause).toEqual({ kind: 'podlife', text: 'deleted by this podlife session (podlife delete, grace 30 s)', short: 'podlife delete' });
  });

  it('without its ReplicaSet known, the owner is still named; without any owner, "deleted"', () => {
    const pod = firstTerminating[0]!;
    expect(feedWith([rec('k8s.pods.list', 1, { items: [pod] })]).rowsOf(pod.metadata!.name!)[0]!.cause).toEqual({
      kind: 'owner',
      text: `deleted (controlled by replicaset/${oldRs.metadata!.name})`,
      short: 'deleted',
    });
    const bare = { ...pod, metadata: { ...pod.metadata, ownerReferences: undefined } };
    expect(feedWith([rec('k8s.pods.list', 1, { items: [bare] })]).rowsOf(pod.metadata!.name!)[0]!.cause).toEqual({ kind: 'deleted', text: 'deleted', short: 'deleted' });
  });

  it('recordings keep owners, revisions and counts, and drop the ReplicaSet template', () => {
    expect((redactPod(podsDuring.items[0]) as PodJson).metadata!.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
    const redacted = redactRecord(rec('k8s.replicasets.list', 1, rsDuring)).data as { items: ReplicaSetJson[] & { spec: Record<string, unknown> }[] };
    const item = redacted.items[0] as ReplicaSetJson & { spec: Record<string, unknown> };
    expect(Object.keys(item.spec)).toEqual(['replicas']);
    expect(item.metadata!.annotations).toEqual({ 'deployment.kubernetes.io/revision': rsDuring.items[0]!.metadata!.annotations!['deployment.kubernetes.io/revision'] });
  });
});

describe('rollout status, judged as kubectl judges it', () => {
  it('the Deployment after `kubectl rollout status` said "successfully rolled out": complete at revision 2', () => {
    const d = json<DeploymentJson>('deployment-after.json');
    const status = rolloutStatus(d);
    expect(status).toMatchObject({ phase: 'complete', revision: Number(d.metadata!.annotations!['deployment.kubernetes.io/revision']), desired: d.spec!.replicas });
    expect(selectorString(d)).toBe('app=web');
  });

  it('an unobserved generation, a pending old replica and a passed deadline', () => {
    const d = json<DeploymentJson>('deployment-after.json');
    expect(rolloutStatus({ ...d, metadata: { ...d.metadata, generation: (d.status!.observedGeneration ?? 0) + 1 } }).phase).toBe('progressing');
    expect(rolloutStatus({ ...d, status: { ...d.status, replicas: (d.status!.updatedReplicas ?? 0) + 1 } }).message).toBe('1 old replicas pending termination');
    const stalled = rolloutStatus({ ...d, status: { ...d.status, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-x" has timed out progressing.' }] } });
    expect(stalled.phase).toBe('stalled');
    const paused = rolloutStatus({ ...d, spec: { ...d.spec, paused: true }, status: { ...d.status, updatedReplicas: 0 } });
    expect(paused.message).toBe('0 of 2 new replicas updated; deployment "web" is paused: nothing rolls out until `kubectl rollout resume deployment/web`');
    expect(rolloutStatus({ ...d, spec: { ...d.spec, paused: true } }).phase).toBe('complete');
  });
});
