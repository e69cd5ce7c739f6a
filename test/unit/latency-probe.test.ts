// --latency-log: a record's latency runs from when its bytes came off the socket, so the
// wait for the stream reader's hand-over to the main thread is part of what the bench sees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LatencyProbe } from '../../src/perf/latency.js';
import { testDir } from '../support/test-dir.js';

function frameLines(file: string): { lat?: number[] }[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

describe('latency probe', () => {
  it('counts from the socket for a record read on the reader thread, from the tap otherwise', () => {
    const file = path.join(testDir('podlife-latency-'), 'latency.ndjson');
    const probe = new LatencyProbe(file);
    const t = Date.now();
    probe.tap({ t, arrivedAt: t - 400, type: 'k8s.pod', context: 'c', data: {} });
    probe.tap({ t, type: 'k8s.event', context: 'c', data: {} });
    probe.tap({ t, type: 'status', context: 'c', data: {} }); // not a record the screen shows
    probe.storeNotified();
    probe.frameDone();
    probe.close();
    const [frame] = frameLines(file);
    expect(frame!.lat).toHaveLength(2);
    const [handedOver, tapped] = frame!.lat!;
    expect(handedOver).toBeGreaterThanOrEqual(400);
    expect(tapped).toBeLessThan(400);
  });
});
