// V8 grows its young generation, up to the 8 MB semi-spaces the shebang allows, when much
// of what it allocates survives, as a list's pods do. Under churn over thousands of pods
// that size saves scavenges; in one namespace of a few hundred pods it only lifts peak
// memory (one namespace of 500 pods: 127 → 115 MB peak, held at V8's initial size). So
// podlife holds it there until the pods in view, or the list under way's estimate of
// them, reach YOUNG_GENERATION_GROWS_FROM_PODS. V8 reads the growth factor each time it
// would grow the space, so a change at run time takes effect (test/unit checks it).
import { setFlagsFromString } from 'node:v8';
import type { ListingProgress } from '../lifecycle/types.js';

/** The pods in view from which the young generation may grow. */
export const YOUNG_GENERATION_GROWS_FROM_PODS = 1_000;

/** V8's own factor (each growth doubles the space); 1: it never grows. */
const V8_DEFAULT_GROWTH_FACTOR = 2;

/**
 * Holds the young generation at its size now; the returned function, told the pods in
 * view, lets it grow once they reach YOUNG_GENERATION_GROWS_FROM_PODS (and is then done:
 * it returns true). The switch is one way: a heap that grew stays as V8 sizes it.
 */
export function holdYoungGeneration(setFlags: (flags: string) => void = setFlagsFromString): (podsInView: number) => boolean {
  setFlags('--semi-space-growth-factor=1');
  let released = false;
  return (podsInView) => {
    if (!released && podsInView >= YOUNG_GENERATION_GROWS_FROM_PODS) {
      setFlags(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
      released = true;
    }
    return released;
  };
}

/** What the store tells of the pods in view. */
export interface PodsInView {
  sizes(): { groups: number };
  statusList(): readonly { listing?: ListingProgress }[];
  subscribe(listener: () => void): () => void;
}

/**
 * The pods the store holds, or the server's estimate for the lists under way when larger:
 * a big list lets the young generation grow from its first page, before the pages that
 * need it are parsed.
 */
export function podsInView(store: PodsInView): number {
  const coming = store.statusList().reduce((n, status) => n + (status.listing?.estimatedTotal ?? 0), 0);
  return Math.max(store.sizes().groups, coming);
}

/** Holds the young generation from now until the store's pods in view warrant it. */
export function sizeYoungGenerationBy(store: PodsInView, setFlags?: (flags: string) => void): void {
  const sizeFor = holdYoungGeneration(setFlags);
  const stop = store.subscribe(() => {
    if (sizeFor(podsInView(store))) stop();
  });
}
