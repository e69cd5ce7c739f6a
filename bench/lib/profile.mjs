// A .cpuprofile (node --cpu-prof) summed up: where the self time went, by package or
// podlife file, and the functions that took the most.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

function owner(url) {
  if (!url) return '(node/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return `podlife ${own[1]}`;
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('wasm://')) return 'WebAssembly (yoga-layout)';
  return path.basename(url);
}

/** {totalSeconds, byOwner: [[name, s]], byFunction: [[name, s]]} of the first profile in dir. */
export function summarizeProfile(dir, top = 12) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOwner = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    total += micros;
    const who = ['(garbage collector)', '(program)'].includes(name) ? name : owner(callFrame.url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
    const where = callFrame.url ? `${name} (${owner(callFrame.url)}:${callFrame.lineNumber + 1})` : name;
    byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, v / 1e6]);
  return { totalSeconds: total / 1e6, byOwner: sorted(byOwner), byFunction: sorted(byFunction) };
}

export function profileMarkdown(summary) {
  if (!summary) return 'No profile was written.';
  const pct = (s) => `${((s * 100) / summary.totalSeconds).toFixed(1)} %`;
  return [
    `Busy (non-idle) CPU in the profile: ${summary.totalSeconds.toFixed(2)} s.`,
    '',
    '| self time by package / file | s | share |',
    '| --- | --- | --- |',
    ...summary.byOwner.map(([k, s]) => `| ${k} | ${s.toFixed(2)} | ${pct(s)} |`),
    '',
    '| top functions (self time) | s | share |',
    '| --- | --- | --- |',
    ...summary.byFunction.map(([k, s]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${s.toFixed(2)} | ${pct(s)} |`),
  ].join('\n');
}
