// Property tests: arbitrary Docker inspect results and /events messages through the
// mapping (dockerRow) and the feed (DockerFeed → Store). Never throws, every row has a
// state in {Waiting, Running, Terminated}, keys are unique.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { dockerRow } from '../../src/lifecycle/docker.js';
import { DOCKER_RECORD, DockerFeed } from '../../src/sources/docker-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { dockerEvent, dockerId, inspect } from './property-arbitraries.js';
import { checkRows, checkingSink } from './property-sink.js';

const RUNS = { numRuns: 400 };

describe('dockerRow on arbitrary inspect results', () => {
  it('never throws and gives a valid state', () => {
    fc.assert(
      fc.property(inspect(), fc.integer({ min: -1e7, max: 1e7 }), (info, clockOffsetMs) => {
        checkRows([dockerRow(info, { context: 'default', clockOffsetMs })], 'dockerRow');
      }),
      RUNS,
    );
  });
});

const record = fc.oneof(
  fc.uniqueArray(inspect(), { maxLength: 4, selector: (i) => i.Id }).map((data) => ({ type: DOCKER_RECORD.list, data })),
  inspect().map((data) => ({ type: DOCKER_RECORD.inspect, data })),
  dockerEvent.map((data) => ({ type: DOCKER_RECORD.event, data })),
  fc.record({ id: dockerId, graceSeconds: fc.integer({ min: 0, max: 600 }), mode: fc.constantFrom('stop', 'kill') }).map((data) => ({ type: DOCKER_RECORD.stopRequested, data })),
  fc.record({ source: fc.constant('docker'), context: fc.constant('default'), state: fc.constantFrom('live', 'disconnected'), since: fc.nat(), clockOffsetMs: fc.integer({ min: -1e6, max: 1e6 }) }).map((data) => ({ type: DOCKER_RECORD.status, data })),
);

describe('DockerFeed on arbitrary record sequences', () => {
  it('never throws; every row pushed and kept has a valid state and a unique key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.nat(1e6)), { maxLength: 25 }), (records) => {
        const { sink, store } = checkingSink('docker', 'default');
        const feed = new DockerFeed(sink, 'default');
        let t = 1_700_000_000_000;
        for (const [r, dt] of records) feed.apply({ t: (t += dt), context: 'default', ...r } as RawRecord);
        checkRows(store.allRows(), 'store');
        store.dispose();
      }),
      RUNS,
    );
  });
});
