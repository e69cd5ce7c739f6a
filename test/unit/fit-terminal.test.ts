// Fitting the table and header into a terminal, counted in terminal cells (issue 15).
// Widths are checked against string-width's own count and the column rules of the issue:
// never dropped POD/CONTAINER/STATE/REASON, dropped first HOOKS, KIND, AGE, RST, EXIT.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitHeader, grouped, headerWidth, listingText } from '../../src/render/header-text.js';
import { BAR_MIN_CELLS, barLabelWidth, cellText, columnsFor, fitColumns, showsNamespace, terminationWidth, type ColumnId } from '../../src/render/row-cells.js';
import { graceBarParts } from '../../src/render/grace-bar-text.js';
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

describe('the screen at common widths', () => {
  it('shows NAMESPACE only with -A or several namespaces in view (as k9s does)', () => {
    expect(showsNamespace(['demo'])).toBe(false);
    expect(showsNamespace(['demo', 'demo'])).toBe(false);
    expect(showsNamespace([''])).toBe(true);
    expect(showsNamespace(['demo', 'prod'])).toBe(true);
  });

  it("never cuts a grace bar's label while a column below NAMESPACE is shown, from 80 to 200 columns", () => {
    const now = 1_000_000;
    // A pod 2 s into a 30 s preStop: "preStop … 2.0/30s · KILL in 28s", as in the screenshot.
    const stopping = dockerRow('running', 'default', { requestedAt: now - 2_000, graceSeconds: 30, deadline: now + 28_000, hasPreStop: true });
    const text = graceBarParts(stopping.termination!, now, 12).label;
    expect(text).toMatch(/^preStop .*2\.0\/30s · KILL in 28s$/);
    const below: ColumnId[] = ['cause', 'hooks', 'kind', 'age', 'restarts', 'exit'];
    for (const showNamespace of [false, true]) {
      const kube = columnsFor('kubernetes', { showNamespace, showContext: false, showCause: true });
      const label = barLabelWidth([stopping], now);
      expect(label).toBe('[############] '.length + stringWidth(text));
      for (let width = 80; width <= 200; width++) {
        // Long names: every column as wide as it may be.
        const columns = fitColumns(kube, width, () => 40, label);
        const kept = columns.map((c) => c.id);
        if (below.some((id) => kept.includes(id))) expect(terminationWidth(columns, width), `@${width}: ${kept}`).toBeGreaterThanOrEqual(label);
        // For the label only columns below NAMESPACE go: what the row is stays.
        const without = fitColumns(kube, width, () => 40).map((c) => c.id);
        for (const id of without.filter((id) => !kept.includes(id))) expect(below, `${id} dropped for the label @${width}`).toContain(id);
      }
      // At 200 columns everything fits with the label whole.
      expect(fitColumns(kube, 200, () => 40, label).map((c) => c.id)).toEqual(kube.map((c) => c.id));
    }
    expect(barLabelWidth([dockerRow('running')], now)).toBe(0);
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

  it('counts gone (†) rows as their own number, and only when there are some', () => {
    expect(fitHeader(title, { ...counts, gone: 2 }, 200).counts).toEqual(['Waiting 1', 'Running 12', 'Terminated 3', 'Gone† 2']);
    expect(fitHeader(title, { ...counts, gone: 0 }, 200).counts).toEqual(['Waiting 1', 'Running 12', 'Terminated 3']);
    const narrow = fitHeader(title, { ...counts, gone: 2 }, 44);
    if (narrow.counts) expect(narrow.counts.at(-1)).toMatch(/^(Gone† 2|† 2)$/);
    expect(headerWidth(narrow)).toBeLessThanOrEqual(44);
  });

  it('shows everything when there is room, and cuts the context name with … before the counts shorten', () => {
    const full = fitHeader(title, counts, 200);
    expect(full).toMatchObject({ contexts: CJK, sourceLabel: 'kubernetes', counts: ['Waiting 1', 'Running 12', 'Terminated 3'] });
    const narrow = fitHeader(title, counts, 70);
    expect(narrow.contexts).toMatch(/^本.*…$/);
    expect(narrow.counts).toEqual(['Waiting 1', 'Running 12', 'Terminated 3']);
  });
});

describe('the header while a list comes in pages', () => {
  it('says how many pods are listed and, marked ~ as the estimate it is, of how many; without an estimate (a selector) no total', () => {
    expect(listingText({ listed: 12_500, estimatedTotal: 50_000 })).toBe('listing 12,500 of ~50,000 pods');
    expect(listingText({ listed: 12_500 })).toBe('listing 12,500 pods');
  });

  it('groups digits in threes as English does (checked against Intl, which podlife does not load for it)', () => {
    for (const n of [0, 7, 999, 1_000, 12_500, 99_999, 100_000, 1_234_567, 50_000_000, -1_500]) expect(grouped(n)).toBe(n.toLocaleString('en'));
  });
});
