// A row is drawn as one text: its mark, its cells, then the grace bar or the strip in the
// room left. Whatever the width, the row takes exactly that many cells (no wrap, the
// cells in place), the bar keeps its brackets and only the label is cut, with …. The
// expected texts are the plain-text forms the headless output prints for the same moment.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { graceBarText } from '../../src/render/grace-bar-text.js';
import { cellText, type Column } from '../../src/render/row-cells.js';
import { Table } from '../../src/ui/Table.js';
import { dockerRow } from '../support/rows.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const COLUMNS: Column[] = [
  { id: 'name', header: 'CONTAINER', width: 12, minWidth: 6 },
  { id: 'state', header: 'STATE', width: 10, minWidth: 5 },
];

function rowLine(row: ContainerRow, width: number, now: number, strip = ''): string {
  const app = render(<Table rows={[row]} columns={COLUMNS} selected={-1} offset={0} height={5} width={width} now={now} warningAndStrip={() => ({ strip })} />);
  unmount = app.unmount;
  const lines = (app.lastFrame() ?? '').split('\n');
  expect(lines, 'the header, then one line for the row').toHaveLength(2);
  return lines[1]!;
}

const base = dockerRow('running');
const requestedAt = Date.now() - 4_000;
const stopping: ContainerRow = { ...base, termination: { requestedAt, graceSeconds: 30, deadline: requestedAt + 30_000, hasPreStop: false, termSentAt: requestedAt } };
const now = requestedAt + 4_000;
const cells = `  ${cellText(base, 'name', now).padEnd(12).slice(0, 12)} ${cellText(base, 'state', now).padEnd(10)} `;

it('a grace bar with room for its label: the row is the cells, then the bar as the headless output prints it', () => {
  const width = 100;
  const line = rowLine(stopping, width, now);
  expect(line.startsWith(cells), line).toBe(true);
  // The bar is 12 cells wide when its label fits (the headless output's default).
  expect(line.slice(cells.length).trimEnd()).toBe(graceBarText(stopping.termination!, now, 12));
  expect(stringWidth(line)).toBeLessThanOrEqual(width);
});

it('a narrow terminal: the bar keeps its brackets and its label is cut with …, the row exactly as wide as the terminal', () => {
  for (const width of [cells.length + 30, cells.length + 20, cells.length + 14]) {
    const line = rowLine(stopping, width, now);
    expect(line.startsWith(cells), `${width}: ${line}`).toBe(true);
    const bar = line.slice(cells.length);
    expect(bar, `${width}: ${line}`).toMatch(/^\[[█░]{10}\] .*…$/);
    expect(stringWidth(line), `${width}: ${line}`).toBe(width);
    // What is shown of the label is the label's start.
    const full = graceBarText(stopping.termination!, now, 10);
    expect(full.startsWith(bar.slice(0, -1)), `${width}: ${bar} against ${full}`).toBe(true);
  }
});

it('a strip longer than its room is cut at the edge with …', () => {
  const width = cells.length + 20;
  const line = rowLine(base, width, now, 'started 3m ago › ready 2m50s ago › probe ok › probe ok');
  expect(line.startsWith(cells), line).toBe(true);
  expect(line.slice(cells.length)).toBe('started 3m ago › re…');
});
