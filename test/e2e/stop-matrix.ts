// The kinds of termination the live bar must get right, as real pods: each a shape of
// preStop (none, exec `sleep N`, the `sleep` action, an httpGet that fails, one longer
// than the grace period), a main process that exits on TERM or ignores it, a native
// sidecar, and a delete with grace 1 (`kubectl delete --now`).
const IMAGE = 'registry.local/podlife/busybox:1.36';
const EXITS_ON_TERM = ['/bin/sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];
const IGNORES_TERM = ['/bin/sh', '-c', "trap '' TERM; while :; do sleep 1; done"];

export interface StopCase {
  /** The pod's name, and what it shows. */
  name: string;
  what: string;
  /** The delete's grace period (undefined: the pod's own). */
  deleteGrace?: number;
  pod: Record<string, unknown>;
}

function container(name: string, command: string[], preStop?: Record<string, unknown>): Record<string, unknown> {
  return { name, image: IMAGE, imagePullPolicy: 'Never', command, ...(preStop ? { lifecycle: { preStop } } : {}) };
}

function pod(name: string, grace: number, containers: Record<string, unknown>[], initContainers?: Record<string, unknown>[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { terminationGracePeriodSeconds: grace, containers, ...(initContainers ? { initContainers } : {}) },
  };
}

const execSleep = (seconds: number) => ({ exec: { command: ['/bin/sh', '-c', `sleep ${seconds}`] } });

export const STOP_CASES: StopCase[] = [
  { name: 'exec-sleep-term', what: 'exec `sleep 3` preStop, main exits on TERM', pod: pod('exec-sleep-term', 16, [container('main', EXITS_ON_TERM, execSleep(3))]) },
  { name: 'exec-sleep-ignore', what: 'exec `sleep 3` preStop, main ignores TERM: KILL at the deadline', pod: pod('exec-sleep-ignore', 8, [container('main', IGNORES_TERM, execSleep(3))]) },
  {
    name: 'http-fail',
    what: 'httpGet preStop to a closed port (FailedPreStopHook), main ignores TERM',
    pod: pod('http-fail', 6, [container('main', IGNORES_TERM, { httpGet: { path: '/drain', port: 9 } })]),
  },
  { name: 'sleep-action', what: 'the `sleep` lifecycle action (3 s), main exits on TERM', pod: pod('sleep-action', 10, [container('main', EXITS_ON_TERM, { sleep: { seconds: 3 } })]) },
  { name: 'no-prestop-ignore', what: 'no preStop, main ignores TERM: KILL at the deadline', pod: pod('no-prestop-ignore', 4, [container('main', IGNORES_TERM)]) },
  { name: 'prestop-over-grace', what: 'exec `sleep 10` preStop with grace 4: TERM at the deadline, KILL 2 s later', pod: pod('prestop-over-grace', 4, [container('main', IGNORES_TERM, execSleep(10))]) },
  {
    name: 'sidecar',
    what: 'a native sidecar beside a main with a 3 s preStop: the sidecar gets TERM only after the main exited',
    pod: pod('sidecar', 15, [container('main', EXITS_ON_TERM, execSleep(3))], [{ ...container('proxy', EXITS_ON_TERM), restartPolicy: 'Always' }]),
  },
  { name: 'delete-now', what: '`delete --now` (grace 1), main ignores TERM: the kubelet still gives 2 s', deleteGrace: 1, pod: pod('delete-now', 30, [container('main', IGNORES_TERM)]) },
];
