// Pods the kubelet stops on its own: each main ignores TERM, so the kubelet's KILL (and
// with it the grace it really used) is visible in containerd's log.
import type { DemoObject } from './kubernetes-cluster.js';

const IMAGE = 'registry.local/podlife/busybox:1.36';
const IGNORE_TERM = "trap '' TERM; ";

function pod(name: string, grace: number, main: Record<string, unknown>): DemoObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    // restartPolicy Always: a probe kill restarts the container in place.
    spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', ...main }], volumes: [{ name: 'mark', emptyDir: {} }] },
  };
}

const script = (body: string) => ['/bin/sh', '-c', body];

const LIVENESS = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 1 };

export const KUBELET_STOP_PODS: DemoObject[] = [
  // Healthy for 3 s, then its liveness probe fails, once: the restarted container finds the
  // mark its predecessor left in an emptyDir and stays healthy. The probe's grace (5 s) is
  // not the pod's (30 s).
  pod('liveness', 30, {
      command: script(`${IGNORE_TERM}touch /tmp/healthy; if [ ! -f /mark/killed ]; then sleep 3; touch /mark/killed; rm /tmp/healthy; fi; while :; do sleep 1; done`),
      livenessProbe: { ...LIVENESS, terminationGracePeriodSeconds: 5 },
      lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 2'] } } },
    volumeMounts: [{ name: 'mark', mountPath: '/mark' }],
  }),
  // Killed by its liveness probe again and again (1 s after each start, grace 2 s).
  pod('liveness-loop', 30, {
    command: script(`${IGNORE_TERM}touch /tmp/healthy; sleep 1; rm /tmp/healthy; while :; do sleep 1; done`),
    livenessProbe: { ...LIVENESS, terminationGracePeriodSeconds: 2 },
  }),
  // A startup probe that never passes: killed after 3 failures, with its own 3 s grace.
  pod('startup', 30, {
    command: script(`${IGNORE_TERM}while :; do sleep 1; done`),
    startupProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 3, terminationGracePeriodSeconds: 3 },
  }),
  // postStart fails after a second: the kubelet kills the container with the pod's grace (4 s).
  pod('poststart-fails', 4, {
    command: script(`${IGNORE_TERM}while :; do sleep 1; done`),
    lifecycle: { postStart: { exec: { command: ['/bin/sh', '-c', 'sleep 1; exit 1'] } } },
  }),
  // Writes past its 1 MiB ephemeral-storage limit: the eviction manager stops it with its
  // 1 s override whatever the pod's grace (20 s) and its preStop (5 s) ask.
  pod('evicted', 20, {
    command: script(`${IGNORE_TERM}dd if=/dev/zero of=/tmp/fill bs=1M count=8; while :; do sleep 1; done`),
    resources: { limits: { 'ephemeral-storage': '1Mi' }, requests: { 'ephemeral-storage': '1Mi' } },
    lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 5'] } } },
  }),
];
