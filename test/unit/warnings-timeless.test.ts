// A pod none of whose containers is being stopped has the same lifecycle warnings at any
// moment: the dashboard works its warnings out again only when it changes, not each second
// (ui/warning-and-strip-cache.ts). Checked over arbitrary pods and events through the real
// mapping and store, at moments far apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifecycleWarnings } from '../../src/lifecycle/warnings.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { K8S_RECORD, KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { event, pod } from './property-arbitraries.js';
import { checkingSink } from './property-sink.js';

const record = fc.oneof(
  fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED'), object: pod() }).map((data) => ({ type: K8S_RECORD.pod, data })),
  event.map((data) => ({ type: K8S_RECORD.event, data })),
);

describe('warnings of a pod with no container stopping', () => {
  it('are the same at any moment', () => {
    let checked = 0;
    let withWarnings = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.nat(1e6)), { minLength: 1, maxLength: 12 }), fc.nat(1e9), (records, later) => {
        const { sink, store } = checkingSink('kubernetes', 'ctx');
        const feed = new KubernetesFeed(sink, 'ctx');
        let t = 1_700_000_000_000;
        for (const [r, dt] of records) feed.apply({ t: (t += dt), context: 'ctx', ...r } as RawRecord);
        for (const groupKey of new Set(store.allRows().map((row) => row.groupKey))) {
          const rows = store.groupRows(groupKey);
          if (rows.some((row) => row.termination)) continue;
          const at = (now: number) => lifecycleWarnings({ rows, events: store.eventsFor(groupKey), transitions: (key) => store.transitions(key), now });
          const first = at(t);
          expect(at(t + 1 + later)).toEqual(first);
          checked++;
          if (first.length > 0) withWarnings++;
        }
        store.dispose();
      }),
      { numRuns: 400 },
    );
    // Not an empty claim: many such pods were checked, and some of them had warnings.
    expect(checked).toBeGreaterThan(100);
    expect(withWarnings).toBeGreaterThan(10);
  });
});
