// The counting line update must give exactly what Ink's own lineUpdate gives: checked
// against Ink's function itself over pairs of lines as frames make them (a shared start,
// then a change anywhere, also inside a colour code), and it must not hand the lines it
// can count to Ink, or it saves nothing.
import { describe, expect, it } from 'vitest';
// Ink's own function, by its file: the package exports only its index.
import inkLineUpdate from '../../node_modules/ink/build/line-update.js';
import { countingLineUpdate, type LineUpdate } from '../../src/ui/ink-line-update.js';

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

// What podlife's rows are made of: text, its bar and strip symbols, and colour codes.
const ONE_CELL = ['pod-00010', 'app', 'Running', 'KILL due', '██░░', '█', '░', ' › ', '·', '…', '→', '×', '✗', '─', '│', '≈', ' ', '  ', '0', '3m08s'];
const CODES = ['\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B[38;5;208m', '\u001B[0m', '\u001B[2m'];
// What only Ink can measure: wide, joined and combining characters, and a tab.
const OTHER = ['古い', '👍', 'e\u0301', '👩‍💻', '\t'];

/** A line's pieces: text and colour codes, as a frame writes them. */
function pieces(next: () => number, from: readonly string[], length: number): string[] {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const out: string[] = [];
  for (let n = 0; n < length; n += out.at(-1)!.length) out.push(next() < 0.25 ? pick(CODES) : pick(from));
  return out;
}

/** A pair of lines as two frames have them: the same first pieces, then anything (two codes differ inside). */
function pair(next: () => number, previousFrom: readonly string[], changeFrom: readonly string[], length: number): [string, string] {
  const previous = pieces(next, previousFrom, length);
  const keep = Math.floor(next() * (previous.length + 1));
  return [previous.join(''), [...previous.slice(0, keep), ...pieces(next, changeFrom, Math.floor(next() * 60))].join('')];
}

function counted(): { update: LineUpdate; inkCalls: () => number } {
  let calls = 0;
  const update = countingLineUpdate((previous, next, columns) => {
    calls++;
    return inkLineUpdate(previous, next, columns);
  });
  return { update, inkCalls: () => calls };
}

describe('counting line update', () => {
  it('gives what Ink gives for lines of one-cell characters, without asking Ink', () => {
    const { update, inkCalls } = counted();
    let partials = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const columns = [20, 80, 200][seed % 3]!;
      const [previous, nextLine] = pair(next, ONE_CELL, ONE_CELL, Math.floor(next() * 120));
      const expected = inkLineUpdate(previous, nextLine, columns);
      expect(update(previous, nextLine, columns), `seed ${seed}`).toBe(expected);
      if (!expected.startsWith('\u001B[1G')) partials++;
    }
    expect(inkCalls()).toBe(0);
    // Both outcomes were compared: lines rewritten whole and lines kept in part.
    expect(partials).toBeGreaterThan(50);
    expect(partials).toBeLessThan(400);
  });

  it('hands Ink the lines it cannot count, and any line without a width', () => {
    const { update, inkCalls } = counted();
    for (let seed = 1; seed <= 100; seed++) {
      const next = random(seed);
      const [previous, nextLine] = pair(next, [...ONE_CELL, ...OTHER], OTHER, 80);
      expect(update(previous, nextLine, 80), `seed ${seed}`).toBe(inkLineUpdate(previous, nextLine, 80));
    }
    const handed = inkCalls();
    expect(handed).toBeGreaterThan(90);
    expect(update('pod-1 █', 'pod-1 ░', undefined)).toBe(inkLineUpdate('pod-1 █', 'pod-1 ░', undefined));
    expect(inkCalls()).toBe(handed + 1);
  });
});
