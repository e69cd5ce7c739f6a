// The row-caching output grid must give, frame after frame, exactly what Ink's own grid
// gives for the same writes: checked against Ink's Output class itself, over frames that
// change some lines and keep others, with colours, wide characters, several-line texts,
// clips and Ink's per-<Text> style functions.
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import { describe, expect, it } from 'vitest';
// Ink's own grid, by its file: the package exports only its index.
import InkOutput from '../../node_modules/ink/build/output.js';
import { random } from '../support/seeded-random.js';
import { outputLineCounts, rowCachingOutput, TEXTS_REMEMBERED, type Clip, type InkOutputClass, type LineTransformer } from '../../src/ui/ink-output.js';
import { placeholderFor } from '../../src/ui/painted-rows.js';

type Step = { write: [number, number, string, LineTransformer[]] } | { clip: Clip } | { unclip: true };

function draw(Output: InkOutputClass, width: number, height: number, steps: Step[]): string {
  const output = new Output({ width, height });
  for (const step of steps) {
    if ('write' in step) output.write(step.write[0], step.write[1], step.write[2], { transformers: step.write[3] });
    else if ('clip' in step) output.clip(step.clip);
    else output.unclip();
  }
  return output.get().output;
}

/**
 * What a terminal shows of a frame: per line, each cell's character and the set of styles
 * on it, as Ink's own tokenizer reads them (trailing plain blanks dropped). A line joined
 * from coloured texts and the same line from Ink's grid may spell their escape codes
 * differently (two adjacent red texts: one red run or two); the cells must be the same.
 */
function shown(frame: string): string[][] {
  return frame.split('\n').map((line) => {
    const cells = styledCharsFromTokens(tokenize(line)).map((c) => `${c.value}|${c.styles.map((st) => st.code).sort().join('')}`);
    while (cells.at(-1) === ' |') cells.pop();
    return cells;
  });
}

const red = (s: string) => `\u001B[31m${s}\u001B[39m`;
const PIECES = ['pod-00010', 'Running', red('Waiting'), '██░░', '古い', '👍', 'e\u0301', ' · ', 'ready', '\u001B[1mbold\u001B[22m', 'x'];
const upper: LineTransformer = (line) => line.toUpperCase();
const inverse: LineTransformer = (line) => `\u001B[7m${line}\u001B[27m`;
const numbered: LineTransformer = (line, index) => `${index}${line}`;

function frame(next: () => number, width: number, height: number): Step[] {
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const steps: Step[] = [];
  let clips = 0;
  for (let i = 0; i < 14; i++) {
    const roll = next();
    if (roll < 0.1) {
      steps.push({ clip: { x1: Math.floor(next() * 6), x2: 6 + Math.floor(next() * width), y1: next() < 0.5 ? undefined : Math.floor(next() * height), y2: next() < 0.5 ? undefined : Math.floor(next() * (height + 2)) } });
      clips++;
    } else if (roll < 0.15 && clips > 0) {
      steps.push({ unclip: true });
      clips--;
    } else {
      const text = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(PIECES)).join(next() < 0.2 ? '\n' : ' ');
      steps.push({ write: [Math.floor(next() * width) - 2, Math.floor(next() * (height + 1)) - 1, text, next() < 0.6 ? [] : [pick([upper, inverse, numbered])]] });
    }
  }
  return steps;
}

const bold: LineTransformer = (line) => `\u001B[1m${line}\u001B[22m`;
const dimRed: LineTransformer = (line) => `\u001B[2m\u001B[31m${line}\u001B[39m\u001B[22m`;
const green = (s: string) => `\u001B[32m${s}\u001B[39m`;
/** Cells as a row's nested <Text>s come: some coloured within, some leaving a style open. */
const CELLS = ['pod-00010', 'app', 'Running', 'ready', '14', '1s', 'up 1.3s', '↻2 › ↻3', '██░░ 3.1s', ' · ', '!', 'x', `a ${red('Error')} b`, `${green('Running')} ${red('3')}`, '\u001B[1mopen bold', `\u001B[7m${red('sel')} row\u001B[27m`];

/** Frames like the dashboard's: rows of cells side by side, coloured, some under a clip that may cut them. */
function table(next: () => number, width: number, height: number): Step[] {
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const steps: Step[] = [];
  for (let y = 0; y < height; y++) {
    const clip = next() < 0.2 ? { x1: Math.floor(next() * 4), x2: width - Math.floor(next() * 8), y1: next() < 0.5 ? undefined : y - 1, y2: next() < 0.5 ? undefined : y + Math.floor(next() * 2) } : undefined;
    if (clip) steps.push({ clip });
    let x = Math.floor(next() * 2);
    while (x < width) {
      const text = pick(CELLS);
      steps.push({ write: [x, y, text, next() < 0.5 ? [] : [pick([inverse, bold, dimRed])]] });
      x += text.replace(/\u001B\[[\d;]*m/g, '').length + Math.floor(next() * 3) - (next() < 0.05 ? 3 : 0); // now and then an overlap
    }
    if (clip) steps.push({ unclip: true });
  }
  return steps;
}

/** The row-caching grid over Ink's, and how many one-line grids of Ink's it has drawn lines with. */
function countingLineGrids() {
  let grids = 0;
  class CountingOutput extends (InkOutput as unknown as InkOutputClass) {
    constructor(options: { width: number; height: number }) {
      super(options);
      if (options.height === 1) grids++;
    }
  }
  return { Cached: rowCachingOutput(CountingOutput), grids: () => grids };
}

describe('the row-caching output grid', () => {
  it("draws every frame as Ink's grid does, lines kept or changed, joined or through the grid", () => {
    const { Cached, grids } = countingLineGrids();
    const drawnBefore = outputLineCounts().linesDrawn;
    for (const make of [frame, table]) {
      for (let seed = 1; seed <= 40; seed++) {
        const next = random(seed);
        const width = 20 + Math.floor(next() * 30);
        const height = 3 + Math.floor(next() * 8);
        let steps = make(next, width, height);
        for (let f = 0; f < 12; f++) {
          expect(shown(draw(Cached, width, height, steps)), `${make.name}, seed ${seed}, frame ${f}`).toEqual(shown(draw(InkOutput as unknown as InkOutputClass, width, height, steps)));
          // The next frame: most writes kept, some replaced, sometimes a resize.
          const changed = make(next, width, height);
          steps = steps.map((s, i) => (next() < 0.25 && changed[i] ? changed[i]! : s));
        }
      }
    }
    // Both ways of drawing a line were taken, many times each.
    const joined = outputLineCounts().linesDrawn - drawnBefore - grids();
    expect(grids()).toBeGreaterThan(100);
    expect(joined).toBeGreaterThan(100);
  });

  it('takes a line unchanged since the frame before from that frame, and draws a changed one again', () => {
    const Cached = rowCachingOutput(InkOutput as unknown as InkOutputClass);
    const drawn = () => outputLineCounts().linesDrawn;
    const rows = (changed: string): Step[] => [{ write: [0, 0, 'header', []] }, { write: [0, 1, 'row one', []] }, { write: [0, 2, changed, []] }, { write: [0, 3, 'row three', []] }];
    let from = drawn();
    draw(Cached, 20, 4, rows('row two'));
    expect(drawn() - from).toBe(4);
    from = drawn();
    expect(draw(Cached, 20, 4, rows('row TWO'))).toBe('header\nrow one\nrow TWO\nrow three');
    expect(drawn() - from).toBe(1);
    from = drawn();
    // The same text with another style function (a <Text> rendered again with another colour).
    expect(draw(Cached, 20, 4, [...rows('row TWO').slice(0, 3), { write: [0, 3, 'row three', [upper]] }])).toBe('header\nrow one\nrow TWO\nROW THREE');
    expect(drawn() - from).toBe(1);
    from = drawn();
    // Another width: every line drawn again.
    draw(Cached, 21, 4, rows('row TWO'));
    expect(drawn() - from).toBe(4);
    // A taller terminal (a resize): the lines the frame before did not have are drawn, the
    // rest kept; then a shorter one keeps what it has.
    const ink = (height: number) => draw(InkOutput as unknown as InkOutputClass, 21, height, rows('row TWO'));
    from = drawn();
    expect(draw(Cached, 21, 6, rows('row TWO'))).toBe(ink(6));
    expect(drawn() - from).toBe(2);
    from = drawn();
    expect(draw(Cached, 21, 3, rows('row TWO'))).toBe(ink(3));
    expect(drawn() - from).toBe(0);
  });

  it("joins a line of coloured one-cell texts without Ink's grid, and leaves any other line to it", () => {
    const { Cached, grids } = countingLineGrids();
    const plain: Step[] = [{ write: [2, 0, 'pod-00010', [inverse]] }, { write: [12, 0, red('Waiting'), []] }, { write: [20, 0, `ready ${red('↻2')} › up 1.3s`, [inverse]] }];
    const frame = draw(Cached, 60, 1, plain);
    expect(grids()).toBe(0);
    expect(shown(frame)).toEqual(shown(draw(InkOutput as unknown as InkOutputClass, 60, 1, plain)));
    // Each of these needs the grid: a wide character, an escape other than a colour (a
    // link), a style function that changes the text, two writes that overlap, a clip that cuts one.
    const needGrid: Step[][] = [
      [{ write: [0, 0, '古い', []] }],
      [{ write: [0, 0, '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007', []] }],
      [{ write: [0, 0, 'running', [upper]] }],
      [{ write: [0, 0, 'pod-00010', []] }, { write: [4, 0, 'XX', []] }],
      [{ clip: { x1: 0, x2: 5, y1: undefined, y2: undefined } }, { write: [2, 0, 'Running', []] }, { unclip: true }],
    ];
    for (const steps of needGrid) {
      const before = grids();
      expect(shown(draw(Cached, 30, 1, steps)), JSON.stringify(steps)).toEqual(shown(draw(InkOutput as unknown as InkOutputClass, 30, 1, steps)));
      expect(grids(), JSON.stringify(steps)).toBe(before + 1);
    }
  });

  it("shares Ink's text caches between the lines it draws, frame after frame, and starts them afresh when full", () => {
    const cachesSeen: object[] = [];
    class RecordingOutput extends (InkOutput as unknown as InkOutputClass) {
      override get() {
        cachesSeen.push((this as unknown as { caches: object }).caches);
        return super.get();
      }
    }
    const Cached = rowCachingOutput(RecordingOutput);
    // Texts with a wide character: lines that Ink's grid draws (plain one-cell texts do not reach it).
    draw(Cached, 20, 2, [{ write: [0, 0, 'one 古', []] }, { write: [0, 1, 'two 古', []] }]);
    draw(Cached, 20, 2, [{ write: [0, 0, 'one 古', [inverse]] }, { write: [0, 1, 'three 古', []] }]);
    expect(cachesSeen).toHaveLength(4);
    expect(new Set(cachesSeen).size).toBe(1);
    const first = cachesSeen[0] as { styledChars: Map<string, unknown> };
    // The texts of both frames, their coloured forms too, are in the one cache.
    for (const text of ['one 古', 'two 古', 'three 古', inverse('one 古', 0)]) expect(first.styledChars.has(text), text).toBe(true);
    // Bounded: past TEXTS_REMEMBERED texts the lines get a new, empty cache.
    for (let i = 0; i <= TEXTS_REMEMBERED; i++) draw(Cached, 20, 1, [{ write: [0, 0, `text 古 ${i}`, []] }]);
    draw(Cached, 20, 1, [{ write: [0, 0, 'after 古', []] }]);
    const last = cachesSeen.at(-1) as { styledChars: Map<string, unknown> };
    expect(last).not.toBe(first);
    expect(last.styledChars.size).toBeLessThan(10);
  });

  it('paints the table placeholder as the rows it stands for, each line as Ink draws that text there', () => {
    const { Cached, grids } = countingLineGrids();
    const next = random(7);
    for (let round = 0; round < 30; round++) {
      const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
      const lines = Array.from({ length: 1 + Math.floor(next() * 6) }, () => [pick(CELLS), pick(CELLS), pick(['古い', 'up 1.3s', red('Error')])].join(' '));
      const around: Step[] = [{ write: [0, 0, 'podlife header', [bold]] }, { write: [0, 8, 'footer', []] }];
      // Ink's per-<Text> style function of the placeholder is not applied: the lines come coloured.
      const painted = draw(Cached, 40, 9, [...around, { write: [2, 1, placeholderFor(lines), [upper]] }]);
      const asTexts = draw(InkOutput as unknown as InkOutputClass, 40, 9, [...around, ...lines.map((line, i): Step => ({ write: [2, 1 + i, line, []] }))]);
      expect(shown(painted), JSON.stringify(lines)).toEqual(shown(asTexts));
    }
    expect(grids()).toBeGreaterThan(0); // the wide characters' lines went through Ink's grid
  });
});
