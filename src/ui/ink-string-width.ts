// string-width as Ink and the helpers it draws with (widest-line, wrap-ansi, cli-truncate,
// slice-ansi) see it: they measure every text of every frame, and string-width segments
// each non-ASCII one into graphemes and tests an emoji RegExp on each; a row with one
// bar or timeline glyph is such a text.
// Here the colour codes podlife's texts carry are set aside and the rest goes through
// podlife's own measure (render/widths.ts): its symbols count one cell each, anything
// else is measured by string-width once and remembered. Asked anything unusual (other
// escapes, options), string-width answers itself.
import realStringWidth, { type Options } from 'string-width';
import { cellWidth } from '../render/widths.js';

/** Colour and style codes (SGR), the only escapes Ink and chalk put into a text. */
export const SGR = /\u001B\[[\d;]*m/g;

/** The text with its colour and style codes set aside (most texts have none: no RegExp then). */
export const withoutColours = (text: string): string => (text.includes('\u001B') ? text.replace(SGR, '') : text);

export default function stringWidth(text: string, options?: Options): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  if (options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) return realStringWidth(text, options);
  const plain = withoutColours(text);
  if (plain.includes('\u001B') || plain.includes('\u009B')) return realStringWidth(text, options);
  return cellWidth(plain);
}
