// What bench/run.sh prepared (paths of the tools, the bench cluster's kubeconfig) and the
// scratch directory every run writes its logs to (never committed).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the bench with npm run bench`);
  return value;
};
export const KUBECONFIG = env('PODLIFE_BENCH_KUBECONFIG');
export const K9S = process.env.PODLIFE_BENCH_K9S ?? '';
export const DRIVER = env('PODLIFE_BENCH_DRIVER');
export const KUBECTL = env('PODLIFE_BENCH_KUBECTL');
export const SCRATCH = process.env.PODLIFE_BENCH_SCRATCH ?? path.join(os.tmpdir(), 'podlife-bench-run');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (...parts) => process.stderr.write(`[bench] ${parts.join(' ')}\n`);
export const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
