// @alcalzone/ansi-tokenize as Ink's output grid sees it. Ink builds each frame in a new
// grid whose caches last that frame only, so every line on screen is split into styled
// characters again (a grapheme segmenter over the whole line) although almost all of
// them are the lines of the frame before. Here the split of a whole text is remembered
// across frames, in a bounded memo. Ink only reads what it is given (it copies a cell
// before changing it), so handing out the same arrays again is safe.
import { styledCharsFromTokens as realStyledChars, tokenize as realTokenize, type StyledChar, type Token } from '@alcalzone/ansi-tokenize';
import { BoundedMap } from '../render/bounded-map.js';

export * from '@alcalzone/ansi-tokenize';

/** Distinct texts remembered: a frame writes a few hundred, and a long line's tokens take ~10 KB. */
export const TOKEN_MEMO_LIMIT = 600;

const tokens = new BoundedMap<string, Token[]>(TOKEN_MEMO_LIMIT);
const styled = new WeakMap<Token[], StyledChar[]>();

export function tokenize(text: string, endChar?: number): Token[] {
  if (endChar !== undefined && endChar !== Number.POSITIVE_INFINITY) return realTokenize(text, endChar);
  let found = tokens.get(text);
  if (found === undefined) {
    found = realTokenize(text);
    tokens.set(text, found);
  }
  return found;
}

export function styledCharsFromTokens(from: Token[]): StyledChar[] {
  let found = styled.get(from);
  if (found === undefined) {
    found = realStyledChars(from);
    styled.set(from, found);
  }
  return found;
}

/** Texts whose tokens are remembered (tests read it). */
export function tokenMemoSize(): number {
  return tokens.size;
}
