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
