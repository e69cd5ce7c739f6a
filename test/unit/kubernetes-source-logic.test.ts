// The live Kubernetes source's pure pieces (no HTTP server needed). Its connection
// behaviour (resume, 410 relist, hang timeout, backoff, 401/403, clock offset) is tested
// against real kube-apiserver processes in test/e2e/faults-*.test.ts and kubernetes-source.test.ts.
import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator } from '../../src/sources/clock-offset.js';
import { deleteGraceSeconds } from '../../src/sources/kubernetes.js';

describe('deleteGraceSeconds', () => {
  it('stop uses the grace given, kill is grace 1 (kubectl --now), only force is grace 0', () => {
    expect(deleteGraceSeconds({ graceSeconds: 45, mode: 'stop' })).toBe(45);
    expect(deleteGraceSeconds({ graceSeconds: 45, mode: 'kill' })).toBe(1);
    expect(deleteGraceSeconds({ graceSeconds: 0, mode: 'stop' })).toBe(1);
    expect(deleteGraceSeconds({ graceSeconds: 2.6, mode: 'stop' })).toBe(3);
    expect(deleteGraceSeconds({ graceSeconds: 45, mode: 'kill', force: true })).toBe(0);
  });
});

describe('ClockOffsetEstimator', () => {
  const date = (ms: number) => new Date(ms).toUTCString();

  it('narrows a 7 s skew to within the request spacing from whole-second Date headers', () => {
    const skew = 7000;
    const est = new ClockOffsetEstimator();
    for (let local = 1_700_000_000_000; local < 1_700_000_001_000; local += 125) {
      const server = local + skew + 10; // reply 10 ms after sending
      est.add({ sentAt: local, receivedAt: local + 20, date: date(server - (server % 1000)) });
    }
    expect(Math.abs(est.offsetMs! - skew)).toBeLessThanOrEqual(150);
    expect(est.uncertaintyMs!).toBeLessThanOrEqual(150);
  });

  it('ignores unusable headers and starts again when a clock is stepped', () => {
    const est = new ClockOffsetEstimator();
    expect(est.add({ sentAt: 0, receivedAt: 10, date: 'not a date' })).toBe(false);
    expect(est.offsetMs).toBeUndefined();
    est.add({ sentAt: 1_000_000, receivedAt: 1_000_010, date: date(1_000_000) });
    est.add({ sentAt: 2_000_000, receivedAt: 2_000_010, date: date(2_000_000 + 60_000) }); // stepped a minute
    expect(Math.abs(est.offsetMs! - 60_000)).toBeLessThanOrEqual(1000);
  });
});
