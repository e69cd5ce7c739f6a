// Readiness flaps as podlife saw them: each change of `ready` within a run is a transition
// of the row, and a moment on its timeline (detail pane, `podlife timeline`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { buildTimeline } from '../../src/lifecycle/timeline.js';
import { formatTimeline } from '../../src/render/timeline-text.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { Store } from '../../src/store/store.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const CONTEXT = 'podlife-local';

/** The captured crash-loop pod, its container Running in a run with a readiness probe. */
function probed(startedAt: string, ready: boolean): PodJson {
  const pod = JSON.parse(readFileSync(`${dir}crash-loop-backoff.json`, 'utf8')) as PodJson;
  pod.spec!.containers![0]!.readinessProbe = { periodSeconds: 1, failureThreshold: 1 };
  const s = pod.status!.containerStatuses![0]!;
  Object.assign(s, { state: { running: { startedAt } }, started: true, ready, containerID: 'containerd://run3', restartCount: 3 });
  pod.status!.phase = 'Running';
  return pod;
}

describe('readiness flaps on the timeline', () => {
  it('each change of ready within a run is a moment on the timeline, at its sighting', () => {
    const run = Date.parse('2026-11-25T07:46:00Z');
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    let now = run;
    const store = new Store({ clock: () => now });
    const f = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
    const show = (ready: boolean, at: number) => {
      now = at;
      f.apply({ t: at, type: 'k8s.pod', context: CONTEXT, data: { type: 'MODIFIED', object: probed(iso(run), ready) } });
    };
    show(false, run + 300);
    show(true, run + 4000);
    show(false, run + 9000);
    show(false, run + 9500); // nothing changed: no moment
    show(true, run + 15_000);
    store.dispose();
    const row = store.allRows()[0]!;
    const segments = buildTimeline({ row, transitions: store.transitions(row.key), events: [], now: run + 16_000, watchStartedAt: run });
    expect(segments.filter((s) => s.phase === 'readiness').map((s) => [s.label, s.from])).toEqual([
      ['ready', run + 4000],
      ['not ready', run + 9000],
      ['ready', run + 15_000],
    ]);
    expect(formatTimeline(segments, run + 16_000).filter((l) => / ready \(/.test(l))).toHaveLength(3);
  });
});
