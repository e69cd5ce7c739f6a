// A pod none of whose containers is being stopped has the same lifecycle warnings at any
// moment: the dashboard works its warnings out again only when it changes, not each second
// (ui/warning-and-strip-cache.ts). Checked over arbitrary pods and events through the real
// mapping and store, at moments far apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifecycleWarnings } from '../../src/lifecycle/warnings.js';
import { podAndEventNews, storeAfter } from './property-store.js';

describe('warnings of a pod with no container stopping', () => {
  it('are the same at any moment', () => {
    let checked = 0;
    let withWarnings = 0;
    fc.assert(
      fc.property(podAndEventNews, fc.nat(1e9), (news, later) => {
        const { store, lastAt: t } = storeAfter(news);
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
