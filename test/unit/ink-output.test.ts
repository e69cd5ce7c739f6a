// The row-caching output grid must give, frame after frame, exactly what Ink's own grid
// gives for the same writes: checked against Ink's Output class itself, over frames that
// change some lines and keep others, with colours, wide characters, several-line texts,
// clips and Ink's per-<Text> style functions.
import { describe, expect, it } from 'vitest';
// Ink's own grid, by its file: the package exports only its index.
import InkOutput from '../../node_modules/ink/build/output.js';
import { rowCachingOutput, TEXTS_REMEMBERED, type Clip, type InkOutputClass, type LineTransformer } from '../../src/ui/ink-output.js';

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

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
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

describe('the row-caching output grid', () => {
  it("draws every frame as Ink's grid does, lines kept or changed", () => {
    const Cached = rowCachingOutput(InkOutput as unknown as InkOutputClass);
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const width = 20 + Math.floor(next() * 30);
      const height = 3 + Math.floor(next() * 8);
      let steps = frame(next, width, height);
      for (let f = 0; f < 12; f++) {
        expect(draw(Cached, width, height, steps), `seed ${seed}, frame ${f}`).toBe(draw(InkOutput as unknown as InkOutputClass, width, height, steps));
        // The next frame: most writes kept, some replaced, sometimes a resize.
        const changed = frame(next, width, height);
        steps = steps.map((s, i) => (next() < 0.25 && changed[i] ? changed[i]! : s));
      }
    }
  });

  it('takes a line unchanged since the frame before from that frame, and draws a changed one again', () => {
    let drawnLines = 0;
    class CountingOutput extends (InkOutput as unknown as InkOutputClass) {
      constructor(options: { width: number; height: number }) {
        super(options);
        if (options.height === 1) drawnLines++;
      }
    }
    const Cached = rowCachingOutput(CountingOutput);
    const rows = (changed: string): Step[] => [{ write: [0, 0, 'header', []] }, { write: [0, 1, 'row one', []] }, { write: [0, 2, changed, []] }, { write: [0, 3, 'row three', []] }];
    draw(Cached, 20, 4, rows('row two'));
    expect(drawnLines).toBe(4);
    drawnLines = 0;
    expect(draw(Cached, 20, 4, rows('row TWO'))).toBe('header\nrow one\nrow TWO\nrow three');
    expect(drawnLines).toBe(1);
    drawnLines = 0;
    // The same text with another style function (a <Text> rendered again with another colour).
    expect(draw(Cached, 20, 4, [...rows('row TWO').slice(0, 3), { write: [0, 3, 'row three', [upper]] }])).toBe('header\nrow one\nrow TWO\nROW THREE');
    drawnLines = 0;
    // Another width: every line drawn again.
    draw(Cached, 21, 4, rows('row TWO'));
    expect(drawnLines).toBe(4);
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
    draw(Cached, 20, 2, [{ write: [0, 0, 'one', []] }, { write: [0, 1, 'two', []] }]);
    draw(Cached, 20, 2, [{ write: [0, 0, 'one', [inverse]] }, { write: [0, 1, 'three', []] }]);
    expect(cachesSeen).toHaveLength(4);
    expect(new Set(cachesSeen).size).toBe(1);
    const first = cachesSeen[0] as { styledChars: Map<string, unknown> };
    // The texts of both frames, their coloured forms too, are in the one cache.
    for (const text of ['one', 'two', 'three', inverse('one', 0)]) expect(first.styledChars.has(text), text).toBe(true);
    // Bounded: past TEXTS_REMEMBERED texts the lines get a new, empty cache.
    for (let i = 0; i <= TEXTS_REMEMBERED; i++) draw(Cached, 20, 1, [{ write: [0, 0, `text ${i}`, []] }]);
    draw(Cached, 20, 1, [{ write: [0, 0, 'after', []] }]);
    const last = cachesSeen.at(-1) as { styledChars: Map<string, unknown> };
    expect(last).not.toBe(first);
    expect(last.styledChars.size).toBeLessThan(10);
  });
});
