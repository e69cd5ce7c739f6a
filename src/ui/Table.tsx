import { Box, Text } from 'ink';
import { memo } from 'react';
import type { ContainerRow } from '../lifecycle/types.js';
import { cutTo, fit } from '../render/widths.js';
import { BAR_MIN_CELLS, cellText, terminationWidth, type Column } from '../render/row-cells.js';
import { paintsRows, placeholderFor } from './painted-rows.js';
import { paintableLines, rowLine, type RowLineProps } from './row-line.js';
import { theme } from './theme.js';

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
  const rowProps = visible.map((row, i): RowLineProps => {
    const extra = warningAndStrip?.(row, barWidth) ?? { strip: '' };
    // The age, strip and warning go in as text and the clock only to a running bar or a
    // start-side time: a row whose text did not change is not made again when the clock moves.
    return { row, columns, selected: offset + i === selected, barWidth, age: hasAge ? cellText(row, 'age', now) : '', reason: cellText(row, 'reason', now), now: row.termination ? now : 0, warning: extra.warning, strip: extra.strip };
  });
  const painted = paintsRows() && rowProps.length > 0 ? paintableLines(rowProps, width) : undefined;
  if (painted) {
    return (
      <Box flexDirection="column" width={width}>
        <TableHeading columns={columns} barWidth={barWidth} />
        <Box height={painted.length} width={width}>
          <Text wrap="truncate-end">{placeholderFor(painted)}</Text>
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <TableHeading columns={columns} barWidth={barWidth} />
      {rowProps.map((props) => (
        <TableRow key={props.row.key} {...props} />
      ))}
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

// One <Text> per row holding the row's whole coloured line (row-line.ts): one layout
// node for Ink to measure, place and draw, and one string for React to compare. Memoised:
// a row whose props did not change is not rendered again when another row or the clock
// moves.
const TableRow = memo(function TableRow(props: RowLineProps) {
  return <Text wrap="truncate-end">{rowLine(props)}</Text>;
});
