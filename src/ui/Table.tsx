import { Box, Text } from 'ink';
import { memo } from 'react';
import type { ContainerRow } from '../lifecycle/types.js';
import { cutTo, fit } from '../render/widths.js';
import { GraceBar } from './GraceBar.js';
import { BAR_MIN_CELLS, cellText, terminationWidth, type Column } from '../render/row-cells.js';
import { stateColor, theme } from './theme.js';

export interface TableProps {
  rows: readonly ContainerRow[];
  columns: Column[];
  selected: number;
  /** First visible row; the caller keeps the selection in view. */
  offset: number;
  height: number;
  width: number;
  now: number;
  /** What the row shows beyond its cells: a warning mark and the compact timeline strip. */
  warningAndStrip?: (row: ContainerRow, stripWidth: number) => { warning?: string; strip: string };
}

/** Renders only the rows that fit: a 15,000-row cluster costs the same as a 15-row one. */
export function Table({ rows, columns, selected, offset, height, width, now, warningAndStrip }: TableProps) {
  const visible = rows.slice(offset, offset + height);
  // The warning mark ('!'), the cells, then whatever is left for the bar or the strip.
  const barWidth = terminationWidth(columns, width);
  const hasAge = columns.some((c) => c.id === 'age');
  return (
    <Box flexDirection="column" width={width}>
      <TableHeading columns={columns} barWidth={barWidth} />
      {visible.map((row, i) => {
        const extra = warningAndStrip?.(row, barWidth) ?? { strip: '' };
        // The age, strip and warning go in as text and the clock only to a running bar or a
        // start-side time: a row whose text did not change is not rendered again (React.memo)
        // when the clock moves.
        return (
          <TableRow key={row.key} row={row} columns={columns} selected={offset + i === selected} barWidth={barWidth} age={hasAge ? cellText(row, 'age', now) : ''} reason={cellText(row, 'reason', now)} now={row.termination ? now : 0} warning={extra.warning} strip={extra.strip} />
        );
      })}
      {rows.length === 0 && <Text color={theme.muted}>no containers (yet)</Text>}
    </Box>
  );
}

/**
 * The column names. Memoised as the rows are: a <Text> rendered again hands Ink new style
 * functions, and Ink's frame then draws its line again (ui/ink-output.ts), under churn
 * every frame, for a line that changes only with the columns.
 */
const TableHeading = memo(function TableHeading({ columns, barWidth }: { columns: Column[]; barWidth: number }) {
  return (
    <Text bold wrap="truncate-end">
      {'  ' + columns.map((c) => fit(c.header, c.width) + ' ').join('')}
      {barWidth >= BAR_MIN_CELLS + 2 ? cutTo('TERMINATION / TIMELINE', barWidth) : ''}
    </Text>
  );
});

interface RowProps {
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

// One <Text> per row, its parts nested in it: one layout node for Ink to measure and place
// instead of five (the mark, the cells, the bar's column and its text), and one text to
// write into the frame. The bar's label and the strip are cut to their column here, on
// plain text; Ink's cut of the row's end (truncate-end) would give the same cells, but
// through its ANSI-aware truncation of the coloured row.
const TableRow = memo(function TableRow({ row, columns, selected, barWidth, age, reason, now, warning, strip }: RowProps) {
  const dim = row.goneAt !== undefined || row.stale === true;
  const barFits = barWidth >= BAR_MIN_CELLS + 2;
  return (
    <Text wrap="truncate-end">
      <Text color={theme.warning} bold>
        {warning ? '! ' : '  '}
      </Text>
      <Text inverse={selected} dimColor={dim}>
        {columns.map((c) => {
          const text = fit(c.id === 'age' ? age : c.id === 'reason' ? reason : cellText(row, c.id, now), c.width) + ' ';
          if (c.id === 'state') return <Text key={c.id} color={stateColor(row)}>{text}</Text>;
          if (c.id === 'exit' && row.exitCode !== undefined && row.exitCode !== 0) return <Text key={c.id} color={theme.failed}>{text}</Text>;
          return text;
        })}
      </Text>
      {row.termination && barFits && <GraceBar termination={row.termination} now={now} width={barWidth} />}
      {!row.termination && row.stale && barFits && <Text color={theme.muted}>stale</Text>}
      {!row.termination && !row.stale && barFits && strip && <Text color={theme.muted}>{cutTo(strip, barWidth)}</Text>}
    </Text>
  );
});
