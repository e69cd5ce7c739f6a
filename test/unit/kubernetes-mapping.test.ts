import { describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { knownHandlerSeconds } from '../../src/lifecycle/kubernetes-hooks.js';
import { describeOutcome, nextPhaseChangeAt, terminationOutcome, viewTermination } from '../../src/lifecycle/termination.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { at, deleting, lifecyclePod, ms, runningStatus, terminatedStatus } from './kubernetes-pod-objects.js';

const map = (pod: PodJson, extra: Parameters<typeof podToRows>[1] extends infer O ? Partial<O> : never = {}) =>
  podToRows(pod, { context: 'podlife-local', ...extra });

describe('pod → rows: states and reasons', () => {
  it('keys rows by context/namespace/pod/container and reads the hooks', () => {
    const [row] = map(lifecyclePod({ status: runningStatus() }));
    expect(row).toMatchObject({
      key: 'k8s/podlife-local/demo/lifecycle/lifecycle',
      groupKey: 'k8s/podlife-local/demo/lifecycle',
      source: 'kubernetes',
      namespace: 'demo',
      group: 'lifecycle',
      kind: 'main',
      order: 0,
      image: 'busybox:podlife',
      id: 'containerd://9f8e7d6c5b4a',
      state: 'Running',
      ready: true,
      restartCount: 0,
      startedAt: ms(2),
      createdAt: ms(0),
      defaultGraceSeconds: 30,
      hooks: { postStart: 'exec', preStop: 'exec', preStopSeconds: 5 },
    });
    expect(row?.termination).toBeUndefined();
  });

  it('a scheduled pod without container statuses is ContainerCreating, like kubectl', () => {
    const [row] = map(lifecyclePod());
    expect(row).toMatchObject({ state: 'Waiting', reason: 'ContainerCreating', ready: false });
  });

  it('an unschedulable pod shows the scheduler reason and message', () => {
    const pod = lifecyclePod({
      nodeName: null,
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }],
      },
    });
    expect(map(pod)[0]).toMatchObject({ state: 'Waiting', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' });
  });

  it('image pull failures carry reason and message', () => {
    const pod = lifecyclePod({
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'lifecycle',
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/nope:1"' } },
            lastState: {},
            ready: false,
            restartCount: 0,
            image: 'registry.invalid/nope:1',
            imageID: '',
          },
        ],
      },
    });
    expect(map(pod)[0]).toMatchObject({ state: 'Waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/nope:1"' });
    expect(map(pod)[0]?.id).toBeUndefined();
  });

  it('a crash loop shows CrashLoopBackOff, the restarts and the last termination', () => {
    const pod = lifecyclePod({
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'lifecycle',
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=lifecycle pod=lifecycle_demo(3c1e)' } },
            lastState: { terminated: { exitCode: 3, reason: 'Error', startedAt: at(40), finishedAt: at(41), containerID: 'containerd://aa' } },
            ready: false,
            restartCount: 2,
            image: 'docker.io/library/busybox:podlife',
            imageID: 'sha256:4b0f5a',
            containerID: 'containerd://aa',
          },
        ],
      },
    });
    const [row] = map(pod);
    expect(row).toMatchObject({ state: 'Waiting', reason: 'CrashLoopBackOff', restartCount: 2 });
    expect(row?.lastState).toEqual({ state: 'Terminated', reason: 'Error', exitCode: 3, startedAt: ms(40), finishedAt: ms(41) });
  });

  it('terminated containers carry exit code, reason and the signal behind 128+n exits', () => {
    const [row] = map(lifecyclePod({ status: terminatedStatus(137, 2, 9, 'OOMKilled') }));
    expect(row).toMatchObject({ state: 'Terminated', reason: 'OOMKilled', exitCode: 137, signal: 9, startedAt: ms(2), finishedAt: ms(9) });
    expect(row?.termination).toBeUndefined(); // no delete was asked for
  });

  it('moves server times onto the local clock with the measured offset', () => {
    const [row] = map(lifecyclePod({ status: runningStatus(2) }), { clockOffsetMs: 1500 });
    expect(row?.startedAt).toBe(ms(2) - 1500);
  });
});

describe('pod → rows: init containers, sidecars, ephemeral containers', () => {
  const pod: PodJson = {
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'demo', uid: 'u1', creationTimestamp: at(0) },
    spec: {
      nodeName: 'podlife-node',
      initContainers: [
        { name: 'migrate', image: 'busybox:podlife' },
        { name: 'log-shipper', image: 'busybox:podlife', restartPolicy: 'Always', lifecycle: { preStop: { sleep: { seconds: 2 } } } },
      ],
      containers: [
        { name: 'app', image: 'busybox:podlife', lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } } },
        { name: 'metrics', image: 'busybox:podlife', lifecycle: { postStart: { tcpSocket: { port: 9090 } } } },
      ],
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:podlife' }],
    },
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'migrate', state: { running: { startedAt: at(1) } }, ready: false, restartCount: 0, image: 'busybox:podlife', imageID: '', containerID: 'containerd://m' },
        { name: 'log-shipper', state: { waiting: { reason: 'PodInitializing' } }, ready: false, restartCount: 0, image: 'busybox:podlife', imageID: '' },
      ],
      containerStatuses: [
        { name: 'app', state: { waiting: { reason: 'PodInitializing' } }, ready: false, restartCount: 0, image: 'busybox:podlife', imageID: '' },
      ],
    },
  };

  it('orders rows as the pod runs them and names their kinds', () => {
    const rows = map(pod);
    expect(rows.map((r) => [r.order, r.name, r.kind])).toEqual([
      [0, 'migrate', 'init'],
      [1, 'log-shipper', 'sidecar'],
      [2, 'app', 'main'],
      [3, 'metrics', 'main'],
      [4, 'debugger', 'ephemeral'],
    ]);
  });

  it('main containers without status wait for PodInitializing while init runs', () => {
    const rows = map(pod);
    expect(rows[0]).toMatchObject({ state: 'Running', startedAt: ms(1) });
    expect(rows[2]).toMatchObject({ state: 'Waiting', reason: 'PodInitializing' });
    expect(rows[3]).toMatchObject({ state: 'Waiting', reason: 'PodInitializing' });
  });

  it('hook kinds: sleep with its seconds, httpGet, tcpSocket', () => {
    const rows = map(pod);
    expect(rows[1]?.hooks).toEqual({ preStop: 'sleep', preStopSeconds: 2 });
    expect(rows[2]?.hooks).toEqual({ preStop: 'httpGet' });
    expect(rows[3]?.hooks).toEqual({ postStart: 'tcpSocket' });
    expect(rows[4]?.hooks).toEqual({});
  });
});

describe('preStop duration from an exec command', () => {
  it.each([
    [['/bin/sh', '-c', 'echo postStop >> /stop.txt && sleep 5'], 5],
    [['sh', '-c', 'nginx -s quit; sleep 15s'], 15],
    [['sleep', '3'], 3],
    [['/bin/sh', '-c', 'sleep 5 && nginx -s quit'], undefined],
    [['/bin/sh', '-c', 'echo bye'], undefined],
  ])('%j → %s', (command, seconds) => {
    expect(knownHandlerSeconds({ exec: { command } })).toBe(seconds);
  });
});

describe('pod → rows: termination', () => {
  it('deletionTimestamp − grace is the request; the deadline follows, corrected for clock skew', () => {
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
    const [row] = map(pod, { clockOffsetMs: 2000 });
    const requestedAt = ms(60) - 2000;
    // The lifecycle pod's preStop is an exec `sleep 5`: it runs at least 5 s, and its end (so
    // TERM) is not reported; until the kubelet's Killing event is seen its start is known only
    // to within a second of the delete. KILL: between the grace period's end and 2 s later.
    // The delete itself was not seen here: it lies anywhere in its stamped second, so KILL's
    // latest moment is counted from that second's last millisecond.
    expect(row?.termination).toEqual({
      requestedAt,
      graceSeconds: 30,
      deadline: ms(90) - 2000,
      hasPreStop: true,
      hookEndFrom: requestedAt + 5000,
      hookEndBy: requestedAt + 1000 + 30_000,
      killDueAt: requestedAt + 30_000,
      killDueBy: requestedAt + 999 + 1000 + 30_000 + 2000,
    });
    expect(viewTermination(row!.termination!, ms(62) - 2000)).toMatchObject({ phase: 'hook', elapsedSeconds: 2, secondsToKill: 28 });
  });

  it('a prompt local sighting of the delete pins the request inside its whole-second stamp', () => {
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
    const seen = ms(60) + 420;
    const [row] = map(pod, { observations: { deletionSeenAt: seen } });
    expect(row?.termination).toMatchObject({ requestedAt: seen, deadline: seen + 30_000 });
    // Seen much later (a relist): the server's value stands.
    const [late] = map(pod, { observations: { deletionSeenAt: ms(75) } });
    expect(late?.termination?.requestedAt).toBe(ms(60));
  });

  it('a prompt sighting may still run behind the node: "preStop or TERM" from the stamped second\'s start + the hook', () => {
    // Stamped 60, seen at 60.42: the kubelet may have begun at 60.0 and its exec `sleep 5`
    // ended at 65.0, so from 65.0 TERM may have gone out. Until then the hook runs; the
    // elapsed time still counts from the sighting.
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
    const seen = ms(60) + 420;
    const t = map(pod, { observations: { deletionSeenAt: seen } })[0]!.termination!;
    expect(t).toMatchObject({ requestedAt: seen, hookEndFrom: seen + 5000, hookMayEndFrom: ms(65) });
    expect(viewTermination(t, ms(65) - 1).phase).toBe('hook');
    expect(viewTermination(t, ms(65)).phase).toBe('hook-or-term');
    expect(nextPhaseChangeAt(t, ms(62))).toBe(ms(65));
  });

  it('a delete seen just after its stamped second is not drawn as KILL due before its latest deadline', () => {
    // A burst of deletes: the apiserver stamped 60 (60.0–60.99), the watch brought it at
    // 61.15. The request lies in 60.0–60.99, so the grace period (5 s, no preStop) can end
    // as late as 65.99: "KILL due" at 65.0 could be a second ahead of the API's deadline.
    const noHook = lifecyclePod({ status: runningStatus() });
    noHook.spec!.containers![0]!.lifecycle = {};
    const [row] = map(deleting(noHook, 60, 5), { observations: { deletionSeenAt: ms(61) + 150 } });
    const t = row!.termination!;
    expect(t.requestedAt).toBe(ms(60));
    expect(viewTermination(t, ms(65) + 500).phase).not.toBe('kill-due');
    expect(viewTermination(t, ms(66)).phase).toBe('kill-due');
  });

  it('exit after a `sleep 5` preStop: exit code, estimated hook end, outcome text', () => {
    const pod = deleting(lifecyclePod({ status: terminatedStatus(0, 2, 65) }), 60, 30);
    const t = map(pod, { observations: { deletionSeenAt: ms(60), containers: { lifecycle: { exitSeenAt: ms(65) + 400 } } } })[0]!.termination!;
    // The node's record: finishedAt 65 (whole seconds: 65.0–65.99), seen here at 65.4. The
    // hook (`sleep 5`) began no earlier than the delete (60), so it ended at 65 or later.
    expect(t).toMatchObject({ exitCode: 0, hookEndEstimated: true });
    expect(t.exitedAt).toBeGreaterThanOrEqual(ms(65));
    expect(t.exitedAt).toBeLessThanOrEqual(ms(65) + 400);
    expect(t.hookEndedAt).toBeGreaterThanOrEqual(ms(65));
    expect(t.hookEndedAt).toBeLessThanOrEqual(t.exitedAt!);
    expect(t.killSentAt).toBeUndefined();
    expect(describeOutcome(terminationOutcome(t)!)).toMatch(/^preStop 5\.[0-4] s, exited 0 after 5\.[0-4] s of 30 s$/);
  });

  it('the exit of a container whose `sleep 5` preStop began late is not put before the hook ended', () => {
    // Deleted at 60.0; the kubelet's Killing event is stamped 61 and seen at 61.3, so the
    // kubelet began in 61.0–61.3 and the exec `sleep 5` ended at 66.0 or later, before the
    // exit. finishedAt says 66 (66.0–66.99). Seen at 67.0, the exit is the midpoint (66.5);
    // seen at 66.4, the midpoint (66.2).
    const pod = deleting(lifecyclePod({ status: terminatedStatus(0, 2, 66) }), 60, 30);
    const killing = { killingStampAt: ms(61), killingSeenAt: ms(61) + 300, killingAt: ms(61) + 300 };
    const t = map(pod, { observations: { deletionSeenAt: ms(60), containers: { lifecycle: { ...killing, exitSeenAt: ms(67) } } } })[0]!.termination!;
    // (The hook's end: after its 5 s, not after the exit.)
    expect(t.hookEndedAt).toBeGreaterThanOrEqual(ms(66));
    expect(t.hookEndedAt).toBeLessThanOrEqual(t.exitedAt!);
    expect(t.exitedAt).toBe(ms(66) + 500);
    const prompt = map(pod, { observations: { deletionSeenAt: ms(60), containers: { lifecycle: { ...killing, exitSeenAt: ms(66) + 400 } } } })[0]!.termination!;
    expect(prompt.exitedAt).toBe(ms(66) + 200);
    // Seen late (a relist), the Killing event's second alone: the kubelet began at 61.0 or later.
    const stampOnly = map(pod, { observations: { deletionSeenAt: ms(60), containers: { lifecycle: { killingStampAt: ms(61), killingSeenAt: ms(63), killingAt: ms(61) } } } })[0]!.termination!;
    // The hook ended in 66.0–66.99 (its start in 61.0–61.99), not after the exit.
    expect(stampOnly.hookEndedAt).toBeGreaterThanOrEqual(ms(66));
    expect(stampOnly.hookEndedAt).toBeLessThanOrEqual(stampOnly.exitedAt!);
    // A hook that could not fit in finishedAt's second leaves the observed exit alone.
    const early = map(deleting(lifecyclePod({ status: terminatedStatus(0, 2, 63) }), 60, 30), { observations: { deletionSeenAt: ms(60), containers: { lifecycle: killing } } })[0]!.termination!;
    expect(early.exitedAt).toBeLessThan(ms(64));
  });

  it('a known-length hook may have ended from the Killing second\'s earliest start, the clock offset\'s uncertainty taken off', () => {
    // Deleted at 60.8 as seen, the Killing event stamped 60 and seen at 60.82; the server's
    // seconds are placed here with an offset known to ±80 ms, so second 60 may begin at
    // 59.92 local. The exec `sleep 5` may have ended from 64.92 on: "preStop or TERM" from there.
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
    const killing = { killingStampAt: ms(60), killingSeenAt: ms(60) + 820, killingAt: ms(60) + 820 };
    const t = map(pod, { clockUncertaintyMs: 80, observations: { deletionSeenAt: ms(60) + 800, containers: { lifecycle: killing } } })[0]!.termination!;
    expect(t.hookMayEndFrom).toBe(ms(65) - 80);
    expect(viewTermination(t, ms(65) - 40).phase).toBe('hook-or-term');
    expect(viewTermination(t, ms(65) - 100).phase).toBe('hook');
  });

  it('a FailedPreStopHook event ends the hook phase (observed, not estimated)', () => {
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 30);
    const t = map(pod, { observations: { containers: { lifecycle: { hookFailedAt: ms(61) } } } })[0]!.termination!;
    expect(t.hookEndedAt).toBe(ms(61));
    expect(t.hookEndEstimated).toBeUndefined();
    expect(viewTermination(t, ms(62)).phase).toBe('term');
  });

  it('a preStop that overruns the grace period ends in KILL at the deadline', () => {
    const pod = deleting(lifecyclePod({ status: terminatedStatus(137, 2, 72) }), 60, 10);
    const t = map(pod)[0]!.termination!;
    expect(t).toMatchObject({ graceSeconds: 10, deadline: ms(70), exitCode: 137 });
    expect(t.killSentAt).toBeGreaterThanOrEqual(ms(70));
    expect(viewTermination(t, ms(80)).killed).toBe(true);
    expect(describeOutcome(terminationOutcome(t)!)).toMatch(/killed after 12\.\d s of 10 s$/);
  });

  it('a hook cut off by the grace period ends at the deadline, even if its event arrives later', () => {
    const pod = deleting(lifecyclePod({ status: terminatedStatus(137, 2, 67) }), 60, 5);
    const late = map(pod, { observations: { containers: { lifecycle: { hookFailedAt: ms(68) } } } })[0]!.termination!;
    expect(late.hookEndedAt).toBe(ms(65));
    // `sleep 5` with grace 5 ends at the deadline; the kubelet then gives TERM its 2 s
    // minimum, so KILL (exit 137 within finishedAt's second 67) came at 67.0. (The kubelet's
    // Killing event, seen with the delete, pins its start.)
    const killing = { killingStampAt: ms(60), killingSeenAt: ms(60), killingAt: ms(60) };
    const estimated = map(pod, { observations: { deletionSeenAt: ms(60), containers: { lifecycle: killing } } })[0]!.termination!;
    expect(estimated).toMatchObject({ hookEndedAt: ms(65), hookEndEstimated: true, killSentAt: ms(67), exitedAt: ms(67) });
  });

  it('exit 137 well before the deadline is not a kill by the grace period', () => {
    const pod = deleting(lifecyclePod({ status: terminatedStatus(137, 2, 62, 'OOMKilled') }), 60, 30);
    const t = map(pod)[0]!.termination!;
    expect(t.killSentAt).toBeUndefined();
    expect(viewTermination(t, ms(63)).killed).toBe(false);
  });

  it('grace 0 is marked forced', () => {
    const pod = deleting(lifecyclePod({ status: runningStatus() }), 60, 0);
    expect(map(pod)[0]?.termination).toMatchObject({ graceSeconds: 0, forced: true });
  });

  it('containers that finished before the delete, or never started, get no bar', () => {
    const pod = deleting(lifecyclePod({ status: terminatedStatus(0, 2, 30) }), 60, 30);
    expect(map(pod)[0]?.termination).toBeUndefined();
    const waiting = deleting(lifecyclePod(), 60, 30);
    expect(map(waiting)[0]?.termination).toBeUndefined();
  });

  it('a Killing event without a delete (liveness restart) starts a bar with the pod grace', () => {
    const pod = lifecyclePod({ status: runningStatus(2) });
    const t = map(pod, { observations: { containers: { lifecycle: { killingAt: ms(50) } } } })[0]?.termination;
    expect(t).toMatchObject({ requestedAt: ms(50), graceSeconds: 30, deadline: ms(80), hasPreStop: true, hookEndFrom: ms(55), killDueAt: ms(80) });
    // Once restarted, that stop is history.
    const restarted = map(lifecyclePod({ status: runningStatus(58) }), { observations: { containers: { lifecycle: { killingAt: ms(50) } } } });
    expect(restarted[0]?.termination).toBeUndefined();
  });
});
