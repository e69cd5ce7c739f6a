// Did the stop drop traffic: EndpointSlice moves on the pod's timeline and the warnings
// they give, on pods captured from the local cluster's `kubectl rollout restart` of
// demo/rollout-web.yaml (3 s sleep preStop) and demo/no-prestop.yaml's shape. The slices
// follow the discovery.k8s.io/v1 API as the EndpointSlice controller fills it: one
// endpoint per ready pod (targetRef = the pod), conditions ready/serving/terminating.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EndpointSliceJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { formatTimeline } from '../../src/render/timeline-text.js';
import { redactEndpointSlice } from '../../src/record/redact.js';
import { EndpointSliceMemory } from '../../src/sources/kubernetes-endpoint-slices.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { timelineFor, warningsForGroup } from '../../src/store/warnings-and-timelines.js';
import { Store } from '../../src/store/store.js';

const CONTEXT = 'podlife-local';
const dir = new URL('../fixtures/kubernetes/rollout/', import.meta.url);
const watched = readFileSync(new URL('watch-pods.ndjson', dir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: PodJson });
const web = (name: string) => watched.filter((e) => e.object.metadata?.name === name);
const oldPods = [...new Set(watched.filter((e) => e.type === 'DELETED' && e.object.metadata?.ownerReferences?.length).map((e) => e.object.metadata!.name!))];
const running = (name: string) => web(name).find((e) => !e.object.metadata?.deletionTimestamp)?.object ?? web(name)[0]!.object;
const terminating = (name: string) => web(name).find((e) => e.object.metadata?.deletionTimestamp)!.object;

type Conditions = { ready: boolean; serving: boolean; terminating: boolean };
function slice(pods: { pod: PodJson; c: Conditions }[]): EndpointSliceJson {
  const namespace = pods[0]!.pod.metadata!.namespace!;
  return {
    metadata: { name: 'web-7hthj', namespace, labels: { 'kubernetes.io/service-name': 'web' } },
    endpoints: pods.map(({ pod, c }) => ({ conditions: c, targetRef: { kind: 'Pod', name: pod.metadata!.name, namespace, uid: pod.metadata!.uid } })),
  };
}
const READY = { ready: true, serving: true, terminating: false };
const DRAINING = { ready: false, serving: true, terminating: true };

describe('EndpointSliceMemory', () => {
  const pod = running(oldPods[0]!);
  it('the first list is a baseline; watch moves are stamped when received; a later relist says it is late', () => {
    const memory = new EndpointSliceMemory();
    expect(memory.applyList([slice([{ pod, c: READY }])], 1000)).toEqual([]);
    expect(memory.membership(pod.metadata!.namespace!, pod.metadata!.name!, pod.metadata!.uid)).toEqual([{ service: 'web', slice: 'web-7hthj', ...READY }]);
    const [moved] = memory.applyWatch({ type: 'MODIFIED', object: slice([{ pod, c: DRAINING }]) }, 2000);
    expect(moved).toMatchObject({ pod: pod.metadata!.name, uid: pod.metadata!.uid, at: 2000, reason: 'EndpointTerminating', message: 'service web (slice web-7hthj): ready false, serving true, terminating true' });
    // The serving flag flipping while it drains is no news.
    expect(memory.applyWatch({ type: 'MODIFIED', object: slice([{ pod, c: { ...DRAINING, serving: false } }]) }, 2500)).toEqual([]);
    const [late] = memory.applyList([{ ...slice([{ pod, c: READY }]), endpoints: [] }], 3000);
    expect(late).toMatchObject({ reason: 'EndpointRemoved', at: 3000 });
    expect(late!.message).toMatch(/seen on a relist, it happened earlier/);
  });

  it('a pod\'s membership follows it from slice to slice, and a deleted slice lists it no more', () => {
    const memory = new EndpointSliceMemory();
    const ns = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    const second = { ...slice([{ pod, c: READY }]), metadata: { name: 'web-second', namespace: ns, labels: { 'kubernetes.io/service-name': 'web' } } };
    memory.applyList([slice([{ pod, c: READY }])], 1000);
    memory.applyWatch({ type: 'ADDED', object: second }, 1100);
    expect(memory.membership(ns, name, pod.metadata!.uid).map((m) => m.slice).sort()).toEqual(['web-7hthj', 'web-second']);
    memory.applyWatch({ type: 'MODIFIED', object: { ...slice([{ pod, c: READY }]), endpoints: [] } }, 1200);
    expect(memory.membership(ns, name, pod.metadata!.uid).map((m) => m.slice)).toEqual(['web-second']);
    memory.applyWatch({ type: 'DELETED', object: second }, 1300);
    expect(memory.membership(ns, name, pod.metadata!.uid)).toEqual([]);
    expect(memory.membership('elsewhere', name, pod.metadata!.uid)).toEqual([]);
  });

  it('a recording keeps the pod and its conditions, never the addresses', () => {
    const withAddress = { ...slice([{ pod, c: READY }]), endpoints: [{ addresses: ['10.1.2.3'], conditions: READY, targetRef: { kind: 'Pod', name: 'p', uid: 'u' }, nodeName: 'n' }] };
    expect(JSON.stringify(redactEndpointSlice(withAddress))).not.toMatch(/10\.1\.2\.3|nodeName/);
  });
});

describe('endpoint moves on the timeline and in warnings', () => {
  function storeWith(records: { type: string; t: number; data: unknown }[]) {
    let now = 0;
    const store = new Store({ clock: () => now, frameMs: 0 });
    const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
    for (const r of records) {
      now = Math.max(now, r.t);
      feed.apply({ ...r, context: CONTEXT });
    }
    store.flushNow();
    return { store, setNow: (t: number) => (now = t) };
  }
  const name = oldPods[0]!;
  const before = running(name);
  const stopping = terminating(name);
  const requested = Date.parse(stopping.metadata!.deletionTimestamp!) - stopping.metadata!.deletionGracePeriodSeconds! * 1000;

  it('behind a Service with a 3 s sleep preStop: no warning before the delete; after it, the endpoint leaves rotation before TERM', () => {
    const { store, setNow } = storeWith([
      { type: 'k8s.pods.list', t: requested - 5000, data: { items: [before] } },
      { type: 'k8s.endpointslices.list', t: requested - 5000, data: { items: [slice([{ pod: before, c: READY }])] } },
    ]);
    const groupKey = `k8s/${CONTEXT}/${before.metadata!.namespace}/${name}`;
    expect(store.groupRows(groupKey)[0]!.endpoints).toEqual([{ service: 'web', slice: 'web-7hthj', ...READY }]);
    expect(warningsForGroup(store, groupKey)).toEqual([]);
    // The delete is seen 100 ms after it was made; the slice marks the endpoint 50 ms later.
    const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
    setNow(requested + 200);
    feed.apply({ type: 'k8s.pods.list', t: requested - 5000, context: CONTEXT, data: { items: [before] } });
    feed.apply({ type: 'k8s.endpointslices.list', t: requested - 5000, context: CONTEXT, data: { items: [slice([{ pod: before, c: READY }])] } });
    feed.apply({ type: 'k8s.pod', t: requested + 100, context: CONTEXT, data: { type: 'MODIFIED', object: stopping } });
    feed.apply({ type: 'k8s.endpointslice', t: requested + 150, context: CONTEXT, data: { type: 'MODIFIED', object: slice([{ pod: before, c: DRAINING }]) } });
    const last = web(name).filter((e) => e.type === 'MODIFIED').at(-1)!.object;
    setNow(requested + 6000);
    feed.apply({ type: 'k8s.pod', t: requested + 3300, context: CONTEXT, data: { type: 'MODIFIED', object: last } });
    feed.apply({ type: 'k8s.endpointslice', t: requested + 3400, context: CONTEXT, data: { type: 'MODIFIED', object: { ...slice([{ pod: before, c: READY }]), endpoints: [] } } });
    store.flushNow();
    const [row] = store.groupRows(groupKey);
    expect(row!.cause?.kind).toBe('owner'); // no ReplicaSets fed here: the owner, not the rollout
    expect(row!.termination?.hookEndEstimated).toBe(true);
    expect(warningsForGroup(store, groupKey).filter((w) => w.kind === 'term-before-out-of-rotation')).toEqual([]);
    const lines = formatTimeline(timelineFor(store, row!), requested + 6000);
    const at = (label: string) => lines.findIndex((l) => l.includes(label));
    expect(at('stop requested')).toBeGreaterThanOrEqual(0);
    expect(at('endpoint terminating')).toBeGreaterThan(at('stop requested'));
    expect(at('preStop')).toBeGreaterThan(at('endpoint terminating'));
    expect(at('endpoint removed')).toBeGreaterThan(at('preStop'));
  });

  it('without a preStop: warned before any delete, and after it the measured gap and what a 5 s sleep would buy', () => {
    // The same pod without its hook: TERM goes out with the kubelet's Killing event.
    const strip = (p: PodJson): PodJson => ({ ...p, spec: { ...p.spec, containers: p.spec!.containers!.map((c) => ({ ...c, lifecycle: undefined })) } });
    const { store, setNow } = storeWith([
      { type: 'k8s.pods.list', t: requested - 5000, data: { items: [strip(before)] } },
      { type: 'k8s.endpointslices.list', t: requested - 5000, data: { items: [slice([{ pod: before, c: READY }])] } },
    ]);
    const groupKey = `k8s/${CONTEXT}/${before.metadata!.namespace}/${name}`;
    const [warning] = warningsForGroup(store, groupKey);
    expect(warning?.message).toMatch(/^behind service web with no preStop: .* a preStop sleep 5 keeps it serving meanwhile$/);
    const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
    feed.apply({ type: 'k8s.pods.list', t: requested - 5000, context: CONTEXT, data: { items: [strip(before)] } });
    feed.apply({ type: 'k8s.endpointslices.list', t: requested - 5000, context: CONTEXT, data: { items: [slice([{ pod: before, c: READY }])] } });
    feed.apply({ type: 'k8s.pod', t: requested + 100, context: CONTEXT, data: { type: 'MODIFIED', object: strip(stopping) } });
    const killing = { involvedObject: { kind: 'Pod', name, namespace: before.metadata!.namespace, uid: before.metadata!.uid, fieldPath: 'spec.containers{app}' }, reason: 'Killing', message: 'Stopping container app', type: 'Normal', eventTime: null, lastTimestamp: new Date(requested + 120).toISOString() };
    feed.apply({ type: 'k8s.event', t: requested + 120, context: CONTEXT, data: { type: 'ADDED', object: killing } });
    feed.apply({ type: 'k8s.endpointslice', t: requested + 400, context: CONTEXT, data: { type: 'MODIFIED', object: slice([{ pod: before, c: DRAINING }]) } });
    setNow(requested + 1000);
    store.flushNow();
    const measured = warningsForGroup(store, groupKey).find((w) => w.kind === 'term-before-out-of-rotation')!;
    expect(measured.message).toMatch(/^TERM came 0\.3 s before service web \(slice web-7hthj\) marked the endpoint terminating: it was still in rotation; a preStop sleep 5 would have made that 4\.7 s after$/);
  });
});
