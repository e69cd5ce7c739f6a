// The kubelet's stop order (pkg/kubelet/kuberuntime killContainer and the termination
// ordering of native sidecars, Kubernetes 1.34): each expectation is a rule of that code,
// restated in LIFECYCLE.md, applied to one start moment S.
import { describe, expect, it } from 'vitest';
import { kubeletStopOrder } from '../../src/lifecycle/kubelet-stop-order.js';

const S = Date.parse('2026-11-25T10:00:00Z');
const s = (seconds: number) => S + seconds * 1000;

describe('the kubelet stop order', () => {
  it('no preStop: TERM at once, KILL when the grace period runs out', () => {
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 30, hasPreStop: false })).toEqual({ termSentAt: S, killDueAt: s(30) });
  });

  it('grace 1 (kubectl delete --now) gets the 2 s minimum between TERM and KILL', () => {
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 1, hasPreStop: false }).killDueAt).toBe(s(2));
    // grace 0 (force) reaches the kubelet as 1 s, so also 2 s.
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 0, hasPreStop: false }).killDueAt).toBe(s(2));
  });

  it('a hook of known length: TERM when it ends (estimated), KILL at the grace period', () => {
    expect(kubeletStopOrder({ startedAt: S, startedBy: S, graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).toEqual({
      hookEndedAt: s(3),
      hookEndEstimated: true,
      termSentAt: s(3),
      termEstimated: true,
      killDueAt: s(16),
    });
  });

  it('a preStop longer than the grace period is cut off there: TERM at the deadline, KILL 2 s later', () => {
    expect(kubeletStopOrder({ startedAt: S, startedBy: S, graceSeconds: 4, hasPreStop: true, hookSeconds: 10 })).toMatchObject({ hookEndedAt: s(4), termSentAt: s(4), killDueAt: s(6) });
  });

  it('an exec `sleep N` only bounds its hook from below: no TERM claimed; KILL between the grace period\'s end and 2 s later', () => {
    expect(kubeletStopOrder({ startedAt: S, startedBy: S, graceSeconds: 8, hasPreStop: true, hookSeconds: 3, hookIsExec: true })).toEqual({
      hookEndFrom: s(3),
      hookEndBy: s(8),
      killDueAt: s(8),
      killDueBy: s(10),
    });
    // A sleep as long as the grace period is cut there: TERM at the deadline, as for any hook.
    expect(kubeletStopOrder({ startedAt: S, startedBy: S, graceSeconds: 4, hasPreStop: true, hookSeconds: 10, hookIsExec: true })).toMatchObject({ hookEndedAt: s(4), termSentAt: s(4), killDueAt: s(6) });
  });

  it("a start known only as a window (the Killing event not seen, or seen late): the hook's end and KILL are ranges, TERM is not claimed", () => {
    // Not seen yet: the kubelet may begin up to a second after the delete (bursts).
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).toEqual({
      hookEndFrom: s(3),
      hookEndBy: s(4),
      hookEndEstimated: true,
      termEstimated: true,
      killDueAt: s(16),
      killDueBy: s(17),
    });
    // Seen 0.6 s after the delete: it began in that window.
    expect(kubeletStopOrder({ startedAt: S, startedBy: s(0.6), graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).toMatchObject({ hookEndFrom: s(3), hookEndBy: s(3.6), killDueAt: s(16), killDueBy: s(16.6) });
    // Seen within a tenth of a second: still a window. Its later end would put TERM on screen
    // that much late, before the drawing itself (a CI run drew it 271 ms after the node).
    expect(kubeletStopOrder({ startedAt: S, startedBy: s(0.08), graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).toMatchObject({ hookEndFrom: s(3), hookEndBy: s(3.08), killDueAt: s(16), killDueBy: s(16.08) });
  });

  it('a start seen here may have come earlier on the node: the hook may end from the earliest start', () => {
    // Seen at S, stamped with the second from S − 0.3: the window opens 0.3 s sooner.
    expect(kubeletStopOrder({ startedAt: S, startedFrom: s(-0.3), graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).toMatchObject({ hookEndFrom: s(3), hookMayEndFrom: s(2.7), hookEndBy: s(4) });
    expect(kubeletStopOrder({ startedAt: S, startedFrom: s(-0.3), startedBy: S, graceSeconds: 8, hasPreStop: true, hookSeconds: 3, hookIsExec: true })).toMatchObject({ hookEndFrom: s(3), hookMayEndFrom: s(2.7) });
    // No earlier bound than the sighting: nothing to add.
    expect(kubeletStopOrder({ startedAt: S, startedFrom: S, graceSeconds: 16, hasPreStop: true, hookSeconds: 3 })).not.toHaveProperty('hookMayEndFrom');
  });

  it('a failed hook (FailedPreStopHook) ends it there, observed; only whole seconds of the hook come off the grace', () => {
    const order = kubeletStopOrder({ startedAt: S, graceSeconds: 30, hasPreStop: true, hookFailedAt: s(1.7) });
    expect(order).toEqual({ hookEndedAt: s(1.7), termSentAt: s(1.7), killDueAt: s(1.7 + 29) });
  });

  it('a hook of unknown length: its end and TERM are not claimed; KILL between the deadline and 2 s after', () => {
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 20, hasPreStop: true })).toEqual({ hookEndBy: s(20), killDueAt: s(20), killDueBy: s(22) });
  });

  it('a sidecar waits while a regular container runs, at most for the rest of the grace period', () => {
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 30, hasPreStop: false, turn: { othersRunning: true } })).toEqual({
      waitsForTurnUntil: s(30),
      killDueAt: s(30),
      killDueBy: s(32),
    });
  });

  it('a sidecar gets TERM when the last container it waits for exited (worked out, so estimated)', () => {
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 30, hasPreStop: false, turn: { othersRunning: false, othersExitedAt: s(3.4) } })).toEqual({
      termSentAt: s(3.4),
      termEstimated: true,
      killDueAt: s(3.4 + 27),
    });
    // Its own preStop runs first (in parallel with the others'): TERM after both.
    expect(kubeletStopOrder({ startedAt: S, graceSeconds: 30, hasPreStop: true, hookSeconds: 2, turn: { othersRunning: false, othersExitedAt: s(1) } })).toMatchObject({ hookEndedAt: s(2), termSentAt: s(2), killDueAt: s(30) });
  });
});
