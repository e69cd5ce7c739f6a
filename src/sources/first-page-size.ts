// How many items a list's first page asks for. The first page is drawn as soon as it is
// in, so it only needs to fill the screen: every item on it is parsed and applied before
// that first frame, and the rest of the list follows in whole pages behind it. In one
// namespace of 500 pods in a 50-line terminal, a first page of 50 put the first full
// screen ~40 ms sooner than one of 100 (bench/RESULTS.md).

/** The first page when the screen's height is unknown (not a terminal), and at most. */
export const FIRST_PAGE_MAX = 100;

/** The least a first page asks for, however short the terminal. */
export const FIRST_PAGE_MIN = 20;

/**
 * A first page for a terminal this many lines high: one item per line at least fills
 * it (a pod takes a line or more; the header's lines need none).
 */
export function firstPageSizeFor(terminalRows: number | undefined): number {
  if (terminalRows === undefined || !Number.isFinite(terminalRows) || terminalRows <= 0) return FIRST_PAGE_MAX;
  return Math.min(FIRST_PAGE_MAX, Math.max(FIRST_PAGE_MIN, Math.ceil(terminalRows)));
}
