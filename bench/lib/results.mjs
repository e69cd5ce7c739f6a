// Figures as they are measured, and the tables made of them. Every figure is kept per run
// so that a ratio is taken within one run (same machine state) and then its median.
import { median } from './numbers.mjs';

/** results[scenario][tool][figure][run - 1] */
const results = {};

export function note(scenario, tool, figure, run, value) {
  const list = (((results[scenario] ??= {})[tool] ??= {})[figure] ??= []);
  list[run - 1] = value;
}

export const values = (scenario, tool, figure) => results[scenario]?.[tool]?.[figure] ?? [];
export const med = (scenario, tool, figure) => median(values(scenario, tool, figure));

/** Median over runs of a/b taken within each run. */
export function ratio(scenario, figure, a, b) {
  const xs = values(scenario, a, figure);
  const ys = values(scenario, b, figure);
  const r = [];
  for (let i = 0; i < xs.length; i++) if (xs[i] !== undefined && ys[i] > 0) r.push(xs[i] / ys[i]);
  return median(r);
}

export const allResults = () => results;

export function fmt(value, digits = 2) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

const toolLabel = (t) => (t === 'kubectl' ? 'kubectl -w' : t);

/**
 * A markdown table: one row per figure, a column per tool (median over runs, the runs'
 * values in brackets when there are several), then podlife/k9s and podlife/kubectl.
 */
export function table(scenario, tools, rows) {
  const others = ['k9s', 'kubectl'].filter((t) => tools.includes(t) && tools.includes('podlife'));
  const header = ['figure', ...tools.map(toolLabel), ...others.map((t) => `podlife/${t === 'kubectl' ? 'kubectl' : t}`)];
  const lines = [header, header.map(() => '---')];
  // A row's fourth element, false: a figure of the machine, not of the tool, so no ratio.
  for (const [label, figure, digits, compared = true] of rows) {
    if (!tools.some((t) => values(scenario, t, figure).some((v) => v !== undefined))) continue;
    const cells = tools.map((t) => {
      const runs = values(scenario, t, figure);
      const m = median(runs);
      const shown = runs.filter((v) => v !== undefined);
      return shown.length > 1 ? `${fmt(m, digits)} (${shown.map((v) => fmt(v, digits)).join(', ')})` : fmt(m, digits);
    });
    const ratios = others.map((t) => {
      const r = compared ? ratio(scenario, figure, 'podlife', t) : undefined;
      return r === undefined ? '–' : `${r.toFixed(2)}×`;
    });
    lines.push([label, ...cells, ...ratios]);
  }
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
