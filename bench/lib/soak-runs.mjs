// The soak is one 20-minute run per tool, so its tools may be measured in separate
// sittings (`--only soak --soak-tools k9s,kubectl` now, `--soak-tools podlife` after a
// change). bench/soak-runs.json keeps each tool's latest full-size run: its figures, RSS
// samples, when, under what load and on which commit. A --results run replaces the entries
// of the tools it ran and draws the section from all of them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, loadAverage } from './env.mjs';
import { allResults, note } from './results.mjs';

const FILE = path.join(ROOT, 'bench', 'soak-runs.json');
const TOOL_ORDER = ['podlife', 'k9s', 'kubectl'];

/** What one tool's soak run was measured under: the commit and load when it began, the load as it ends. */
export function sitting(begun) {
  return { date: begun.startedAt.toISOString().slice(0, 16).replace('T', ' '), commit: begun.commit, loadStart: begun.loadStart, loadEnd: loadAverage() };
}

/**
 * Merges this invocation's runs (series, per-tool sittings) with the stored ones of the
 * tools it did not run; stores the merge when `keep` (a --results run). Returns every
 * tool's series and sitting, in the report's tool order, and notes their figures.
 */
export function mergeSoakRuns(series, sittings, keep) {
  const stored = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
  const measured = allResults().soak ?? {};
  const merged = { ...(keep ? stored : {}) };
  for (const tool of Object.keys(sittings)) {
    merged[tool] = { sitting: sittings[tool], figures: measured[tool] ?? {}, series: series.filter((s) => s.tool === tool) };
  }
  for (const [tool, entry] of Object.entries(merged)) {
    if (sittings[tool]) continue;
    for (const [figure, runs] of Object.entries(entry.figures)) runs.forEach((v, i) => v !== null && note('soak', tool, figure, i + 1, v));
  }
  if (keep) writeFileSync(FILE, `${JSON.stringify(merged, null, 1)}\n`);
  const tools = TOOL_ORDER.filter((t) => merged[t]);
  return { tools, series: tools.flatMap((t) => merged[t].series), sittings: Object.fromEntries(tools.map((t) => [t, merged[t].sitting])) };
}
