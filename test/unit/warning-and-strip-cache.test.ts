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
  let now = 1_700_000_000_000;
  const store = new Store({ clock: () => now, frameMs: 0 });
  const sink = store.sinkFor('docker', 'default');
  const base = dockerRow('running');
  const pod = (group: string): ContainerRow[] =>
    ['app', 'sidecar', 'proxy'].map((name, order) => ({ ...base, group, groupKey: `docker/default/${group}`, key: `docker/default/${group}/${name}`, name, order }));
  const a = pod('a');
  const b = pod('b');
  sink.resync([...a, ...b]);
  const event = (rows: ContainerRow[]): LifecycleEvent => ({ at: now, groupKey: rows[0]!.groupKey, type: 'Normal', reason: 'Pulled', message: 'image pulled' });
  const cache = new WarningAndStripCache(store, () => now - 60_000);
  return { store, sink, a, b, event, cache, tick: (ms: number) => (now += ms) };
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
