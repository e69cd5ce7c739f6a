// Terminal widths by the Unicode rules terminals follow (UAX #11 East Asian Width, emoji
// presentation): the figures below are those rules, not string-width's output, and the
// memo that spares frames the Unicode tables must neither change them nor grow unbounded.
import cliTruncate from 'cli-truncate';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/render/bounded-map.js';
import { WIDTH_MEMO_LIMIT, cellWidth, clearWidthMemo, cutTo, fit, widthMemoStats } from '../../src/render/widths.js';

beforeEach(() => clearWidthMemo());

describe('cellWidth', () => {
  it('counts printable ASCII as one cell a character', () => {
    expect(cellWidth('')).toBe(0);
    expect(cellWidth('web-7d9f8-x2x9z')).toBe(15);
    expect(cellWidth('CrashLoopBackOff (exit 137)')).toBe(27);
  });

  it('counts East Asian Wide characters as two cells (UAX #11: W and F)', () => {
    expect(cellWidth('日本語')).toBe(6); // CJK ideographs
    expect(cellWidth('クラスター')).toBe(10); // katakana, including the prolonged sound mark
    expect(cellWidth('ＡＢ')).toBe(4); // fullwidth Latin (F)
    expect(cellWidth('prod-東京')).toBe(9);
  });

  it('counts an emoji with emoji presentation as two cells, a ZWJ sequence as one emoji', () => {
    expect(cellWidth('👍')).toBe(2);
    expect(cellWidth('ok 🚀')).toBe(5);
    expect(cellWidth('👩‍💻')).toBe(2); // woman + ZWJ + laptop renders as one glyph
  });

  it('counts combining marks as nothing and ambiguous-width glyphs as one cell (not a CJK locale)', () => {
    expect(cellWidth('e\u0301')).toBe(1); // e + COMBINING ACUTE ACCENT
    expect(cellWidth('…')).toBe(1);
    expect(cellWidth('█░')).toBe(2);
    expect(cellWidth('↔\uFE0F')).toBe(2); // VARIATION SELECTOR-16 asks for the emoji presentation
  });

  it("counts the symbols of podlife's bars and strips as one cell each without the Unicode tables", () => {
    // East Asian Width N or A, none an emoji by default (UAX #11, UTS #51).
    const symbols = '·×…–—−†›←↑→↓↔↻≈≤≥─│█░✗±µ';
    const before = widthMemoStats().measured;
    for (const symbol of symbols) expect(cellWidth(symbol), symbol).toBe(1);
    expect(cellWidth('pull 2s › start › up 5m ↻3')).toBe(26);
    expect(cellWidth('[████░░░░] 12 s → KILL')).toBe(22);
    expect(widthMemoStats().measured).toBe(before);
  });

  it("counts the painted rows' placeholder (private use U+E000: Ambiguous, one cell) without the Unicode tables", () => {
    const before = widthMemoStats().measured;
    expect(cellWidth('\uE000rows 12')).toBe(8);
    expect(widthMemoStats().measured).toBe(before);
  });
});

describe('cutTo and fit', () => {
  it('cut ASCII to width - 1 characters and an ellipsis, and leave text that fits alone', () => {
    expect(cutTo('kube-apiserver', 8)).toBe('kube-ap…');
    expect(cutTo('kube-apiserver', 1)).toBe('…');
    expect(cutTo('kube-apiserver', 0)).toBe('');
    expect(cutTo('etcd', 4)).toBe('etcd');
    expect(fit('etcd', 6)).toBe('etcd  ');
  });

  it('cut a strip of those symbols as cli-truncate does, at every width', () => {
    const strip = 'pull 2s › start › up 5m ↻3 · exit 0 † ≈ ≥ [██░░]';
    for (let width = 1; width <= strip.length + 1; width++) expect(cutTo(strip, width), `@${width}`).toBe(cliTruncate(strip, width, { position: 'end' }));
  });

  it('never split a wide character: a cut that would end inside one stops before it', () => {
    expect(cutTo('日本語', 4)).toBe('日…');
    expect(cutTo('日本語', 5)).toBe('日本…');
    expect(cellWidth(fit('日本語', 4))).toBe(4);
    expect(fit('日本語', 4)).toBe('日… ');
  });
});

describe('the width memo', () => {
  it('measures a non-ASCII text once however often it is asked, and ASCII never', () => {
    const before = widthMemoStats().measured;
    for (let i = 0; i < 100; i++) {
      cellWidth('prod-東京 › up 5m');
      cellWidth('plain ascii');
    }
    expect(widthMemoStats().measured - before).toBe(1);
  });

  it('holds at most its limit of texts however many distinct ones go through', () => {
    for (let i = 0; i < WIDTH_MEMO_LIMIT * 3; i++) expect(cellWidth(`up ${i}s › 東`)).toBe(`up ${i}s › `.length + 2);
    expect(widthMemoStats().entries).toBe(WIDTH_MEMO_LIMIT);
  });
});

describe('BoundedMap', () => {
  it('drops the oldest written entry when full, and rewriting a key does not evict', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('b', 3);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBe(1);
    m.set('c', 4);
    expect(m.get('a')).toBeUndefined();
    expect([m.get('b'), m.get('c'), m.size]).toEqual([3, 4, 2]);
  });
});
