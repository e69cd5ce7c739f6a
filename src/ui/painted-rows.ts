// The table's rows painted into Ink's output instead of laid out and drawn as an Ink text
// each. A row's line is made once, as coloured text, by row-line.ts; React comparing the
// rows, yoga measuring the changed ones and Ink walking and writing each were about 16 %
// of podlife's CPU at 100 changes/s (bench/RESULTS.md, 2026-12-04 night). The table hands
// Ink one short placeholder text in a box as tall as its rows; podlife's output grid
// (ink-output.ts), meeting the placeholder, writes the rows' lines in its place, one per
// screen line, through the same line cache as any other text.
// Only where podlife's grid stands in for Ink's (the bundle and load-ink.ts swap it in:
// cli/ink-module-swaps.ts); Ink with its own grid (the tests of the components) draws the
// rows as texts, as before.

/** Starts every placeholder: a private-use character, which Ink's cleaning keeps (it strips controls). */
const PLACEHOLDER = '\uE000rows ';
/** Placeholders whose lines are kept: a frame React rendered but has not drawn yet may still name an older one. */
const KEPT = 4;

let painting = false;
let serial = 0;
const linesOf = new Map<string, readonly string[]>();
let last: { placeholder: string; lines: readonly string[] } | undefined;

/** The output grid paints rows (called as podlife's grid wraps Ink's). */
export function startPainting(): void {
  painting = true;
}

export function paintsRows(): boolean {
  return painting;
}

/** The placeholder text for these lines: the same while they are, so that React sees no change. */
export function placeholderFor(lines: readonly string[]): string {
  if (last && sameLines(last.lines, lines)) return last.placeholder;
  const placeholder = `${PLACEHOLDER}${++serial}`;
  linesOf.set(placeholder, lines);
  if (linesOf.size > KEPT) linesOf.delete(linesOf.keys().next().value!);
  last = { placeholder, lines };
  return placeholder;
}

/**
 * The lines a text stands for: undefined for any text but a placeholder, an empty list for
 * a placeholder no longer kept (it is then drawn as nothing, never as itself).
 */
export function paintedLines(text: string): readonly string[] | undefined {
  if (!text.startsWith(PLACEHOLDER)) return undefined;
  return linesOf.get(text) ?? [];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
