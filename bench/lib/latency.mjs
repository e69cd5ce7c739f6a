// podlife's --latency-log and PODLIFE_STATS_FILE, read back.
import { existsSync, readFileSync } from 'node:fs';
import { percentile } from './numbers.mjs';

const lines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** Event→frame figures for frames done within [from, to] (epoch ms). */
export function latencyFigures(file, from, to) {
  const lat = [];
  let frames = 0;
  for (const entry of lines(file)) {
    if (entry.end || entry.t < from || entry.t > to) continue;
    if (entry.wrote) frames++;
    lat.push(...entry.lat);
  }
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), max: lat.at(-1), records: lat.length, framesPerSecond: frames / ((to - from) / 1000) };
}

/** The stats lines podlife wrote (see src/perf/stats.ts). */
export const statsLines = (file) => lines(file);
