// Widths in terminal cells, not string length: a CJK character takes two cells, an emoji
// two, a combining mark none. Every column, pad and cut on screen and in the plain-text
// table goes through here so they line up whatever the text.
//
// Frames come many times a second and show the same texts again and again, so the cost
// of string-width's Unicode tables (grapheme segmentation, an emoji RegExp per grapheme)
// is paid once per distinct text: printable ASCII and the symbols podlife draws are one
// cell a character, and anything else is measured once and remembered in a bounded memo.
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { BoundedMap } from './bounded-map.js';

/**
 * Printable ASCII and the symbols of podlife's own bars, strips and labels (· × … – — −
 * † › arrows ↻ ≈ ≤ ≥ ─ │ █ ░ ✗ ± µ): each one UTF-16 unit and one cell (East Asian Width
 * Neutral or Ambiguous, narrow outside CJK locales, and none an emoji by default). A
 * combining mark or variation selector is outside the set, so such text is measured.
 * Also U+E000, a private-use character (Ambiguous, one cell), that starts the placeholder
 * of the table's painted rows (ui/painted-rows.ts): Ink measures a new one at each frame
 * whose rows changed, and string-width's first answer builds its emoji RegExp (~50 ms,
 * on the first screen's path).
 */
const ONE_CELL_EACH = /^[\x20-\x7E\u00B1\u00B5\u00B7\u00D7\u2013\u2014\u2020\u2026\u203A\u2190-\u2194\u21BB\u2212\u2248\u2264\u2265\u2500\u2502\u2588\u2591\u2717\uE000]*$/;
const ELLIPSIS = '…';

/** Distinct non-ASCII texts (and cuts) remembered; a screen shows a few hundred at most. */
export const WIDTH_MEMO_LIMIT = 4096;

const widths = new BoundedMap<string, number>(WIDTH_MEMO_LIMIT);
const cuts = new BoundedMap<string, string>(WIDTH_MEMO_LIMIT);
/** How often the Unicode tables were consulted (the memo's misses); tests read it. */
let measured = 0;

/** Whether every character of `text` is one UTF-16 unit, one grapheme and one cell (the set above). */
export function isOneCellEach(text: string): boolean {
  return ONE_CELL_EACH.test(text);
}

/** How many terminal cells `text` takes. */
export function cellWidth(text: string): number {
  if (ONE_CELL_EACH.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    measured++;
    width = stringWidth(text);
    widths.set(text, width);
  }
  return width;
}

/** Cuts `text` to at most `width` cells, with … at the end when cut. */
export function cutTo(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  // One cell per character: keep width - 1 of them and the ellipsis (what cli-truncate does).
  if (ONE_CELL_EACH.test(text)) return width === 1 ? ELLIPSIS : text.slice(0, width - 1) + ELLIPSIS;
  const key = `${width}\u0000${text}`;
  let cut = cuts.get(key);
  if (cut === undefined) {
    cut = cliTruncate(text, width, { position: 'end' });
    cuts.set(key, cut);
  }
  return cut;
}

/** Pads `text` with spaces to `width` cells (never cuts). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - cellWidth(text)));
}

/** Exactly `width` cells: cut with … when longer, padded when shorter. */
export function fit(text: string, width: number): string {
  return padTo(cutTo(text, width), width);
}

/** The memo's state: entries held and texts measured with the Unicode tables so far. */
export function widthMemoStats(): { entries: number; measured: number } {
  return { entries: widths.size, measured };
}

/** Empties the memo (tests start from a known state). */
export function clearWidthMemo(): void {
  widths.clear();
  cuts.clear();
}
