// Figures read from /proc for a process and all its descendants.
import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = 100;

function children(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function tree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return all;
}

/** CPU seconds of the process and all its descendants (live ones and reaped ones). */
export function cpuSeconds(pid) {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime stime cutime cstime are fields 14–17 (1-based); fields[] starts at field 3
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLK_TCK;
}

function statusKb(pid, field) {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // gone meanwhile
    }
  }
  return kb;
}

/** Peak RSS (VmHWM) of the process tree, MB. */
export const peakRssMb = (pid) => statusKb(pid, 'VmHWM') / 1024;

/** RSS now (VmRSS) of the process tree, MB. */
export const rssMb = (pid) => statusKb(pid, 'VmRSS') / 1024;

/**
 * CPU ticks of each thread of one process now: tid → { name, ticks }. podlife's CPU is
 * spread over threads a main-thread profile never sees (the stream reader, V8's compiler
 * and garbage collector helpers); this says how much each had.
 */
export function threadTicks(pid) {
  const out = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // gone meanwhile
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Each kind of thread's share (%) of the CPU between two threadTicks() of `pid`: its main
 * thread, the stream reader (Node names a worker thread "WorkerThread"), V8's platform
 * threads ("V8Worker": compiling, collecting garbage) and the rest.
 */
export function threadShares(pid, before, after) {
  const used = { main: 0, reader: 0, v8: 0, other: 0 };
  for (const [tid, { name, ticks }] of after) {
    const spent = ticks - (before.get(tid)?.ticks ?? 0);
    const kind = tid === pid ? 'main' : name === 'WorkerThread' ? 'reader' : name === 'V8Worker' ? 'v8' : 'other';
    used[kind] += spent;
  }
  const total = used.main + used.reader + used.v8 + used.other;
  return Object.fromEntries(Object.entries(used).map(([kind, ticks]) => [kind, total > 0 ? (100 * ticks) / total : 0]));
}
