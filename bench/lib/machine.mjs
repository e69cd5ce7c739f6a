// The whole machine's CPU, from /proc/stat: whether it is quiet enough to time a start,
// and where it went during a stretch of a run (the bench cluster's apiserver and etcd, the
// tool, and the rest: the load driver, mostly). On two cores a churn at 500 writes/s can
// fill the machine, and then no tool leaves the driver its rate.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KUBECONFIG } from './env.mjs';
import { cpuSeconds } from './proc.mjs';

const CLK_TCK = 100;

/** Busy and total CPU ticks of the whole machine so far, all cores (iowait counts as idle). */
function machineTicks() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Waits until the machine is quiet: at most `maxBusy` of all its cores busy over a window
 * of `windowMs`, for at most `timeoutMs`. Resolves to the last window's busy share (0–1).
 * A start timed while the apiserver or a previous tool still works measures the machine,
 * and the tool launched first after a heavy run pays for it most.
 */
export async function untilMachineQuiet({ maxBusy = 0.1, windowMs = 500, timeoutMs = 30_000 } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = machineTicks();
    const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    if (share <= maxBusy || Date.now() >= until) return share;
  }
}

/** The bench cluster's kube-apiserver and etcd (test/cluster writes their pids beside the kubeconfig). */
function controlPlanePids() {
  const dir = path.join(path.dirname(KUBECONFIG), 'pids');
  const pids = [];
  for (const name of ['kube-apiserver', 'etcd']) {
    try {
      pids.push(Number(readFileSync(path.join(dir, `${name}.pid`), 'utf8').trim()));
    } catch {
      // not started by test/cluster: left out of the split
    }
  }
  return pids;
}

/** A moment's CPU counters, to set against a later one (cpuSplit). toolPid: the tool's process tree, if one runs. */
export function cpuMark(toolPid) {
  return {
    machine: machineTicks(),
    controlPlane: controlPlanePids().reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    tool: toolPid === undefined ? 0 : cpuSeconds(toolPid),
  };
}

/**
 * Between two marks: the share of all cores that was busy, and the CPU seconds of the
 * apiserver and etcd, of the tool, and of everything else (the driver, the bench, tmux).
 */
export function cpuSplit(before, after) {
  const busySeconds = (after.machine.busy - before.machine.busy) / CLK_TCK;
  const controlPlane = after.controlPlane - before.controlPlane;
  const tool = after.tool - before.tool;
  return {
    busyShare: (after.machine.busy - before.machine.busy) / Math.max(1, after.machine.total - before.machine.total),
    controlPlane,
    tool,
    rest: Math.max(0, busySeconds - controlPlane - tool),
  };
}
