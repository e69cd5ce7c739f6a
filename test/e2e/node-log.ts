// The node's own record of a container's stop: containerd's log on the local cluster,
// stamped to the nanosecond. "StopContainer for … with timeout N" is when the kubelet
// sent TERM (its preStop hook, and a sidecar's wait, were over), "Kill container" is the
// KILL once that timeout ran out, "shim disconnected" is when the process was gone.
// Each node has its own containerd and log (test/cluster/lib.sh node_env: node 1's is
// containerd.log, node N's containerd-N.log); a container's lines are in the log of the
// node it ran on, the only containerd that knows its id.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const LOG_DIR = join(process.env.PODLIFE_CLUSTER_DIR ?? '/tmp/podlife-cluster', 'logs');
/** Node 1's containerd log: there is always a node 1. */
export const CONTAINERD_LOG = join(LOG_DIR, 'containerd.log');

/** Every node's containerd log. */
function containerdLogs(): string[] {
  return readdirSync(LOG_DIR)
    .filter((f) => /^containerd(-\d+)?\.log$/.test(f))
    .map((f) => join(LOG_DIR, f));
}

/** The lines that mention container `id` (the runtime's id, no `containerd://`), from the log of the node it ran on. */
export function containerdLines(id: string): string[] {
  for (const file of containerdLogs()) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes(id));
    if (lines.length) return lines;
  }
  return [];
}

export function containerdLogMissing(): string | undefined {
  return existsSync(CONTAINERD_LOG) ? undefined : `no containerd log at ${CONTAINERD_LOG} (the cluster is not the one npm run cluster:up starts)`;
}

export interface NodeStop {
  /** TERM (StopContainer), epoch ms. */
  term?: number;
  /** The stop timeout the kubelet gave TERM, in seconds. */
  termTimeoutSeconds?: number;
  /** KILL (the timeout ran out). */
  kill?: number;
  /** The process is gone. */
  exit?: number;
}

/** What containerd logged about stopping the container `id` (the runtime's id, no `containerd://`). */
export function nodeStop(id: string): NodeStop {
  const stop: NodeStop = {};
  for (const line of containerdLines(id)) {
    const at = stampOf(line);
    if (at === undefined) continue;
    const timeout = /StopContainer for \\"[0-9a-f]+\\" with timeout (\d+)/.exec(line);
    if (timeout && stop.term === undefined) {
      stop.term = at;
      stop.termTimeoutSeconds = Number(timeout[1]);
    } else if (line.includes(`msg="Kill container \\"${id}\\""`) && stop.kill === undefined) stop.kill = at;
    else if (line.includes(`msg="shim disconnected" id=${id}`) && stop.exit === undefined) stop.exit = at;
  }
  return stop;
}

/** containerd's `time="2026-11-25T15:13:30.192078103Z"` → epoch ms with the sub-millisecond part kept. */
export function stampOf(line: string): number | undefined {
  const match = /^time="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z"/.exec(line);
  if (!match) return undefined;
  return Date.parse(`${match[1]}Z`) + Number(match[2] ?? 0) * 1000;
}
