// Property tests: arbitrary pods, container statuses and events through the Kubernetes
// mapping (podToRows) and feed (KubernetesFeed → Store). Never throws, every row has a
// state in {Waiting, Running, Terminated}, keys are unique.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { K8S_RECORD, KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { connectionStatus, event, pod } from './property-arbitraries.js';
import { checkRows, checkingSink } from './property-sink.js';

const RUNS = { numRuns: 400 };

describe('podToRows on arbitrary pods', () => {
  it('never throws; states valid; keys unique (duplicate container names included)', () => {
    fc.assert(
      fc.property(pod(), fc.integer({ min: -1e7, max: 1e7 }), (p, clockOffsetMs) => {
        checkRows(podToRows(p, { context: 'ctx', clockOffsetMs }), 'podToRows');
      }),
      RUNS,
    );
  });
});

const record = fc.oneof(
  fc.uniqueArray(pod(), { maxLength: 4, selector: (p) => `${p.metadata?.namespace}/${p.metadata?.name}` }).map((items) => ({ type: K8S_RECORD.podList, data: { items, resourceVersion: '1' } })),
  fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'), object: pod() }).map((data) => ({ type: K8S_RECORD.pod, data })),
  fc.array(event, { maxLength: 3 }).map((items) => ({ type: K8S_RECORD.eventList, data: { items } })),
  fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED'), object: event }).map((data) => ({ type: K8S_RECORD.event, data })),
  event.map((data) => ({ type: K8S_RECORD.event, data })),
  connectionStatus.map((data) => ({ type: K8S_RECORD.status, data })),
);

describe('KubernetesFeed on arbitrary record sequences', () => {
  it('never throws; every row pushed and kept has a valid state and a unique key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.nat(1e6)), { maxLength: 25 }), (records) => {
        const { sink, store } = checkingSink('kubernetes', 'ctx');
        const feed = new KubernetesFeed(sink, 'ctx');
        let t = 1_700_000_000_000;
        for (const [r, dt] of records) feed.apply({ t: (t += dt), context: 'ctx', ...r } as RawRecord);
        checkRows(store.allRows(), 'store');
        store.dispose();
      }),
      RUNS,
    );
  });
});
