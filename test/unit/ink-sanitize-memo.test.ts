// The remembering wrapper must answer exactly as Ink's own sanitizeAnsi (it is handed Ink's
// function itself here), call it once per distinct string while that string is
// remembered, and forget the oldest once more are remembered than its bound.
import { describe, expect, it } from 'vitest';
// Ink's own function, by its file: the package exports only its index.
import inkSanitizeAnsi from '../../node_modules/ink/build/sanitize-ansi.js';
import { rememberingSanitize, TEXTS_REMEMBERED } from '../../src/ui/ink-sanitize-memo.js';

const sanitize = inkSanitizeAnsi as (text: string) => string;

/** Texts Ink changes and texts it keeps: colours, colon parameters, cursor moves, controls, links, marks. */
const TEXTS = [
  'pod-00001  app  Running',
  '\u001B[32mRunning\u001B[39m  ready',
  '\u001B[38:5:196mred\u001B[39m',
  '\u001B[38:2::255:0:0mtruecolor\u001B[39m',
  '\u001B[4:3mcurly\u001B[24m',
  'before\u001B[2Jafter\u001B[1;1H',
  'bell\u0007 and del\u007F',
  '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
  '\u001B[1me\u0301\u001B[22m',
  '[██████░░░░░░] preStop 3.2/30s · KILL in 27s',
  'tab\there\nnew line',
];

describe("remembering Ink's sanitizeAnsi", () => {
  it("answers as Ink's function does, first call and later ones", () => {
    const remembering = rememberingSanitize(sanitize);
    for (let round = 0; round < 3; round++) for (const text of TEXTS) expect(remembering(text), JSON.stringify(text)).toBe(sanitize(text));
    // The cases above are not all left alone by Ink: the check would pass for an identity function otherwise.
    expect(TEXTS.filter((t) => sanitize(t) !== t).length).toBeGreaterThan(3);
  });

  it('asks the function once per string it remembers, again once forgotten (bounded)', () => {
    const asked: string[] = [];
    const remembering = rememberingSanitize((text) => {
      asked.push(text);
      return sanitize(text);
    });
    remembering('row one');
    remembering('row one');
    remembering(`${'row'} one`); // an equal string made anew, as each frame makes them
    expect(asked).toEqual(['row one']);
    // Remembered while fewer than the bound came after it; forgotten once the bound did.
    for (let i = 0; i < TEXTS_REMEMBERED - 1; i++) remembering(`text ${i}`);
    remembering('row one');
    expect(asked.filter((t) => t === 'row one')).toHaveLength(1);
    for (let i = 0; i < TEXTS_REMEMBERED; i++) remembering(`other ${i}`);
    remembering('row one');
    expect(asked.filter((t) => t === 'row one')).toHaveLength(2);
  });
});
