// Fitting the table and header into a terminal, counted in terminal cells (issue 15).
// Widths are checked against string-width's own count and the column rules of the issue:
// never dropped POD/CONTAINER/STATE/REASON, dropped first HOOKS, KIND, AGE, RST, EXIT.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitHeader, headerWidth } from '../../src/render/header-text.js';
import { BAR_MIN_CELLS, cellText, columnsFor, fitColumns, terminationWidth, type ColumnId } from '../../src/render/row-cells.js';
import { alignColumns } from '../../src/render/table-text.js';
import { cutTo, fit } from '../../src/render/widths.js';
import { dockerRow } from '../support/rows.js';

const CJK = '本番クラスター東京';
const counts = { Waiting: 1, Running: 12, Terminated: 3 };

describe('widths in terminal cells', () => {
  it('pads and cuts CJK text, emoji and ambiguous glyphs by cells, with … at the end', () => {
    for (const text of [CJK, 'ok 👩‍💻 done', '█░†…', 'plain']) {
      for (const width of [1, 4, 7, 12, 30]) {
        const cell = fit(text, width);
        expect(stringWidth(cell), `${text} @${width}`).toBe(width);
        if (stringWidth(text) > width) expect(cell.trimEnd().endsWith('…')).toBe(true);
        else expect(cell.startsWith(text)).toBe(true);
      }
    }
    expect(cutTo(CJK, 6)).toBe('本番…');
  });

  it('aligns the plain-text table by cells when a cell is CJK', () => {
    const lines = alignColumns([`CONTEXT\tSTATE`, `${CJK}\tRunning`, `dev\tWaiting`]);
    const stateAt = lines.map((l) => stringWidth(l.slice(0, l.search(/(STATE|Running|Waiting)$/))));
    expect(new Set(stateAt).size).toBe(1);
  });
});

describe('columns on a narrow terminal', () => {
  const kube = columnsFor('kubernetes', { showNamespace: true, showContext: false });
  const ids = (width: number) => fitColumns(kube, width).map((c) => c.id);

  it('keeps POD, CONTAINER, STATE and REASON at every width from 40 to 200, and drops HOOKS, KIND, AGE, RST, EXIT in that order', () => {
    const dropOrder: ColumnId[] = ['hooks', 'kind', 'age', 'restarts', 'exit'];
    for (let width = 40; width <= 200; width++) {
      const kept = ids(width);
      for (const id of ['group', 'name', 'state', 'reason'] as const) expect(kept, `${id} @${width}`).toContain(id);
      // A column is only gone if every column before it in the order is gone too.
      const gone = dropOrder.map((id) => !kept.includes(id));
      expect(gone.slice(0, gone.lastIndexOf(true) + 1).every(Boolean), `@${width}: ${kept}`).toBe(true);
    }
    expect(ids(200)).toEqual(kube.map((c) => c.id));
  });

  it('leaves the bar at least 10 cells (plus its brackets) from 80 columns up, and never overflows the line', () => {
    for (let width = 40; width <= 200; width++) {
      const columns = fitColumns(kube, width);
      const used = 2 + columns.reduce((sum, c) => sum + c.width + 1, 0);
      expect(used, `@${width}`).toBeLessThanOrEqual(width);
      if (width >= 80) expect(terminationWidth(columns, width), `@${width}`).toBeGreaterThanOrEqual(BAR_MIN_CELLS + 2);
    }
  });

  it('sizes columns to the content on screen and cuts long names first, the reason last', () => {
    const rows = ['running', 'exited-oomkilled'].map((n) => dockerRow(n));
    const docker = columnsFor('docker', { showNamespace: false, showContext: false });
    const widest = (id: ColumnId) => Math.max(...rows.map((r) => stringWidth(cellText(r, id, Date.now()))));
    const wide = fitColumns(docker, 200, widest);
    expect(wide.find((c) => c.id === 'reason')!.width).toBe(Math.max(widest('reason'), 'REASON'.length));
    const narrow = fitColumns(docker, 60, () => 30);
    const width = (id: ColumnId) => narrow.find((c) => c.id === id)!.width;
    expect(width('reason')).toBeGreaterThan(width('group'));
  });
});

describe('the header line', () => {
  const title = { sourceLabel: 'kubernetes', contexts: CJK, namespace: ' ns:production', replay: false, readonly: true };

  it('fits every width from 40 to 200 cells and never cuts a count in the middle', () => {
    for (let width = 40; width <= 200; width++) {
      const h = fitHeader(title, counts, width);
      expect(headerWidth(h), `@${width}`).toBeLessThanOrEqual(width);
      if (h.counts) expect(h.counts.join(' ')).toMatch(/^(Waiting 1 Running 12 Terminated 3|W 1 R 12 T 3)$/);
    }
  });

  it('shows everything when there is room, and cuts the context name with … before the counts shorten', () => {
    const full = fitHeader(title, counts, 200);
    expect(full).toMatchObject({ contexts: CJK, sourceLabel: 'kubernetes', counts: ['Waiting 1', 'Running 12', 'Terminated 3'] });
    const narrow = fitHeader(title, counts, 70);
    expect(narrow.contexts).toMatch(/^本.*…$/);
    expect(narrow.counts).toEqual(['Waiting 1', 'Running 12', 'Terminated 3']);
  });
});
