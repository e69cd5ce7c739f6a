// Pod and Event objects shaped exactly as kube-apiserver serves them (JSON wire form),
// for the pure mapping tests. Real captures from the local cluster live in
// test/fixtures/kubernetes/ and are exercised by kubernetes-fixtures.test.ts.
import type { EventJson, PodJson } from '../../src/lifecycle/kubernetes-json.js';

export const T0 = '2026-11-25T08:00:00Z';
export const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString().replace('.000Z', 'Z');
export const ms = (seconds: number) => Date.parse(T0) + seconds * 1000;

/** The article's lifecycle pod: postStart exec, preStop exec ending in `sleep 5`. */
export function lifecyclePod(overrides: { status?: PodJson['status']; metadata?: Partial<NonNullable<PodJson['metadata']>>; nodeName?: string | null } = {}): PodJson {
  return {
    kind: 'Pod',
    metadata: {
      name: 'lifecycle',
      namespace: 'demo',
      uid: '3c1e0f4a-8a51-4a0e-9d3b-6f1c2d7e9a01',
      resourceVersion: '1042',
      creationTimestamp: at(0),
      ...overrides.metadata,
    },
    spec: {
      ...(overrides.nodeName === null ? {} : { nodeName: overrides.nodeName ?? 'podlife-node' }),
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: 'lifecycle',
          image: 'busybox:podlife',
          lifecycle: {
            postStart: { exec: { command: ['/bin/sh', '-c', 'echo postStart >> /start.txt'] } },
            preStop: { exec: { command: ['/bin/sh', '-c', 'echo postStop >> /stop.txt && sleep 5'] } },
          },
        },
      ],
    },
    status: overrides.status ?? { phase: 'Pending' },
  };
}

export const runningStatus = (startedAtSeconds = 2): PodJson['status'] => ({
  phase: 'Running',
  containerStatuses: [
    {
      name: 'lifecycle',
      state: { running: { startedAt: at(startedAtSeconds) } },
      lastState: {},
      ready: true,
      started: true,
      restartCount: 0,
      image: 'docker.io/library/busybox:podlife',
      imageID: 'sha256:4b0f5a',
      containerID: 'containerd://9f8e7d6c5b4a',
    },
  ],
});

export const terminatedStatus = (exitCode: number, startedAt: number, finishedAt: number, reason = exitCode === 0 ? 'Completed' : 'Error'): PodJson['status'] => ({
  phase: exitCode === 0 ? 'Succeeded' : 'Failed',
  containerStatuses: [
    {
      name: 'lifecycle',
      state: { terminated: { exitCode, reason, startedAt: at(startedAt), finishedAt: at(finishedAt), containerID: 'containerd://9f8e7d6c5b4a' } },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
      image: 'docker.io/library/busybox:podlife',
      imageID: 'sha256:4b0f5a',
      containerID: 'containerd://9f8e7d6c5b4a',
    },
  ],
});

export function deleting(pod: PodJson, requestedAtSeconds: number, graceSeconds = 30): PodJson {
  return {
    ...pod,
    metadata: { ...pod.metadata, deletionTimestamp: at(requestedAtSeconds + graceSeconds), deletionGracePeriodSeconds: graceSeconds },
  };
}

export function podEvent(reason: string, message: string, seconds: number, extra: Partial<EventJson> = {}): EventJson {
  return {
    kind: 'Event',
    metadata: { name: `lifecycle.${reason.toLowerCase()}`, namespace: 'demo', creationTimestamp: at(seconds) },
    involvedObject: {
      kind: 'Pod',
      namespace: 'demo',
      name: 'lifecycle',
      uid: '3c1e0f4a-8a51-4a0e-9d3b-6f1c2d7e9a01',
      fieldPath: 'spec.containers{lifecycle}',
    },
    reason,
    message,
    type: reason.startsWith('Failed') || reason === 'BackOff' ? 'Warning' : 'Normal',
    count: 1,
    firstTimestamp: at(seconds),
    lastTimestamp: at(seconds),
    eventTime: null,
    ...extra,
  };
}
