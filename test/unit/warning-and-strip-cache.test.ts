// A row's warning mark and strip are worked out again only when what they are made of
// changed: its pod's rows or events, the width, or the second (a pod's warnings only while
// one of its containers is stopping). A pod's warnings are worked out once for all its
// containers, and another pod's news changes nothing here.
import { describe, expect, it } from 'vitest';
import type { ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import { Store } from '../../src/store/store.js';
import { WarningAndStripCache } from '../../src/ui/warning-and-strip-cache.js';
import { dockerRow } from '../support/rows.js';

function setup() {
  const base = dockerRow('running');
  // Two seconds into the containers' run: their strips say how long they have been up.
  let now = base.startedAt! + 2000;
  const store = new Store({ clock: () => now, frameMs: 0 });
  const sink = store.sinkFor('docker', 'default');
  const pod = (group: string): ContainerRow[] =>
    ['app', 'sidecar', 'proxy'].map((name, order) => ({ ...base, group, groupKey: `docker/default/${group}`, key: `docker/default/${group}/${name}`, name, order }));
  const a = pod('a');
  const b = pod('b');
  sink.resync([...a, ...b]);
  const event = (rows: ContainerRow[]): LifecycleEvent => ({ at: now, groupKey: rows[0]!.groupKey, type: 'Normal', reason: 'Pulled', message: 'image pulled' });
  const watchStartedAt = now - 60_000;
  const cache = new WarningAndStripCache(store, () => watchStartedAt);
  // A cache that remembers nothing yet: what the rows show when worked out from scratch.
  const fresh = () => new WarningAndStripCache(store, () => watchStartedAt);
  return { store, sink, a, b, event, cache, fresh, tick: (ms: number) => (now += ms) };
}

describe('WarningAndStripCache', () => {
  it("works out a pod's warnings once for all its containers, and again only when the pod changes, or the second while it is stopping", () => {
    const { sink, a, b, event, cache, tick } = setup();
    const first = a.map((row) => cache.get(row, 40));
    expect(cache.warningsComputed).toBe(1);
    expect(a.map((row) => cache.get(row, 40))).toEqual(first);
    expect(a.every((row, i) => cache.get(row, 40) === first[i])).toBe(true); // the same objects: nothing worked out again

    sink.event(event(b)); // news about another pod
    expect(a.every((row, i) => cache.get(row, 40) === first[i])).toBe(true);
    expect(cache.warningsComputed).toBe(1);

    sink.event(event(a));
    a.forEach((row) => cache.get(row, 40));
    expect(cache.warningsComputed).toBe(2);

    // No container of the pod is stopping: its warnings are the same at any moment.
    tick(1000);
    a.forEach((row) => cache.get(row, 40));
    expect(cache.warningsComputed).toBe(2);

    // One is: a stop's warnings change with time (a sidecar past its deadline), so each second.
    const stopping = { ...a[0]!, termination: { requestedAt: 0, graceSeconds: 10, deadline: 10_000, hasPreStop: false } };
    sink.upsertGroup(a[0]!.groupKey, [stopping, a[1]!, a[2]!]);
    cache.get(stopping, 40);
    expect(cache.warningsComputed).toBe(3);
    cache.get(stopping, 40);
    expect(cache.warningsComputed).toBe(3);
    tick(1000);
    cache.get(stopping, 40);
    expect(cache.warningsComputed).toBe(4);
  });

  it("builds a row's timeline again only when its pod changes; as the seconds turn its strip moves on as one built afresh", () => {
    const { sink, a, event, cache, fresh, tick } = setup();
    a.forEach((row) => cache.get(row, 60));
    expect(cache.timelinesBuilt).toBe(3);
    const shown = new Set<string>();
    for (const seconds of [1, 7, 50, 3600]) {
      tick(seconds * 1000);
      const strips = a.map((row) => cache.get(row, 60).strip);
      expect(strips).toEqual(a.map((row) => fresh().get(row, 60).strip));
      shown.add(strips[0]!);
    }
    expect(shown.size).toBe(4); // the strips did move with the clock
    expect(cache.timelinesBuilt).toBe(3);
    sink.event(event(a));
    a.forEach((row) => cache.get(row, 60));
    expect(cache.timelinesBuilt).toBe(6);
  });

  it("works out a row's strip again when a sibling row changes or the width does", () => {
    const { store, sink, a, cache } = setup();
    const before = cache.get(a[0]!, 40);
    sink.upsertGroup(a[0]!.groupKey, [a[0]!, { ...a[1]!, restartCount: 3 }, a[2]!]);
    expect(store.row(a[0]!.key)).toBe(a[0]); // this row itself is unchanged…
    expect(cache.get(a[0]!, 40)).not.toBe(before); // …but its pod is
    const again = cache.get(a[0]!, 40);
    expect(cache.get(a[0]!, 20)).not.toBe(again);
  });
});
