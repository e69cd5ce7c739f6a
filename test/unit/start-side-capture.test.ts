// The start side replayed from the local cluster's own watch streams
// (test/cluster/capture-start-fixtures.sh): pods and their namespace's events, each line
// with the moment it was received, fed in that order through the feed into a Store, as a
// live session sees them. What the rows must say comes from the objects themselves: the
// status the API served, the kubelet's events.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { buildTimeline } from '../../src/lifecycle/timeline.js';
import { cellText } from '../../src/render/row-cells.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { Store } from '../../src/store/store.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/start/', import.meta.url));
const CONTEXT = 'podlife-local';

interface Line {
  t: number;
  kind: 'pod' | 'event';
  event: { type: string; object: PodJson & EventJson };
}

const lines = (file: string, kind: Line['kind']): Line[] =>
  readFileSync(`${dir}${file}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ ...(JSON.parse(l) as Omit<Line, 'kind'>), kind }));

/** Both streams in the order they were received. */
const STREAM = [...lines('watch-pods.ndjson', 'pod'), ...lines('watch-events.ndjson', 'event')].sort((a, b) => a.t - b.t);

interface Moment {
  line: Line;
  rows: (pod: string) => ContainerRow[];
  store: Store;
}

/** Replays the streams; `at` is called after each line with the rows as they are then. */
function replay(at: (m: Moment) => void = () => undefined): Store {
  let now = STREAM[0]!.t;
  const store = new Store({ clock: () => now });
  const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
  for (const line of STREAM) {
    now = line.t;
    feed.apply({ t: line.t, type: line.kind === 'pod' ? 'k8s.pod' : 'k8s.event', context: CONTEXT, data: line.event });
    at({ line, rows: (pod) => store.allRows().filter((r) => r.group === pod), store });
  }
  store.dispose();
  return store;
}

const podLines = (name: string) => STREAM.filter((l) => l.kind === 'pod' && l.event.object.metadata?.name === name);
const eventLines = (pod: string, reason: string) => STREAM.filter((l) => l.kind === 'event' && l.event.object.involvedObject?.name === pod && l.event.object.reason === reason);

describe('captured: a postStart that sleeps 6 s', () => {
  it('from the Started event to Running the row says postStart, since that sighting; the API said ContainerCreating all along', () => {
    const started = eventLines('poststart-sleep', 'Started')[0]!;
    const running = podLines('poststart-sleep').find((l) => l.event.object.status?.containerStatuses?.[0]?.state?.running)!;
    // The kubelet's order: Started, the 6 s hook, then Running.
    expect(running.t - started.t).toBeGreaterThan(5000);
    let during = 0;
    replay(({ line, rows, store }) => {
      const row = rows('poststart-sleep')[0];
      if (!row) return;
      if (line.t >= started.t && line.t < running.t) {
        during++;
        expect(row).toMatchObject({ state: 'Waiting', reason: 'ContainerCreating', start: { postStart: { since: started.t } } });
        expect(cellText(row, 'reason', started.t + 3200)).toBe('postStart 3.2s…');
        // On the timeline: an open postStart segment from the Started event.
        const segment = buildTimeline({ row, transitions: store.transitions(row.key), events: store.eventsFor(row.groupKey), now: started.t + 3200 }).find((x) => x.phase === 'postStart');
        expect(segment).toMatchObject({ from: started.t, seconds: 3.2, known: true });
        expect(segment?.to).toBeUndefined();
      } else {
        expect(row.start, `at ${line.t - started.t} ms from Started`).toBeUndefined();
      }
    });
    expect(during).toBeGreaterThan(0);
  });
});

describe('captured: a readiness probe flipped by exec', () => {
  it('each flip the API reported is a moment on the timeline; not ready since the flip seen', () => {
    const flips = podLines('flapper').filter((l, i, all) => {
      const ready = l.event.object.status?.containerStatuses?.[0]?.ready;
      const before = all.slice(0, i).reverse().find((b) => b.event.object.status?.containerStatuses?.[0]?.state?.running);
      return l.event.object.status?.containerStatuses?.[0]?.state?.running && before !== undefined && before.event.object.status!.containerStatuses![0]!.ready !== ready;
    });
    expect(flips.map((l) => l.event.object.status!.containerStatuses![0]!.ready)).toEqual([true, false, true]);
    const notReadyFlip = flips[1]!;
    let notReadySince: number | undefined;
    const store = replay(({ line, rows }) => {
      if (line === notReadyFlip) notReadySince = rows('flapper')[0]?.start?.notReady?.since;
    });
    expect(notReadySince).toBe(notReadyFlip.t);
    const row = store.allRows().find((r) => r.group === 'flapper')!;
    const moments = buildTimeline({ row, transitions: store.transitions(row.key), events: [], now: STREAM.at(-1)!.t }).filter((s) => s.phase === 'readiness');
    expect(moments.map((m) => [m.label, m.from])).toEqual(flips.map((l) => [l.event.object.status!.containerStatuses![0]!.ready ? 'ready' : 'not ready', l.t]));
  });
});

describe('captured: a startup probe that never passes', () => {
  it('counts the failures of each run from the Unhealthy events, and starts again at 0 after the restart', () => {
    const unhealthy = eventLines('never-starts', 'Unhealthy');
    expect(unhealthy.length).toBeGreaterThan(1);
    const shown: string[] = [];
    let checked = 0;
    replay(({ line, rows }) => {
      const row = rows('never-starts')[0];
      if (!row) return;
      const text = cellText(row, 'reason', line.t);
      if (shown.at(-1) !== text) shown.push(text);
      const p = row.start?.startupProbe;
      if (!p || !unhealthy.includes(line)) return;
      checked++;
      // Failures of this run: the kubelet's count for the event, less its last count stamped before the run started.
      const before = unhealthy.filter((u) => u.t < line.t && Date.parse(u.event.object.lastTimestamp!) < row.startedAt!).at(-1)?.event.object.count ?? 0;
      expect(p.failures, `count ${line.event.object.count} in the run from ${row.startedAt}`).toBe((line.event.object.count ?? 1) - before);
    });
    // Watched from the start, with every event: counted, never estimated.
    expect(shown.filter((x) => x.includes('~'))).toEqual([]);
    // Every failure of the three runs was counted (the last of each kills, so the row may have left Running).
    expect(checked).toBeGreaterThanOrEqual(unhealthy.length - 3);
    const counts = shown.map((s) => /^startup probe (\d)\/4$/.exec(s)?.[1]).filter((n): n is string => n !== undefined).map(Number);
    // Up within a run, back down after the kubelet's restart.
    expect(counts.some((n, i) => i > 0 && n < counts[i - 1]!)).toBe(true);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
  });
});

describe('captured: three init containers', () => {
  it("init 0/3 → 1/3 → 2/3 on the app's row while they run, as the statuses say", () => {
    const shown: string[] = [];
    replay(({ rows }) => {
      const app = rows('three-inits').find((r) => r.name === 'app');
      const text = app && cellText(app, 'reason', 0);
      if (text && shown.at(-1) !== text) shown.push(text);
    });
    expect(shown.filter((s) => s.startsWith('init '))).toEqual(['init 0/3', 'init 1/3', 'init 2/3']);
  });
});

describe('captured: aggregated events (the same Event object, its count rising)', () => {
  it('a repeated Unhealthy or BackOff is kept once, as its latest count; each Started, Created and Pulled is kept', () => {
    const store = replay();
    const groupKey = (pod: string) => `k8s/${CONTEXT}/${STREAM[0]!.event.object.metadata!.namespace}/${pod}`;
    const events = (pod: string, reason: string) => store.eventsFor(groupKey(pod)).filter((e) => e.reason === reason);
    for (const [pod, reason] of [['flapper', 'Unhealthy'], ['never-starts', 'Unhealthy'], ['never-starts', 'BackOff']] as const) {
      const sent = eventLines(pod, reason);
      expect(new Set(sent.map((l) => l.event.object.metadata?.uid)).size).toBe(1); // one object, many counts
      expect(sent.length).toBeGreaterThan(1);
      const kept = events(pod, reason);
      expect(kept).toHaveLength(1);
      expect(kept[0]!.message).toBe(sent.at(-1)!.event.object.message);
    }
    // never-starts restarted: each start's Started, Created and Pulled is its own moment,
    // also when the kubelet counts them up on one Event object.
    for (const reason of ['Started', 'Created', 'Pulled']) {
      const sent = eventLines('never-starts', reason);
      expect(sent.length).toBeGreaterThan(1);
      expect(events('never-starts', reason)).toHaveLength(sent.length);
    }
  });
});
