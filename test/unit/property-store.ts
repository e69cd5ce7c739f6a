// Arbitrary pods and events through the real Kubernetes feed into a real store: what the
// dashboard holds after a watch's worth of news, for properties of what it works out from
// it (warnings, timelines).
import fc from 'fast-check';
import type { RawRecord } from '../../src/record/raw-record.js';
import { K8S_RECORD, KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import type { Store } from '../../src/store/store.js';
import { event, pod } from './property-arbitraries.js';
import { checkingSink } from './property-sink.js';

const record = fc.oneof(
  fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED'), object: pod() }).map((data) => ({ type: K8S_RECORD.pod, data })),
  event.map((data) => ({ type: K8S_RECORD.event, data })),
);

/** Pod and event records, each with how long after the one before it came (ms). */
export const podAndEventNews = fc.array(fc.tuple(record, fc.nat(1e6)), { minLength: 1, maxLength: 12 });

/** The store once the news is in; when the first and the last record came. Dispose of the store after. */
export function storeAfter(news: readonly (readonly [object, number])[]): { store: Store; firstAt: number; lastAt: number } {
  const { sink, store } = checkingSink('kubernetes', 'ctx');
  const feed = new KubernetesFeed(sink, 'ctx');
  const firstAt = 1_700_000_000_000;
  let t = firstAt;
  for (const [r, dt] of news) feed.apply({ t: (t += dt), context: 'ctx', ...r } as RawRecord);
  return { store, firstAt, lastAt: t };
}
