// Killing and FailedPreStopHook events for pods not in view (a selector hides them, or
// they are long gone) must not make the feed or the store grow without end: both cap
// what they keep for such pods, a relist leaves nothing of them behind, and a pod seen
// deleted gets no memory back from its late events.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { KubernetesFeed, MAX_EVENT_ONLY_PODS } from '../../src/sources/kubernetes-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { MAX_EVENT_ONLY_GROUPS, Store } from '../../src/store/store.js';

const CONTEXT = 'podlife-local';
const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const lifecycle = JSON.parse(readFileSync(`${dir}lifecycle-running.json`, 'utf8')) as PodJson;
const captured = (JSON.parse(readFileSync(`${dir}events.json`, 'utf8')) as { items: EventJson[] }).items;
const killing = captured.find((e) => e.reason === 'Killing' && e.involvedObject?.name === 'lifecycle')!;
const hookFailed = captured.find((e) => e.reason === 'FailedPreStopHook')!;

const t0 = Date.parse('2026-11-25T09:00:00Z');
const rec = (t: number, type: string, data: unknown): RawRecord => ({ t, type, context: CONTEXT, data });
/** A captured event, about another pod (name and uid of a pod podlife never listed). */
const about = (event: EventJson, name: string, i: number): EventJson => ({
  ...event,
  metadata: { ...event.metadata, name: `${name}.${i}`, uid: `event-${i}` },
  involvedObject: { ...event.involvedObject, name, uid: `pod-${i}` },
});

function watch() {
  const store = new Store({ frameMs: 0 });
  const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
  feed.apply(rec(t0, 'k8s.pods.list', { items: [lifecycle], resourceVersion: '1' }));
  return { store, feed, inView: `k8s/${CONTEXT}/${lifecycle.metadata!.namespace}/lifecycle` };
}

describe('memory from events of pods not in view', () => {
  it('10,000 Killing / FailedPreStopHook events: bounded while they come, nothing left after a relist', () => {
    const { store, feed, inView } = watch();
    // The pod in view gets its own Killing: that must survive.
    feed.apply(rec(t0 + 1, 'k8s.event', { type: 'ADDED', object: killing }));
    for (let i = 0; i < 10_000; i++) {
      const event = about(i % 2 ? hookFailed : killing, `ghost-${i}`, i);
      feed.apply(rec(t0 + 2 + i, 'k8s.event', { type: 'ADDED', object: event }));
    }
    expect(feed.rememberedPods).toBeLessThanOrEqual(1 + MAX_EVENT_ONLY_PODS);
    expect(store.sizes().eventGroups).toBeLessThanOrEqual(1 + MAX_EVENT_ONLY_GROUPS);

    feed.apply(rec(t0 + 20_000, 'k8s.pods.list', { items: [lifecycle], resourceVersion: '2' }));
    expect(feed.rememberedPods).toBe(1);
    expect(store.sizes()).toMatchObject({ rows: 1, groups: 1, eventGroups: 1 });
    expect(store.eventsFor(inView).map((e) => e.reason)).toEqual(['Killing']);
  });

  it('a Killing that comes after its pod\'s DELETED reaches the dimmed row, and gives the gone pod no memory', () => {
    const { store, feed } = watch();
    const pod = { ...lifecycle, metadata: { ...lifecycle.metadata, name: 'fast', uid: 'pod-1' } } as PodJson;
    feed.apply(rec(t0 + 1, 'k8s.pod', { type: 'ADDED', object: pod }));
    feed.apply(rec(t0 + 2, 'k8s.pod', { type: 'DELETED', object: pod }));
    feed.apply(rec(t0 + 3, 'k8s.event', { type: 'ADDED', object: about(killing, 'fast', 1) }));
    const key = `k8s/${CONTEXT}/${lifecycle.metadata!.namespace}/fast`;
    expect(store.eventsFor(key).map((e) => e.reason)).toEqual(['Killing']);
    expect(feed.rememberedPods).toBe(1);
    // An event that names no uid (one posted by hand) is taken for the gone pod too.
    const { uid: _uid, ...noUid } = about(hookFailed, 'fast', 2).involvedObject!;
    feed.apply(rec(t0 + 4, 'k8s.event', { type: 'ADDED', object: { ...about(hookFailed, 'fast', 2), involvedObject: noUid } }));
    expect(feed.rememberedPods).toBe(1);
    // A new pod under the name (a StatefulSet's) whose event comes first is remembered.
    feed.apply(rec(t0 + 5, 'k8s.event', { type: 'ADDED', object: about(killing, 'fast', 3) }));
    expect(feed.rememberedPods).toBe(2);
  });

  it('an event that comes before its pod is kept until the pod arrives', () => {
    const { store, feed } = watch();
    const early = about(killing, 'newcomer', 1);
    feed.apply(rec(t0 + 1, 'k8s.event', { type: 'ADDED', object: early }));
    const pod = { ...lifecycle, metadata: { ...lifecycle.metadata, name: 'newcomer', uid: 'pod-1' } } as PodJson;
    feed.apply(rec(t0 + 2, 'k8s.pod', { type: 'ADDED', object: pod }));
    const key = `k8s/${CONTEXT}/${lifecycle.metadata!.namespace}/newcomer`;
    expect(store.eventsFor(key).map((e) => e.reason)).toEqual(['Killing']);
    // Now in view, a relist keeps it.
    feed.apply(rec(t0 + 3, 'k8s.pods.list', { items: [lifecycle, pod], resourceVersion: '3' }));
    expect(store.eventsFor(key).map((e) => e.reason)).toEqual(['Killing']);
    expect(feed.rememberedPods).toBe(2);
  });
});
