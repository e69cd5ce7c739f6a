// The header's first line fitted to the terminal: the counts are what a glance looks for,
// so they are never cut in the middle. Names give way first: the context list is cut
// with … (to 8 cells), then the source label goes, then the context list and the
// namespace are cut further, then the counts shorten (W 1 R 2 T 1), and only then go.
import type { ContainerState, ListingProgress } from '../lifecycle/types.js';
import { cellWidth, cutTo } from './widths.js';

type StateCounts = Record<ContainerState, number> & { gone?: number };

export interface HeaderTitle {
  sourceLabel: string;
  contexts: string;
  /** ' ns:NAME', or '' for sources without namespaces. */
  namespace: string;
  replay: boolean;
  readonly: boolean;
}

export interface FittedHeader extends HeaderTitle {
  /** The counts as text: full words, initials, or none; gone (†) rows fourth, when there are any. */
  counts: [waiting: string, running: string, terminated: string, gone?: string] | undefined;
}

export const PRODUCT = 'podlife';
export const REPLAY_FLAG = ' REPLAY';
export const READONLY_FLAG = ' [readonly]';
const COUNTS_GAP = '  ';
/** Cut names keep at least this many cells (with the …)… */
const NAME_MIN = 4;
/** …and the context list this many before the source label gives way. */
const CONTEXT_KEEP = 8;

function countTexts(counts: Readonly<StateCounts>, short: boolean): NonNullable<FittedHeader['counts']> {
  const texts: NonNullable<FittedHeader['counts']> = short
    ? [`W ${counts.Waiting}`, `R ${counts.Running}`, `T ${counts.Terminated}`]
    : [`Waiting ${counts.Waiting}`, `Running ${counts.Running}`, `Terminated ${counts.Terminated}`];
  // Gone rows are in no state's count: the object is gone, its row only kept for a while.
  if (counts.gone) texts.push(short ? `† ${counts.gone}` : `Gone† ${counts.gone}`);
  return texts;
}

export function headerWidth(h: FittedHeader): number {
  const source = h.sourceLabel ? ` ${h.sourceLabel}` : '';
  const title = `${PRODUCT}${source} ${h.contexts}${h.namespace}${h.replay ? REPLAY_FLAG : ''}${h.readonly ? READONLY_FLAG : ''}`;
  return cellWidth(title) + (h.counts ? cellWidth(COUNTS_GAP + h.counts.join(' ')) : 0);
}

export function fitHeader(title: HeaderTitle, counts: Readonly<StateCounts>, width: number): FittedHeader {
  let h: FittedHeader = { ...title, counts: countTexts(counts, false) };
  const over = () => headerWidth(h) - width;
  /** `text` less the overflow, keeping `prefix` and at least `min` cells of the rest. */
  const cut = (text: string, min: number, prefix = '') => {
    const rest = text.slice(prefix.length);
    return prefix + cutTo(rest, Math.max(Math.min(min, cellWidth(rest)), cellWidth(rest) - over()));
  };
  if (over() > 0) h = { ...h, contexts: cut(h.contexts, CONTEXT_KEEP) };
  if (over() > 0) h = { ...h, sourceLabel: '' };
  if (over() > 0) h = { ...h, contexts: cut(h.contexts, NAME_MIN) };
  if (over() > 0 && h.namespace) h = { ...h, namespace: cut(h.namespace, NAME_MIN, ' ns:') };
  if (over() > 0) h = { ...h, counts: countTexts(counts, true) };
  if (over() > 0) h = { ...h, counts: undefined };
  return h;
}

/**
 * "listing 12,500 of ~50,000 pods": a list under way in pages, its rows already shown. The
 * total is the server's estimate (remainingItemCount), marked ~; without one (a selector),
 * "listing 12,500 pods".
 */
export function listingText({ listed, estimatedTotal }: ListingProgress): string {
  return estimatedTotal === undefined ? `listing ${grouped(listed)} pods` : `listing ${grouped(listed)} of ~${grouped(estimatedTotal)} pods`;
}

/**
 * 12500 → "12,500". Not toLocaleString('en'): its first call loads ICU's number formats,
 * ~15 ms on the first frame of every start (the one this text is on).
 */
export function grouped(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const sign = n < 0 ? '-' : '';
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}
