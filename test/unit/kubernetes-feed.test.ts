import { describe, expect, it } from 'vitest';
import { containerFromFieldPath, KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { viewTermination } from '../../src/lifecycle/termination.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { deleting, lifecyclePod, ms, podEvent, runningStatus, terminatedStatus } from './kubernetes-pod-objects.js';
import { RecordingSink } from './kubernetes-sink.js';

const CONTEXT = 'podlife-local';
const GROUP = 'k8s/podlife-local/demo/lifecycle';
const rec = (type: string, t: number, data: unknown): RawRecord => ({ t, type, context: CONTEXT, data });

function setup() {
  const sink = new RecordingSink();
  const feed = new KubernetesFeed(sink, CONTEXT);
  return { sink, feed };
}

describe('KubernetesFeed: pods', () => {
  it('a list resyncs every row; watch events upsert and remove groups', () => {
    const { sink, feed } = setup();
    const other = { ...lifecyclePod(), metadata: { ...lifecyclePod().metadata, name: 'other', uid: 'u2' } };
    feed.apply(rec('k8s.pods.list', ms(1), { items: [lifecyclePod(), other], resourceVersion: '10' }));
    expect(sink.last('resync')?.rows.map((r) => r.key)).toEqual([`${GROUP}/lifecycle`, 'k8s/podlife-local/demo/other/lifecycle']);

    feed.apply(rec('k8s.pod', ms(3), { type: 'MODIFIED', object: lifecyclePod({ status: runningStatus(2) }) }));
    expect(sink.last('upsert')).toMatchObject({ groupKey: GROUP, rows: [{ state: 'Running' }] });

    feed.apply(rec('k8s.pod', ms(4), { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '12' } } }));
    expect(sink.calls).toHaveLength(2);

    feed.apply(rec('k8s.pod', ms(9), { type: 'DELETED', object: lifecyclePod() }));
    expect(sink.last('remove')).toEqual({ kind: 'remove', groupKey: GROUP, at: ms(9) });
  });

  // A watch read on the reader thread: the record was taken in (t) after a busy frame, its
  // bytes had arrived (arrivedAt) before. The sighting, and the deadline from it, is the arrival.
  it('places a delete at its bytes\' arrival when that was stamped apart from when it was taken in', () => {
    const { sink, feed } = setup();
    const arrived = ms(60) + 300;
    feed.apply({ ...rec('k8s.pod', ms(60) + 900, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }), arrivedAt: arrived });
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: arrived, deadline: arrived + 30_000 });
  });

  it('keeps the first sighting of the delete across later updates', () => {
    const { sink, feed } = setup();
    const firstSeen = ms(60) + 300;
    feed.apply(rec('k8s.pod', firstSeen, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    feed.apply(rec('k8s.pod', ms(66), { type: 'MODIFIED', object: deleting(lifecyclePod({ status: terminatedStatus(0, 2, 65) }), 60, 30) }));
    const t = sink.last('upsert')?.rows[0]?.termination;
    expect(t).toMatchObject({ requestedAt: firstSeen, deadline: firstSeen + 30_000, exitCode: 0, hasPreStop: true });
    // Exit stamped 65 s (whole seconds: 65.0–65.99), first seen at 66 s: within that second.
    expect(t?.exitedAt).toBeGreaterThanOrEqual(ms(65));
    expect(t?.exitedAt).toBeLessThan(ms(66));
  });

  it('a relist at startup of a pod already deleting falls back to the server times', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pods.list', ms(80), { items: [deleting(lifecyclePod({ status: runningStatus() }), 60, 30)], resourceVersion: '5' }));
    expect(sink.last('resync')?.rows[0]?.termination?.requestedAt).toBe(ms(60));
  });

  it('a relist drops pods that went away while the watch was down', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pods.list', ms(1), { items: [lifecyclePod()], resourceVersion: '1' }));
    feed.apply(rec('k8s.pods.list', ms(20), { items: [], resourceVersion: '9' }));
    expect(sink.last('resync')?.rows).toEqual([]);
  });
});

describe('KubernetesFeed: events', () => {
  it('passes events on with their container and pod uid, and pins live ones to the receive time', () => {
    const { sink, feed } = setup();
    const pulled = podEvent('Pulled', 'Successfully pulled image "busybox:podlife"', 10);
    feed.apply(rec('k8s.event', ms(10) + 250, { type: 'ADDED', object: pulled }));
    expect(sink.last('event')?.event).toEqual({
      at: ms(10) + 250,
      groupKey: GROUP,
      uid: pulled.involvedObject!.uid,
      container: 'lifecycle',
      type: 'Normal',
      reason: 'Pulled',
      message: 'Successfully pulled image "busybox:podlife"',
    });
    // Listed long after: the server's stamp stands.
    feed.apply(rec('k8s.events.list', ms(500), { items: [podEvent('BackOff', 'Back-off restarting failed container', 20)] }));
    expect(sink.last('event')?.event).toMatchObject({ at: ms(20), type: 'Warning', reason: 'BackOff' });
  });

  it('FailedPreStopHook ends the hook phase, and later pod updates keep it', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(60), { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    feed.apply(rec('k8s.event', ms(61) + 100, { type: 'ADDED', object: podEvent('FailedPreStopHook', 'PreStopHook failed', 61) }));
    // Stamped 61 s, received at 61.1 s: the hook failed in between.
    const hookEnd = sink.last('upsert')?.rows[0]?.termination?.hookEndedAt;
    expect(hookEnd).toBeGreaterThanOrEqual(ms(61));
    expect(hookEnd).toBeLessThanOrEqual(ms(61) + 100);
    feed.apply(rec('k8s.pod', ms(62), { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    expect(sink.last('upsert')?.rows[0]?.termination?.hookEndedAt).toBe(hookEnd);
  });

  it('ignores hook events of an earlier pod with the same name', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(60), { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    const stale = podEvent('FailedPreStopHook', 'old pod', 61, { involvedObject: { kind: 'Pod', namespace: 'demo', name: 'lifecycle', uid: 'older-uid', fieldPath: 'spec.containers{lifecycle}' } });
    feed.apply(rec('k8s.event', ms(61), { type: 'ADDED', object: stale }));
    // The hook's end stays the one its `sleep 5` gives (from 65 s on), not the stale event's.
    const t = sink.last('upsert')?.rows[0]?.termination;
    expect(t).toMatchObject({ hookEndFrom: ms(65) });
    expect(t?.hookEndedAt).toBeUndefined();
  });

  it('events that arrive before their pod still count once it shows up', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.event', ms(50), { type: 'ADDED', object: podEvent('Killing', 'Stopping container lifecycle', 50) }));
    feed.apply(rec('k8s.pod', ms(51), { type: 'MODIFIED', object: lifecyclePod({ status: runningStatus(2) }) }));
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(50), graceSeconds: 30 });
  });
});

describe('KubernetesFeed: status and clock offset', () => {
  it('a prompt sighting just past the second the offset places the delete in still pins it, within the offset\'s uncertainty', () => {
    const { sink, feed } = setup();
    // The Date headers leave the offset known to ±300 ms, best guess +200 ms: the server's
    // second 60 maps to local 59.8–60.8, and the delete was seen at local 60.9.
    feed.apply(rec('status', ms(50), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(50), clockOffsetMs: 200, clockOffsetUncertaintyMs: 300 }));
    feed.apply(rec('k8s.pod', ms(60) + 900, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    expect(sink.last('upsert')?.rows[0]?.termination?.requestedAt).toBe(ms(60) + 900);
    // Seen later than the uncertainty allows (a relist): the stamp stands.
    const late = setup();
    late.feed.apply(rec('status', ms(50), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(50), clockOffsetMs: 200, clockOffsetUncertaintyMs: 300 }));
    late.feed.apply(rec('k8s.pod', ms(61) + 200, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    expect(late.sink.last('upsert')?.rows[0]?.termination?.requestedAt).toBe(ms(60) - 200);
  });

  it('an event is stamped no later than it was seen: a Killing second the offset places after its sighting does not hold a failed hook on screen', () => {
    const { sink, feed } = setup();
    // The Date headers put the server 60 ms behind (±64 ms); it is not: its second 60 maps
    // to local 60.06. The delete is seen at 60.01, its Killing event at 60.02, and the
    // hook's failure at 60.03.
    feed.apply(rec('status', ms(50), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(50), clockOffsetMs: -60, clockOffsetUncertaintyMs: 64 }));
    feed.apply(rec('k8s.pod', ms(60) + 10, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    feed.apply(rec('k8s.event', ms(60) + 20, { type: 'ADDED', object: podEvent('Killing', 'Stopping container lifecycle', 60) }));
    feed.apply(rec('k8s.event', ms(60) + 30, { type: 'ADDED', object: podEvent('FailedPreStopHook', 'PreStopHook failed', 60) }));
    const t = sink.last('upsert')?.rows[0]?.termination;
    // FailedPreStopHook: the hook is over and TERM follows at once, from the sighting on.
    expect(t?.hookEndedAt).toBeLessThanOrEqual(ms(60) + 30);
    expect(viewTermination(t!, ms(60) + 30).phase).toBe('term');
  });

  it('a stop seen before the clock offset was known moves with the better offset', () => {
    const { sink, feed } = setup();
    // Seen 0.4 s into the delete's second while the offset was still taken as 0…
    feed.apply(rec('k8s.pod', ms(60) + 400, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus() }), 60, 30) }));
    expect(sink.last('upsert')?.rows[0]?.termination?.requestedAt).toBe(ms(60) + 400);
    // …then the Date headers say the server runs 2 s behind: its second 60 is local 62–63,
    // so the sighting at local 60.4 came before it and cannot pin it; the stamp stands.
    feed.apply(rec('status', ms(61), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(61), clockOffsetMs: -2000 }));
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(62), deadline: ms(92) });
  });


  it('an offset refined within a second maps again only the pods whose rows place moments inside a second', () => {
    const { sink, feed } = setup();
    const steadyPod = { ...lifecyclePod({ status: runningStatus(2) }), metadata: { ...lifecyclePod().metadata, name: 'steady', uid: 'u-steady' } };
    feed.apply(rec('k8s.pod', ms(3), { type: 'ADDED', object: steadyPod }));
    feed.apply(rec('k8s.pod', ms(60) + 400, { type: 'MODIFIED', object: deleting(lifecyclePod({ status: runningStatus(2) }), 60, 30) }));
    const status = (offset: number) => rec('status', ms(61), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(61), clockOffsetMs: offset, clockOffsetUncertaintyMs: 100 });
    // The first Date headers narrow the offset by 300 ms: the running, ready pod's start
    // (stamped in whole seconds) stays as it was; the stopping pod's moments move.
    let before = sink.all('upsert').length;
    feed.apply(status(300));
    expect(sink.all('upsert').slice(before).map((c) => c.groupKey)).toEqual([GROUP]);
    // A clock stepped by a second or more moves every pod.
    before = sink.all('upsert').length;
    feed.apply(status(2300));
    expect(sink.all('upsert').slice(before).map((c) => c.groupKey).sort()).toEqual([GROUP, 'k8s/podlife-local/demo/steady'].sort());
  });

  it('forwards status and redraws pods when the clock offset changes', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(3), { type: 'ADDED', object: lifecyclePod({ status: runningStatus(2) }) }));
    feed.apply(rec('status', ms(4), { source: 'kubernetes', context: CONTEXT, state: 'live', since: ms(4), clockOffsetMs: 3000 }));
    expect(sink.last('status')?.status).toMatchObject({ state: 'live', clockOffsetMs: 3000 });
    expect(sink.last('upsert')?.rows[0]?.startedAt).toBe(ms(2) - 3000);
  });
});

describe('containerFromFieldPath', () => {
  it.each([
    ['spec.containers{web}', 'web'],
    ['spec.initContainers{migrate}', 'migrate'],
    ['spec.ephemeralContainers{debugger-x}', 'debugger-x'],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (path, name) => expect(containerFromFieldPath(path)).toBe(name));
});

describe('KubernetesFeed: a delete this session made', () => {
  // The delete stamped 60 (deletionTimestamp 90, grace 30), the watch bringing it at 60.6.
  // podlife's own request went out at 60.4 and was answered at 60.5: the delete was made in
  // between, so the lifecycle pod's exec `sleep 5` may end from 65.4, not from 65.0 (the
  // stamped second's start, all a sighting alone can say), and was made by 60.5.
  const stopping = () => deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
  const ownDelete = (extra: object = {}) =>
    rec('k8s.podlife.delete', ms(60) + 500, { namespace: 'demo', name: 'lifecycle', uid: lifecyclePod().metadata?.uid, graceSeconds: 30, by: 'Ctrl-D', sentAt: ms(60) + 400, answeredAt: ms(60) + 500, deletionTimestamp: stopping().metadata?.deletionTimestamp, ...extra });

  it('narrows when it was made to between the request and its answer, whichever came first', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(59), { type: 'MODIFIED', object: lifecyclePod({ status: runningStatus() }) }));
    feed.apply(rec('k8s.pod', ms(60) + 600, { type: 'MODIFIED', object: stopping() }));
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(60) + 600, hookMayEndFrom: ms(65) });
    feed.apply(ownDelete());
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(60) + 500, hookMayEndFrom: ms(65) + 400 });
    expect(sink.last('upsert')?.rows[0]?.cause?.kind).toBe('podlife');
  });

  it('the answer may come before the watch brings the pod', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(59), { type: 'MODIFIED', object: lifecyclePod({ status: runningStatus() }) }));
    feed.apply(ownDelete());
    feed.apply(rec('k8s.pod', ms(60) + 600, { type: 'MODIFIED', object: stopping() }));
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(60) + 500, hookMayEndFrom: ms(65) + 400 });
  });

  it('says nothing of a pod already stopping before the request went out (another delete came first)', () => {
    const { sink, feed } = setup();
    feed.apply(rec('k8s.pod', ms(60) + 200, { type: 'MODIFIED', object: stopping() }));
    feed.apply(ownDelete());
    expect(sink.last('upsert')?.rows[0]?.termination).toMatchObject({ requestedAt: ms(60) + 200, hookMayEndFrom: ms(65) });
  });
});
