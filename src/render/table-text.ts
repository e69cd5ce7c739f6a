// The table as plain text for pipes: the same columns as the TUI, no colour, no truncation
// of the termination column.
import type { ContainerRow } from '../lifecycle/types.js';
import { graceBarText } from './grace-bar-text.js';
import { lastStopText } from './last-stop-text.js';
import { cellText, type Column } from './row-cells.js';
import { cellWidth, padTo } from './widths.js';

export function tableHeader(columns: Column[]): string {
  return [...columns.map((c) => c.header), 'TERMINATION'].join('\t');
}

export function tableLine(row: ContainerRow, columns: Column[], now: number): string {
  const cells = columns.map((c) => cellText(row, c.id, now) || '-');
  const termination = row.termination ? graceBarText(row.termination, now) : row.stale ? 'stale' : row.lastStop ? lastStopText(row.lastStop) : '';
  return [...cells, termination].join('\t').trimEnd();
}

/** Aligns tab-separated lines into columns, like `column -t -s $'\t'`, counting terminal cells. */
export function alignColumns(lines: string[]): string[] {
  const split = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const cells of split) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cellWidth(cell))));
  return split.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : padTo(cell, widths[i]!))).join('   ').trimEnd());
}
