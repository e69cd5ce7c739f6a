// Stops the kubelet makes without a delete: the grace it really uses (kuberuntime
// setTerminationGracePeriod, the eviction manager's override), the cause on the row, and
// the stop's outcome kept after a restart in place.
import { describe, expect, it } from 'vitest';
import { podToRows, type PodObservations } from '../../src/lifecycle/kubernetes.js';
import { killReasonOf, kubeletStopGrace } from '../../src/lifecycle/kubelet-stops.js';
import { lifecycleWarnings } from '../../src/lifecycle/warnings.js';
import { viewTermination } from '../../src/lifecycle/termination.js';
import { graceBarText } from '../../src/render/grace-bar-text.js';
import { lastStopText } from '../../src/render/last-stop-text.js';
import type { ContainerStatusJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { LifecycleEvent } from '../../src/lifecycle/types.js';
import { at, lifecyclePod, ms } from './kubernetes-pod-objects.js';

const map = (pod: PodJson, observations: PodObservations) => podToRows(pod, { context: 'podlife-local', observations });

/** The article's pod with a liveness probe whose own grace is 6 s (the pod's is 30 s). */
function probedPod(status: ContainerStatusJson, probeGrace: number | null = 6): PodJson {
  const pod = lifecyclePod({ status: { phase: 'Running', containerStatuses: [status] } });
  const container = pod.spec!.containers![0]!;
  container.livenessProbe = { periodSeconds: 1, failureThreshold: 1, ...(probeGrace !== null ? { terminationGracePeriodSeconds: probeGrace } : {}) };
  container.startupProbe = { periodSeconds: 1, failureThreshold: 3, terminationGracePeriodSeconds: 4 };
  return pod;
}

const running = (startedAt: number, restartCount = 0, last?: { exitCode: number; startedAt: number; finishedAt: number; reason?: string }): ContainerStatusJson => ({
  name: 'lifecycle',
  state: { running: { startedAt: at(startedAt) } },
  lastState: last ? { terminated: { exitCode: last.exitCode, reason: last.reason ?? 'Error', startedAt: at(last.startedAt), finishedAt: at(last.finishedAt), containerID: 'containerd://old' } } : {},
  ready: true,
  started: true,
  restartCount,
  containerID: 'containerd://9f8e7d6c5b4a',
});

const LIVENESS_KILL = 'Container lifecycle failed liveness probe, will be restarted';

describe("the kubelet's own stops", () => {
  it("reads why from the Killing event's message (killContainer's wording)", () => {
    expect(killReasonOf('Stopping container web')).toBe('stop');
    expect(killReasonOf('Container web failed liveness probe, will be restarted')).toBe('liveness');
    expect(killReasonOf('Container web failed liveness probe')).toBe('liveness'); // restartPolicy Never
    expect(killReasonOf('Container web failed startup probe, will be restarted')).toBe('startup');
    expect(killReasonOf('FailedPostStartHook')).toBe('poststart');
    expect(killReasonOf('Container web definition changed, will be restarted')).toBe('changed');
  });

  it("a liveness kill counts the probe's own terminationGracePeriodSeconds, not the pod's", () => {
    const pod = probedPod(running(2));
    const [row] = map(pod, { containers: { lifecycle: { killingAt: ms(50), killingMessage: LIVENESS_KILL, probeFailures: { liveness: { at: ms(49), message: 'HTTP probe failed with statuscode: 500', count: 3 } } } } });
    const t = row!.termination!;
    // preStop `sh -c 'sleep 5'` of a 6 s grace: TERM after 5 s and the exec's launch, with
    // 1 s left, raised to the 2 s minimum.
    expect(t).toMatchObject({ requestedAt: ms(50), graceSeconds: 6, deadline: ms(56), hookEndFrom: ms(55), killDueAt: ms(57) });
    expect(t.hookEndBy).toBeGreaterThan(ms(55));
    expect(graceBarText(t, ms(51))).toContain('/6s');
    expect(row!.cause).toMatchObject({ kind: 'probe', short: 'liveness probe failed', text: 'liveness probe failed: HTTP probe failed with statuscode: 500' });
  });

  it("without a probe grace, a probe kill uses the pod's", () => {
    const [row] = map(probedPod(running(2), null), { containers: { lifecycle: { killingAt: ms(50), killingMessage: LIVENESS_KILL } } });
    expect(row!.termination).toMatchObject({ graceSeconds: 30, deadline: ms(80) });
  });

  it("a startup kill counts the startup probe's grace; a failed postStart the pod's", () => {
    const startup = map(probedPod(running(2)), { containers: { lifecycle: { killingAt: ms(10), killingMessage: 'Container lifecycle failed startup probe, will be restarted' } } })[0]!;
    expect(startup.termination).toMatchObject({ graceSeconds: 4 });
    expect(startup.cause?.short).toBe('startup probe failed');
    const postStart = map(probedPod(running(2)), { containers: { lifecycle: { killingAt: ms(3), killingMessage: 'FailedPostStartHook' } } })[0]!;
    expect(postStart.termination).toMatchObject({ graceSeconds: 30 });
    expect(postStart.cause?.kind).toBe('poststart');
  });

  it('a delete wins over a probe: deletionGracePeriodSeconds is the grace (setTerminationGracePeriod)', () => {
    const pod = probedPod(running(2));
    pod.metadata = { ...pod.metadata, deletionTimestamp: at(60), deletionGracePeriodSeconds: 10 };
    const [row] = map(pod, { deletionSeenAt: ms(50), containers: { lifecycle: { killingAt: ms(50), killingMessage: LIVENESS_KILL } } });
    expect(row!.termination).toMatchObject({ graceSeconds: 10 });
    expect(row!.cause?.kind).not.toBe('probe');
  });

  it('the stop that ended in a restart stays on the row as its last stop, with its outcome', () => {
    // Killed at 50.3 (stamped 50), KILLed at 57 (exit 137), restarted at 58.
    const pod = probedPod(running(58, 1, { exitCode: 137, startedAt: 2, finishedAt: 57 }));
    const observed = { killingAt: ms(50) + 300, killingStampAt: ms(50), killingSeenAt: ms(50) + 300, killingMessage: LIVENESS_KILL };
    const [row] = map(pod, { containers: { lifecycle: observed } });
    expect(row!.termination).toBeUndefined();
    expect(row!.lastStop?.cause.kind).toBe('probe');
    expect(row!.lastStop?.termination).toMatchObject({ graceSeconds: 6, exitCode: 137 });
    expect(viewTermination(row!.lastStop!.termination, ms(100)).killed).toBe(true);
    // The exec `sleep 5` ran at least 5 s of the 6, so TERM got the kubelet's 2 s minimum:
    // KILL 7 s or more after 50.3, inside finishedAt's second (57). When the hook ended is not
    // reported (a KILLed process says nothing of its TERM), so no preStop time is claimed.
    expect(lastStopText(row!.lastStop!)).toMatch(/^liveness kill: killed after 7\.\d s of 6 s$/);
  });

  it('a restart within the Killing event\'s own second ends the bar (the old code compared whole-second startedAt with the sub-second sighting)', () => {
    // Killing stamped 50, seen 50.7; the process exits at once on TERM (no preStop left to
    // run) and the kubelet restarts it within the same second: startedAt 50, lastState
    // finishedAt 50.
    const pod = probedPod(running(50, 1, { exitCode: 143, startedAt: 2, finishedAt: 50 }));
    const [row] = map(pod, { containers: { lifecycle: { killingAt: ms(50) + 700, killingStampAt: ms(50), killingSeenAt: ms(50) + 700, killingMessage: LIVENESS_KILL } } });
    expect(row!.termination).toBeUndefined();
    expect(row!.lastStop?.termination.exitCode).toBe(143);
  });

  it('before the restart is reported, the earlier run in lastState is not taken for this stop', () => {
    // The previous kill ended at 20; a new kill began at 50 and is still running.
    const pod = probedPod(running(21, 1, { exitCode: 137, startedAt: 2, finishedAt: 20 }));
    const [row] = map(pod, { containers: { lifecycle: { killingAt: ms(50) + 200, killingStampAt: ms(50), killingMessage: LIVENESS_KILL } } });
    expect(row!.termination).toMatchObject({ requestedAt: ms(50) + 200, graceSeconds: 6 });
    expect(row!.lastStop).toBeUndefined();
  });

  it('an eviction for a storage limit has the 1 s override; a node-pressure one only bounds its grace', () => {
    const base = { pod: lifecyclePod(), spec: undefined, reason: 'stop' as const, podGraceSeconds: 30 };
    expect(kubeletStopGrace({ ...base, eviction: { at: 0, message: 'Container lifecycle exceeded its local ephemeral storage limit "1Mi". ' } })).toEqual({ seconds: 1 });
    expect(kubeletStopGrace({ ...base, eviction: { at: 0, message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. ' } })).toEqual({ from: 1, to: 30 });

    const pod = probedPod(running(2));
    const pressure = { at: ms(49), message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. ' };
    const [row] = map(pod, { eviction: pressure, containers: { lifecycle: { killingAt: ms(50), killingMessage: 'Stopping container lifecycle' } } });
    const t = row!.termination!;
    // Never a wrong countdown: KILL between the 1 s override's (preStop 1 s, then 2 s) and the
    // pod grace's (the exec `sleep 5` may take to its end, then 2 s).
    expect(t).toMatchObject({ graceFromSeconds: 1, graceSeconds: 30, killDueAt: ms(53) });
    expect(t.termSentAt).toBeUndefined();
    expect(graceBarText(t, ms(51))).toMatch(/1-30s · KILL in 2-31s/);
    expect(row!.cause).toMatchObject({ kind: 'kubelet', short: 'evicted (kubelet)' });
  });

  it('a Killing event seen after its stamped second: the stop began somewhere in that second, so TERM and KILL are windows, never claimed early', () => {
    const pod = probedPod(running(2));
    const storage = { at: ms(49), message: 'Container lifecycle exceeded its local ephemeral storage limit "1Mi". ' };
    const killing = { killingAt: ms(50), killingStampAt: ms(50), killingMessage: 'Stopping container lifecycle' };
    // Seen 1.4 s into the stamped second's successor (a busy node): the start is [50, 51).
    const [late] = map(pod, { eviction: storage, containers: { lifecycle: { ...killing, killingSeenAt: ms(51) + 400 } } });
    const t = late!.termination!;
    // The 1 s override: the preStop is cut at 1 s, then TERM with the kubelet's 2 s minimum.
    expect(t).toMatchObject({ killDueAt: ms(53), killDueBy: ms(54) - 1 });
    expect(t.termSentAt).toBeUndefined();
    expect(viewTermination(t, ms(53) + 500).phase).not.toBe('kill-due');
    expect(viewTermination(t, ms(54)).phase).toBe('kill-due');
    // Seen within its second: that sighting is the start, one moment.
    const [prompt] = map(pod, { eviction: storage, containers: { lifecycle: { ...killing, killingAt: ms(50) + 300, killingSeenAt: ms(50) + 300 } } });
    expect(prompt!.termination).toMatchObject({ killDueAt: ms(53) + 300 });
    expect(prompt!.termination!.killDueBy).toBeUndefined();
  });

  it('a container its liveness probe keeps killing is a probe-kill loop with the count and the rhythm', () => {
    const pod = probedPod(running(80, 3, { exitCode: 137, startedAt: 60, finishedAt: 79 }));
    const events: LifecycleEvent[] = [20, 40, 40.2, 60, 78].map((s) => ({ at: ms(s), groupKey: 'k8s/podlife-local/demo/lifecycle', container: 'lifecycle', type: 'Normal', reason: 'Killing', message: LIVENESS_KILL }));
    const rows = map(pod, { containers: { lifecycle: { killingAt: ms(78), killingStampAt: ms(78), killingMessage: LIVENESS_KILL, probeFailures: { liveness: { at: ms(77), message: 'Get "http://10.244.0.5:8080/healthz": connection refused', count: 9 } } } } });
    const warnings = lifecycleWarnings({ rows, events, transitions: () => [], now: ms(81) });
    const loop = warnings.find((w) => w.kind === 'probe-kill-loop');
    // Four kills seen (40.2 is the same kill's event again) and 3 restarts; kills every ~19 s.
    expect(loop?.message).toBe('liveness probe kills: 4, every ~19 s (last: Get "http://10.244.0.5:8080/healthz": connection refused)');
    expect(warnings.some((w) => w.kind === 'crash-loop')).toBe(false);
  });
});

describe('newer lifecycle fields', () => {
  it('a stop signal (KEP-4960) the runtime reports names the signal in the bar: QUIT sent, not TERM sent', () => {
    const pod = probedPod(running(2));
    pod.spec!.containers![0]!.lifecycle = { stopSignal: 'SIGQUIT' };
    const observations = { containers: { lifecycle: { killingAt: ms(50), killingMessage: LIVENESS_KILL } } };
    // Asked for in the spec only: a runtime without CRI stop signals sends TERM and reports none.
    expect(graceBarText(map(pod, observations)[0]!.termination!, ms(51))).toMatch(/TERM sent/);
    (pod.status!.containerStatuses![0] as ContainerStatusJson).stopSignal = 'SIGQUIT';
    expect(graceBarText(map(pod, observations)[0]!.termination!, ms(51))).toMatch(/QUIT sent/);
  });

  it('a `sleep` preStop of 0 seconds is no phase: TERM at once', () => {
    const pod = probedPod(running(2));
    pod.spec!.containers![0]!.lifecycle = { preStop: { sleep: { seconds: 0 } } };
    const [row] = map(pod, { containers: { lifecycle: { killingAt: ms(50), killingMessage: LIVENESS_KILL } } });
    expect(row!.hooks.preStop).toBeUndefined();
    expect(row!.termination).toMatchObject({ hasPreStop: false, termSentAt: ms(50) });
  });
});

describe('an exit reported late by the runtime', () => {
  it("a KILL at the deadline is placed in KILL's window, not at an exit the runtime reported a second later", () => {
    // No preStop, grace 4, deleted at 60 with the kubelet's Killing seen at once: KILL at 64.
    // The runtime reaped the process slowly: finishedAt says 65.
    const pod = lifecyclePod({ status: { phase: 'Running', containerStatuses: [{ name: 'lifecycle', state: { terminated: { exitCode: 137, reason: 'Error', startedAt: at(2), finishedAt: at(65) } }, restartCount: 0, ready: false }] } });
    pod.spec = { ...pod.spec!, terminationGracePeriodSeconds: 4, containers: [{ name: 'lifecycle', image: 'busybox:podlife' }] };
    pod.metadata = { ...pod.metadata, deletionTimestamp: at(64), deletionGracePeriodSeconds: 4 };
    const [row] = map(pod, { deletionSeenAt: ms(60), containers: { lifecycle: { killingAt: ms(60), killingStampAt: ms(60), killingSeenAt: ms(60) } } });
    expect(row!.termination?.killSentAt).toBe(ms(64));
    expect(row!.termination!.exitedAt).toBeGreaterThanOrEqual(ms(65));
  });
});
