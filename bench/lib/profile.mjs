// A .cpuprofile (node --cpu-prof) summed up: where the self time went, by package or
// podlife file, and the functions that took the most. podlife runs bundled: a function of
// a bundle module is named by where it came from, through the source map beside the module
// (scripts/bundle.mjs writes one), so the tables still say `ink` or `store/store.ts`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function owner(url) {
  if (!url) return '(node/V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(?:dist|src)\/(.+)$/.exec(url);
  if (own) return `podlife ${own[1]}`;
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('wasm://')) return 'WebAssembly (yoga-layout)';
  return path.basename(url);
}

const sourceMaps = new Map();

/** The map written beside a bundle module, if there is one. */
function sourceMapOf(url) {
  if (!sourceMaps.has(url)) {
    const file = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : undefined;
    sourceMaps.set(url, file && existsSync(file) ? { map: new SourceMap(JSON.parse(readFileSync(file, 'utf8'))), dir: path.dirname(file) } : undefined);
  }
  return sourceMaps.get(url);
}

/** Where a profiled function was written: its bundle module's source, or its own file. */
function original(callFrame) {
  const found = callFrame.url && sourceMapOf(callFrame.url);
  if (!found) return { url: callFrame.url, line: callFrame.lineNumber };
  const entry = found.map.findEntry(callFrame.lineNumber, callFrame.columnNumber);
  if (!entry?.originalSource) return { url: callFrame.url, line: callFrame.lineNumber };
  return { url: pathToFileURL(path.resolve(found.dir, entry.originalSource)).href, line: entry.originalLine };
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
    const from = original(callFrame);
    const who = ['(garbage collector)', '(program)'].includes(name) ? name : owner(from.url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
    const where = from.url ? `${name} (${owner(from.url)}:${from.line + 1})` : name;
    byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, v / 1e6]);
  return { totalSeconds: total / 1e6, byOwner: sorted(byOwner), byFunction: sorted(byFunction) };
}

export function profileMarkdown(summary) {
  if (!summary) return 'No profile was written.';
  const pct = (s) => `${((s * 100) / summary.totalSeconds).toFixed(1)} %`;
  return [
    // V8's profiler samples the main thread on a clock: a write blocked in the kernel counts as
    // busy there, and the other threads (the stream reader, V8's compiler and collector) are
    // not in it at all; the churn table gives each kind of thread's share of the CPU.
    `Busy (non-idle) time of the main thread in the profile: ${summary.totalSeconds.toFixed(2)} s (sampled on a clock: time blocked in a system call counts; other threads are not in it, see the shares by thread above).`,
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
