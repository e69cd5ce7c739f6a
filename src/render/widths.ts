// Widths in terminal cells, not string length: a CJK character takes two cells, an emoji
// two, a combining mark none. Every column, pad and cut on screen and in the plain-text
// table goes through here so they line up whatever the text.
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** How many terminal cells `text` takes. */
export function cellWidth(text: string): number {
  // Most cells (names, states, reasons) are ASCII: skip the Unicode tables for them.
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Cuts `text` to at most `width` cells, with … at the end when cut. */
export function cutTo(text: string, width: number): string {
  if (width <= 0) return '';
  return cellWidth(text) <= width ? text : cliTruncate(text, width, { position: 'end' });
}

/** Pads `text` with spaces to `width` cells (never cuts). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - cellWidth(text)));
}

/** Exactly `width` cells: cut with … when longer, padded when shorter. */
export function fit(text: string, width: number): string {
  return padTo(cutTo(text, width), width);
}
