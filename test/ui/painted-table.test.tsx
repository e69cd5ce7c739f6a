// Where podlife's output grid paints rows (the bundle), the table hands Ink a placeholder
// for its rows instead of a text each: the lines it stands for are those the table draws
// as texts, and a row Ink would have to cut or clean (a control character in a name) is
// drawn as texts again, by Ink.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import type { Column } from '../../src/render/row-cells.js';
import { withoutColours } from '../../src/ui/ink-string-width.js';
import { paintedLines, startPainting } from '../../src/ui/painted-rows.js';
import { Table } from '../../src/ui/Table.js';
import { dockerRow } from '../support/rows.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const COLUMNS: Column[] = [
  { id: 'name', header: 'CONTAINER', width: 12, minWidth: 6 },
  { id: 'state', header: 'STATE', width: 10, minWidth: 5 },
  { id: 'restarts', header: 'RST', width: 4, minWidth: 3 },
];
const now = Date.now();
const rows: ContainerRow[] = ['running', 'exited-1', 'created'].map((name) => dockerRow(name));

function drawn(table: ContainerRow[]): string[] {
  const app = render(<Table rows={table} columns={COLUMNS} selected={1} offset={0} height={5} width={60} now={now} warningAndStrip={() => ({ strip: 'up 3s' })} />);
  unmount = app.unmount;
  const lines = (app.lastFrame() ?? '').split('\n').slice(1);
  app.unmount();
  return lines;
}

describe('the table where rows are painted', () => {
  it('stands for the lines it draws as texts, and falls back to texts for a row Ink must clean', () => {
    const asTexts = drawn(rows); // no painting output in this process yet: texts
    expect(asTexts).toHaveLength(3);
    startPainting();
    const withPlaceholder = drawn(rows);
    // One placeholder text in a box as tall as the rows (Ink without podlife's grid shows it as it is).
    expect(withPlaceholder.slice(1).map((l) => l.trim())).toEqual(['', '']);
    const lines = paintedLines(withPlaceholder[0]!.trim());
    expect(lines?.map((l) => withoutColours(l).trimEnd())).toEqual(asTexts.map((l) => withoutColours(l).trimEnd()));

    const bell = { ...rows[0]!, name: 'app\u0007x', key: `${rows[0]!.key}-bell` };
    const cleaned = drawn([bell, ...rows.slice(1)]);
    expect(cleaned).toHaveLength(3);
    expect(cleaned[0]).toContain('appx'); // Ink's cleaning took the bell out
  });
});
