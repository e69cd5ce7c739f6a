// A container that is not being stopped has the same timeline a while later but for the
// lengths of its segments still going: the dashboard builds a row's timeline again only
// when its pod changes, and moves those lengths on each second (timelineAsOf). Checked
// against buildTimeline at the later moment, over arbitrary pods and events through the
// real mapping and store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTimeline, timelineAsOf } from '../../src/lifecycle/timeline.js';
import { podAndEventNews, storeAfter } from './property-store.js';

describe('timelineAsOf', () => {
  it('gives what buildTimeline gives later, for a container not being stopped', () => {
    let checked = 0;
    let moved = 0;
    fc.assert(
      fc.property(podAndEventNews, fc.nat(1e8), fc.boolean(), (news, later, watched) => {
        const { store, firstAt, lastAt: t } = storeAfter(news);
        const watchStartedAt = watched ? firstAt : undefined;
        for (const row of store.allRows()) {
          if (row.termination) continue;
          const at = (now: number) => buildTimeline({ row, transitions: store.transitions(row.key), events: store.eventsFor(row.groupKey), now, watchStartedAt });
          const first = at(t);
          const then = at(t + 1 + later);
          expect(timelineAsOf(first, t + 1 + later)).toEqual(then);
          checked++;
          if (JSON.stringify(then) !== JSON.stringify(first)) moved++;
        }
        store.dispose();
      }),
      { numRuns: 1000 },
    );
    // Not an empty claim: many rows checked, and in many the timeline did move with the clock.
    expect(checked).toBeGreaterThan(1000);
    expect(moved).toBeGreaterThan(15);
  });
});
