// Ink's incremental rendering rewrites a changed screen line from the first cell that
// differs. To find that cell it walks the unchanged part of both lines grapheme by
// grapheme with Intl.Segmenter, unless both are printable ASCII. A row with a grace bar
// or a timeline glyph is not ASCII, so each changed row paid ~0.2 ms for it: every row
// on screen at each second's tick, and in a burst's first frame (a drain, a rollout), at
// the moment the bars appear.
//
// podlife's own symbols are each one UTF-16 unit, one grapheme and one cell
// (render/widths.ts). A line made only of them, printable ASCII and colour codes (SGR)
// is measured here by counting, as Ink does for ASCII; any other line goes to Ink's own
// lineUpdate. The result is the same string Ink's would be (test/unit/ink-line-update).
import { isOneCellEach } from '../render/widths.js';
import { withoutColours } from './ink-string-width.js';

export type LineUpdate = (previous: string, next: string, columns: number | undefined) => string;

const cursorToColumn = (column: number) => `\u001B[${column + 1}G`;
const ERASE_END_OF_LINE = '\u001B[K';
const ESC = '\u001B';

/** Lines this module answered, and lines it handed to Ink, since the start (the tests read it). */
const counts = { counted: 0, handedToInk: 0 };

export function lineUpdateCounts(): { counted: number; handedToInk: number } {
  return { ...counts };
}

/** Ink's lineUpdate, answered without grapheme segmentation for lines of one-cell characters. */
export function countingLineUpdate(inkLineUpdate: LineUpdate): LineUpdate {
  return (previous, next, columns) => {
    const previousText = withoutColours(previous);
    const nextText = withoutColours(next);
    if (columns === undefined || !(columns >= 1) || !isOneCellEach(previousText) || !isOneCellEach(nextText)) {
      counts.handedToInk++;
      return inkLineUpdate(previous, next, columns);
    }
    counts.counted++;
    return oneCellLineUpdate(previous, next, previousText.length, nextText.length, columns);
  };
}

/** Both lines: SGR codes and characters one cell wide each, so text length is width. */
function oneCellLineUpdate(previous: string, next: string, previousWidth: number, nextWidth: number, columns: number): string {
  const full = cursorToColumn(0) + ERASE_END_OF_LINE + next;
  let common = 0;
  while (common < previous.length && common < next.length && previous[common] === next[common]) common++;
  if (common === 0) return full;
  // The cells before `common`: its characters, less any colour code it holds whole or in
  // part (a difference inside a code repaints from before the code). Every escape in a
  // line counted here starts a colour code (no other passed isOneCellEach), ended by its 'm'.
  let column = common;
  for (let at = next.indexOf(ESC); at !== -1 && at < common; at = next.indexOf(ESC, at + 1)) {
    column -= Math.min(next.indexOf('m', at) + 1 - at, common - at);
  }
  if (column === 0 || column >= columns || previousWidth > columns || nextWidth > columns) return full;
  // Where the cells after `column` start in `next`, and the colour codes in force there.
  let offset = column;
  let styles = '';
  for (let at = next.indexOf(ESC); at !== -1; at = next.indexOf(ESC, at + 1)) {
    const end = next.indexOf('m', at) + 1;
    if (at > offset || end > common) break;
    offset += end - at;
    styles += next.slice(at, end);
  }
  const partial = cursorToColumn(column) + ERASE_END_OF_LINE + styles + next.slice(offset);
  return partial.length < full.length ? partial : full;
}
