// A table row as one coloured line. Ink drew a row from nested <Text>s (the warning
// mark, the cells, the state and exit colours, the grace bar's parts or the strip): per
// frame it laid out, walked and joined eight nodes a row, each coloured through its
// own style function. Here the same text is made once per row change with the same
// colour calls Ink's <Text> makes (paint.ts, in the order of Text's transform: dim,
// colour, bold, inverse), so the row is one text node and its line on screen is
// unchanged.
import type { ContainerRow, Termination } from '../lifecycle/types.js';
import { graceBarParts } from '../render/grace-bar-text.js';
import { BAR_MIN_CELLS, cellText, type Column } from '../render/row-cells.js';
import { cellWidth, cutTo, fit } from '../render/widths.js';
import { withoutColours } from './ink-string-width.js';
import { bold, dim, inverse, paint } from './paint.js';
import { stateColor, theme } from './theme.js';

export interface RowLineProps {
  row: ContainerRow;
  columns: Column[];
  selected: boolean;
  barWidth: number;
  /** The AGE cell's text. */
  age: string;
  /** The REASON cell's text (it may count time: `postStart 3.2s…`, `not ready 12s`). */
  reason: string;
  /** The clock, for the grace bar (0 when the row has none). */
  now: number;
  /** The first warning's one-line message, if any (the row shows '!'). */
  warning?: string;
  strip: string;
}

/** The row's line: '! ' or '  ', the cells, then the grace bar, "stale" or the timeline strip. */
export function rowLine({ row, columns, selected, barWidth, age, reason, now, warning, strip }: RowLineProps): string {
  // A gone or stale row's cells are dimmed: they say what was, not what is.
  const faded = row.goneAt !== undefined || row.stale === true;
  const barFits = barWidth >= BAR_MIN_CELLS + 2;
  let cells = '';
  for (const c of columns) {
    const text = fit(c.id === 'age' ? age : c.id === 'reason' ? reason : cellText(row, c.id, now), c.width) + ' ';
    if (c.id === 'state') cells += paint(text, stateColor(row));
    else if (c.id === 'exit' && row.exitCode !== undefined && row.exitCode !== 0) cells += paint(text, theme.failed);
    else cells += text;
  }
  if (faded) cells = dim(cells);
  if (selected) cells = inverse(cells);
  let line = bold(paint(warning ? '! ' : '  ', theme.warning)) + cells;
  if (!barFits) return line;
  // The bar's label and the strip are cut to their column here, on plain text: Ink's cut
  // of the row's end (truncate-end) would give the same cells, through its ANSI-aware
  // truncation of the coloured line.
  if (row.termination) line += graceBar(row.termination, now, barWidth);
  else if (row.stale) line += paint('stale', theme.muted);
  else if (strip) line += paint(cutTo(strip, barWidth), theme.muted);
  return line;
}

/**
 * elapsed / grace, the phase, and seconds to KILL; the measured outcome once done. At most
 * `width` cells, the label cut first (the bar ends its row).
 */
export function graceBar(termination: Termination, now: number, width: number): string {
  // 12 cells when the label fits beside them, never fewer than BAR_MIN_CELLS: the label is cut first.
  const cells = Math.max(BAR_MIN_CELLS, Math.min(12, width - 36));
  const p = graceBarParts(termination, now, cells);
  const fill = p.phase === 'kill-due' || p.killed ? theme.barKill : theme.barFill;
  // '[', the cells, '] ', then the label in what is left.
  const label = cutTo(p.label, width - cells - 3);
  const bar = '[' + paint('█'.repeat(p.filled), fill) + paint('░'.repeat(p.empty), theme.muted) + ']';
  return label ? bar + ' ' + paint(label, p.killed ? theme.danger : undefined) : bar;
}

interface MadeLine {
  props: RowLineProps;
  line: string;
  /** It can be painted as it is: it fits the width and holds no control character for Ink to clean. */
  paintable: boolean;
  width: number;
}

/** Each row's line with what it was made from: under churn most rows on screen did not change. */
const madeLines = new WeakMap<ContainerRow, MadeLine>();
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The rows' lines to paint (painted-rows.ts), or undefined when one needs Ink's cut or cleaning. */
export function paintableLines(rows: readonly RowLineProps[], width: number): string[] | undefined {
  const lines: string[] = [];
  for (const props of rows) {
    let made = madeLines.get(props.row);
    if (!made || made.width !== width || !sameLineProps(made.props, props)) {
      const line = rowLine(props);
      const plain = withoutColours(line);
      made = { props, line, width, paintable: !CONTROL.test(plain) && cellWidth(plain) <= width };
      madeLines.set(props.row, made);
    }
    if (!made.paintable) return undefined;
    lines.push(made.line);
  }
  return lines;
}

function sameLineProps(a: RowLineProps, b: RowLineProps): boolean {
  return a.columns === b.columns && a.selected === b.selected && a.barWidth === b.barWidth && a.age === b.age && a.reason === b.reason && a.now === b.now && a.warning === b.warning && a.strip === b.strip;
}
