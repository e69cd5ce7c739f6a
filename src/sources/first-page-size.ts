// How many items a list's pages ask for: its first page, and in one namespace the rest.
// The first page is drawn as soon as it is in, so it only needs to fill the screen: every
// item on it is parsed and applied before that first frame, and the rest of the list
// follows in whole pages behind it. In one namespace of 500 pods in a 50-line terminal, a
// first page of 50 put the first full screen ~40 ms sooner than one of 100
// (bench/RESULTS.md).

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

/**
 * The pages after the first when the source watches one namespace. A page's JSON and its
 * objects are all held while it is parsed and applied: pages of 100 instead of 500 took
 * 5 MB off one namespace's peak RSS (500 pods: 96.6 → 91.5 MB, bench/RESULTS.md) for a
 * few more round trips. Across all namespaces the informer's 500 (kubectl's and client-go's
 * page) keeps a 50,000-pod list's round trips down.
 */
export const NAMESPACE_LIST_PAGE_SIZE = 100;
