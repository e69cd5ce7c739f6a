import { describe, expect, it } from 'vitest';
import { describeOutcome, terminationOutcome, terminationPhase, viewTermination } from '../../src/lifecycle/termination.js';
import type { Termination } from '../../src/lifecycle/types.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const withHook: Termination = { requestedAt: T0, graceSeconds: 30, deadline: T0 + 30_000, hasPreStop: true };

describe('termination phases', () => {
  it('starts in the preStop hook when the container has one, and the grace clock runs from the request', () => {
    const v = viewTermination({ ...withHook, hookEndedAt: T0 + 5_000, hookEndEstimated: true }, T0 + 2_500);
    expect(v).toMatchObject({ phase: 'hook', estimated: false });
    expect(viewTermination({ ...withHook, hookEndedAt: T0 + 5_000, hookEndEstimated: true, termSentAt: T0 + 5_000, termEstimated: true }, T0 + 5_500)).toMatchObject({ phase: 'term', estimated: true });
    expect(v.elapsedSeconds).toBeCloseTo(2.5);
    expect(v.secondsToKill).toBeCloseTo(27.5);
    expect(v.fraction).toBeCloseTo(2.5 / 30);
  });

  it('a hook whose end is not reported is not claimed to be running: preStop or TERM, until its timeout', () => {
    const unknownEnd: Termination = { ...withHook, hookEndBy: T0 + 30_000, killDueAt: T0 + 30_000, killDueBy: T0 + 32_000 };
    expect(terminationPhase(unknownEnd, T0 + 100)).toBe('hook-or-term');
    expect(terminationPhase(unknownEnd, T0 + 29_000)).toBe('hook-or-term');
    // At the deadline the kubelet has sent TERM either way; KILL is due within 2 s.
    expect(terminationPhase(unknownEnd, T0 + 30_500)).toBe('term');
    expect(viewTermination(unknownEnd, T0 + 10_000)).toMatchObject({ secondsToKill: 20, secondsToKillLatest: 22 });
    expect(terminationPhase(unknownEnd, T0 + 32_000)).toBe('kill-due');
  });

  it('a sidecar waits for its turn before TERM, then follows the same order', () => {
    const sidecar: Termination = { requestedAt: T0, graceSeconds: 30, deadline: T0 + 30_000, hasPreStop: false, waitsForTurnUntil: T0 + 30_000, killDueAt: T0 + 30_000, killDueBy: T0 + 32_000 };
    expect(terminationPhase(sidecar, T0 + 5_000)).toBe('waiting');
    expect(terminationPhase({ ...sidecar, waitsForTurnUntil: undefined, termSentAt: T0 + 6_000, termEstimated: true }, T0 + 7_000)).toBe('term');
    expect(viewTermination({ ...sidecar, waitsForTurnUntil: undefined, termSentAt: T0 + 6_000, termEstimated: true }, T0 + 7_000).estimated).toBe(true);
  });

  it('moves to TERM once the hook ended, or straight to TERM without a hook', () => {
    expect(terminationPhase({ ...withHook, hookEndedAt: T0 + 5_000 }, T0 + 6_000)).toBe('term');
    expect(terminationPhase({ ...withHook, hasPreStop: false }, T0 + 1_000)).toBe('term');
  });

  it('says KILL is due once the deadline passes, even before KILL is observed', () => {
    expect(terminationPhase(withHook, T0 + 30_000)).toBe('kill-due');
    expect(viewTermination(withHook, T0 + 31_000).secondsToKill).toBe(0);
    expect(viewTermination(withHook, T0 + 45_000).fraction).toBe(1);
  });

  it('freezes elapsed time at exit and reports the phases measured', () => {
    const done: Termination = { ...withHook, hookEndedAt: T0 + 5_000, exitedAt: T0 + 5_100, exitCode: 0 };
    expect(viewTermination(done, T0 + 60_000).elapsedSeconds).toBeCloseTo(5.1);
    const outcome = terminationOutcome(done)!;
    expect(outcome.hookSeconds).toBeCloseTo(5.0);
    expect(outcome.termToExitSeconds).toBeCloseTo(0.1);
    expect(describeOutcome(outcome)).toBe('preStop 5.0 s, exited 0 after 5.1 s of 30 s');
  });

  it('calls an exit 137 at the deadline a kill, and a kill event a kill at any time', () => {
    const killedAtDeadline: Termination = { ...withHook, graceSeconds: 2, deadline: T0 + 2_000, exitedAt: T0 + 2_050, exitCode: 137 };
    expect(terminationOutcome(killedAtDeadline)!.killed).toBe(true);
    expect(describeOutcome(terminationOutcome(killedAtDeadline)!)).toContain('killed after 2.0 s of 2 s');
    const early137: Termination = { ...withHook, exitedAt: T0 + 1_000, exitCode: 137 };
    expect(terminationOutcome(early137)!.killed).toBe(false);
    expect(terminationOutcome({ ...early137, killSentAt: T0 + 900 })!.killed).toBe(true);
  });

  it('has no outcome while the container still runs', () => {
    expect(terminationOutcome(withHook)).toBeUndefined();
  });
});

describe('termination phases at a past instant', () => {
  it('gives the phase the container was in then, so a timeline can be drawn from the final record', () => {
    const done: Termination = { ...withHook, hookEndedAt: T0 + 5_000, exitedAt: T0 + 5_100, exitCode: 0 };
    expect(terminationPhase(done, T0 + 1_000)).toBe('hook');
    expect(terminationPhase(done, T0 + 5_050)).toBe('term');
    expect(terminationPhase(done, T0 + 5_100)).toBe('done');
    expect(viewTermination(done, T0 + 1_000).elapsedSeconds).toBeCloseTo(1);
  });
});

describe('outcomes of Docker stops that end before a restart', () => {
  it('an exit nobody asked for: "exited 3", no grace and no kill, even with code 137', () => {
    const exit: Termination = { requestedAt: T0, graceSeconds: 0, deadline: T0, hasPreStop: false, exitedAt: T0, exitCode: 3, unrequested: true };
    expect(describeOutcome(terminationOutcome(exit)!)).toBe('exited 3');
    const oom = terminationOutcome({ ...exit, exitCode: 137 })!;
    expect(oom).toMatchObject({ killed: false, unrequested: true });
    expect(describeOutcome(oom)).toBe('exited 137');
  });

  it('a KILL logged 6 ms after the exit\'s own stamp (dockerd logs the kill event after the signal) still killed it', () => {
    // podlife stamped the request 3 ms before dockerd's TERM, so the deadline falls after the exit.
    const t: Termination = { requestedAt: T0, graceSeconds: 2, deadline: T0 + 2_000, hasPreStop: false, termSentAt: T0 + 3, killSentAt: T0 + 2_003, exitedAt: T0 + 1_997, exitCode: 137 };
    expect(terminationOutcome(t)!.killed).toBe(true);
    expect(describeOutcome(terminationOutcome(t)!)).toBe('killed after 2.0 s of 2 s');
    // Without a KILL, an exit before the deadline is the process's own.
    expect(terminationOutcome({ ...t, killSentAt: undefined, exitCode: 0 })!.killed).toBe(false);
  });
});
