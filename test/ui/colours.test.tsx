// The colours of a table row and of the header as the terminal gets them: Ink's output
// read back cell by cell (its colour codes parsed), against the theme's documented roles:
// the state in its state's colour, a failed exit code in red, the warning mark bold
// yellow, the selected row inverse, a gone row dim, the grace bar's filled cells magenta
// (red once KILL is due) and its empty cells gray, the timeline strip gray; the header's
// product name bold cyan, the context and namespace bold, each count in its state's
// colour, REPLAY yellow.
import './layout-engine.js';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import type { Column } from '../../src/render/row-cells.js';
import { Header } from '../../src/ui/Header.js';
import { Table } from '../../src/ui/Table.js';
import { dockerRow } from '../support/rows.js';
import { cells, type Cell } from '../support/sgr-cells.js';

const level = chalk.level;
beforeAll(() => {
  chalk.level = 1; // 16 colours: the codes below are the basic ones (32 green, 90 gray, …)
});
afterAll(() => {
  chalk.level = level;
});
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const GREEN = 32;
const RED = 31;
const YELLOW = 33;
const MAGENTA = 35;
const GRAY = 90;
const CYAN = 36;

const COLUMNS: Column[] = [
  { id: 'name', header: 'CONTAINER', width: 16, minWidth: 6 },
  { id: 'state', header: 'STATE', width: 11, minWidth: 5 },
  { id: 'exit', header: 'EXIT', width: 5, minWidth: 4 },
];
// '  ' mark, then each column and a space.
const NAME = { from: 2, to: 18 };
const STATE = { from: 19, to: 30 };
const EXIT = { from: 31, to: 36 };
const BAR_FROM = 37;

function drawn(rows: ContainerRow[], opts: { now?: number; selected?: number; warning?: string; strip?: string; width?: number } = {}): Cell[][] {
  const app = render(
    <Table
      rows={rows}
      columns={COLUMNS}
      selected={opts.selected ?? -1}
      offset={0}
      height={10}
      width={opts.width ?? 100}
      now={opts.now ?? Date.now()}
      warningAndStrip={() => ({ warning: opts.warning, strip: opts.strip ?? '' })}
    />,
  );
  unmount = app.unmount;
  const lines = (app.lastFrame() ?? '').split('\n');
  expect(lines, 'the heading, then a line per row').toHaveLength(rows.length + 1);
  return lines.slice(1).map(cells);
}

const visible = (line: Cell[], span: { from: number; to: number }) => line.slice(span.from, span.to).filter((c) => c.char !== ' ');

describe('a row on screen, in the theme colours', () => {
  it('the state in its colour (Running green, exit 0 gray, a failure red), a failed exit code red, the rest uncoloured', () => {
    const [running, completed, failed] = drawn([dockerRow('running'), dockerRow('exited-0'), dockerRow('exited-1')]);
    const text = (line: Cell[], span: { from: number; to: number }) => line.slice(span.from, span.to).map((c) => c.char).join('').trim();
    expect(text(running!, STATE)).toBe('Running');
    expect(visible(running!, STATE).every((c) => c.fg === GREEN)).toBe(true);
    expect(visible(running!, NAME).every((c) => c.fg === undefined && !c.inverse && !c.dim)).toBe(true);
    expect(text(completed!, EXIT)).toBe('0');
    expect(visible(completed!, STATE).every((c) => c.fg === GRAY)).toBe(true);
    expect(visible(completed!, EXIT).every((c) => c.fg === undefined)).toBe(true);
    expect(text(failed!, EXIT)).toBe('1');
    expect(visible(failed!, STATE).every((c) => c.fg === RED)).toBe(true);
    expect(visible(failed!, EXIT).every((c) => c.fg === RED)).toBe(true);
  });

  it('the warning mark bold yellow; the selected row inverse, and only it; a gone row dim', () => {
    const gone: ContainerRow = { ...dockerRow('exited-0'), goneAt: Date.now() - 1_000 };
    const [first, second, third] = drawn([dockerRow('running'), { ...dockerRow('running'), key: 'second' }, gone], { selected: 1, warning: 'probe failed' });
    expect(first![0]).toMatchObject({ char: '!', fg: YELLOW, bold: true });
    expect(visible(first!, NAME).some((c) => c.inverse)).toBe(false);
    expect(visible(second!, NAME).every((c) => c.inverse)).toBe(true);
    expect(visible(second!, STATE).every((c) => c.inverse && c.fg === GREEN)).toBe(true);
    expect(visible(third!, NAME).every((c) => c.dim && !c.inverse)).toBe(true);
  });

  it('the grace bar: filled cells magenta, red once KILL is due; empty cells gray; the brackets uncoloured', () => {
    const requestedAt = Date.now() - 10_000;
    const stopping: ContainerRow = { ...dockerRow('running'), termination: { requestedAt, graceSeconds: 30, deadline: requestedAt + 30_000, hasPreStop: false, termSentAt: requestedAt } };
    const [during] = drawn([stopping], { now: requestedAt + 10_000 });
    const bar = during!.slice(BAR_FROM);
    expect(bar[0]).toMatchObject({ char: '[', fg: undefined });
    const filled = bar.filter((c) => c.char === '█');
    const empty = bar.filter((c) => c.char === '░');
    expect(filled.length).toBeGreaterThan(0);
    expect(empty.length).toBeGreaterThan(0);
    expect(filled.every((c) => c.fg === MAGENTA)).toBe(true);
    expect(empty.every((c) => c.fg === GRAY)).toBe(true);
    expect(bar.find((c) => c.char === ']')?.fg).toBeUndefined();
    const [over] = drawn([stopping], { now: requestedAt + 31_000 });
    const overFilled = over!.slice(BAR_FROM).filter((c) => c.char === '█');
    expect(overFilled.length).toBeGreaterThan(0);
    expect(overFilled.every((c) => c.fg === RED)).toBe(true);
  });

  it('the timeline strip gray, after the cells', () => {
    const [line] = drawn([dockerRow('running')], { strip: 'started 3m ago › ready' });
    const strip = line!.slice(BAR_FROM).filter((c) => c.char !== ' ');
    expect(strip.map((c) => c.char).join('')).toBe('started3mago›ready');
    expect(strip.every((c) => c.fg === GRAY)).toBe(true);
  });
});

describe('the header, in the theme colours', () => {
  it('podlife bold cyan, the context and namespace bold, each count in its state\'s colour, REPLAY yellow', () => {
    const app = render(
      <Header sourceLabel="kubernetes" contexts={['kind-dev']} namespace="shop" counts={{ Waiting: 1, Running: 2, Terminated: 3, gone: 4 }} statuses={[]} readonly={false} replay width={120} />,
    );
    unmount = app.unmount;
    const title = cells((app.lastFrame() ?? '').split('\n')[0]!);
    const text = title.map((c) => c.char).join('');
    expect(text).toBe('podlife kubernetes kind-dev ns:shop REPLAY  Waiting 1 Running 2 Terminated 3 Gone† 4');
    const at = (word: string) => title.slice(text.indexOf(word), text.indexOf(word) + word.length);
    expect(at('podlife').every((c) => c.fg === CYAN && c.bold)).toBe(true);
    expect(at('kubernetes').every((c) => c.fg === undefined && !c.bold)).toBe(true);
    expect(at('kind-dev').every((c) => c.bold && c.fg === undefined)).toBe(true);
    expect(at('shop').every((c) => c.bold)).toBe(true);
    expect(at('REPLAY').every((c) => c.fg === YELLOW)).toBe(true);
    expect(at('Waiting 1').every((c) => c.fg === YELLOW)).toBe(true);
    expect(at('Running 2').every((c) => c.fg === GREEN)).toBe(true);
    expect(at('Terminated 3').every((c) => c.fg === GRAY)).toBe(true);
    expect(at('Gone† 4').every((c) => c.fg === GRAY)).toBe(true);
  });
});
