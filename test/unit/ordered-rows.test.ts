// The display order kept change by change must be exactly the order a full sort of the
// rows gives (row-order.ts, ties in the order rows first arrived), after any mix of adds,
// removes and rewrites, and a read of a screenful must not pass over every row.
import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { OrderedRows } from '../../src/store/ordered-rows.js';
import { compareNamespaces, compareRows } from '../../src/store/row-order.js';
import { dockerRow } from '../support/rows.js';

const base = dockerRow('running');

/** A row of pod `pod` in namespace `ns`; `twin` makes a second row that sorts equal to the first. */
function row(ns: number, pod: number, container: number, twin = 0): ContainerRow {
  const groupKey = `g/${ns}/${pod}`;
  return { ...base, namespace: `ns-${ns}`, group: `pod-${pod}`, groupKey, name: `c${container}`, order: container, key: `${groupKey}/${container}/${twin}` };
}

function harness() {
  const rows = new Map<string, ContainerRow>();
  const order = new OrderedRows(
    () => rows.values(),
    (key) => rows.get(key),
  );
  const put = (r: ContainerRow) => {
    const previous = rows.get(r.key);
    rows.set(r.key, r);
    if (previous) order.replace(previous, r);
    else order.add(r);
  };
  const remove = (key: string) => {
    const r = rows.get(key);
    if (!r) return;
    rows.delete(key);
    order.remove(r);
  };
  // What the store did before: sort every row (stable, so ties keep the Map's order).
  const sortedAll = () => [...rows.values()].sort(compareRows).map((r) => r.key);
  return { rows, order, put, remove, sortedAll };
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('OrderedRows', () => {
  it('gives the full sort order after any mix of adds, removes and rewrites, read often or rarely', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = random(seed);
      const h = harness();
      const pick = (n: number) => Math.floor(rnd() * n);
      for (let step = 0; step < 3000; step++) {
        const r = row(pick(3), pick(40), pick(3), pick(2));
        const dice = rnd();
        if (dice < 0.45) h.put(r);
        else if (dice < 0.7) h.put({ ...r, restartCount: step }); // a rewrite when the key is there
        else if (dice < 0.88) h.remove(r.key);
        else if (dice < 0.94) for (let i = 0; i < 100; i++) h.put(row(pick(3), pick(40), pick(3), pick(2))); // a list page
        else for (let i = 0; i < 100; i++) h.remove(row(pick(3), pick(40), pick(3), pick(2)).key); // a bulk change
        // Read after some steps only, so changes pile up between reads as between frames.
        if (rnd() < 0.3) expect(h.order.all().map((x) => x.key), `seed ${seed} step ${step}`).toEqual(h.sortedAll());
      }
      expect(h.order.all().map((x) => x.key)).toEqual(h.sortedAll());
      for (const [key] of h.rows) expect(h.order.all()[h.order.indexOfKey(key)]!.key).toBe(key);
    }
  });

  it('hands out the latest version of a rewritten row and -1 for a key it does not hold', () => {
    const h = harness();
    for (let pod = 0; pod < 10; pod++) h.put(row(0, pod, 0));
    h.order.all();
    h.put({ ...row(0, 4, 0), restartCount: 7 });
    expect(h.order.slice(4, 5)[0]!.restartCount).toBe(7);
    expect(h.order.indexOfKey('no/such/key')).toBe(-1);
  });

  it('reads a screenful of 10,000 rows by touching about that many, not all of them', () => {
    const h = harness();
    for (let pod = 0; pod < 10_000; pod++) h.put(row(pod % 10, pod, 0));
    h.order.all(); // the first list is sorted once
    for (let pod = 0; pod < 50; pod++) h.put({ ...row((pod * 7) % 10, pod * 7, 0), restartCount: 1 }); // churn: status changes
    h.put(row(3, 20_000, 0)); // and a new pod
    h.remove(row(5, 15, 0).key); // and one gone
    const before = h.order.rowsTouched;
    const screen = h.order.slice(5000, 5020);
    const selected = h.order.indexOfKey(screen[7]!.key);
    expect(selected).toBe(5007);
    // 20 rows read, two binary searches to place the new and the gone pod, one to find the
    // selection: each search compares log2(10,000) ≈ 14 rows.
    expect(h.order.rowsTouched - before).toBeLessThanOrEqual(20 + 3 * 16);
  });

  it('takes in a list page of 500 rows that sort after those held by touching about 500, not all 10,000', () => {
    const h = harness();
    // Pod names as the apiserver's key order sends them: a later page sorts after an earlier one.
    const pod = (n: number) => ({ ...row(0, n, 0), group: `pod-${String(n).padStart(5, '0')}` });
    for (let n = 0; n < 10_000; n++) h.put(pod(n));
    h.order.all();
    const before = h.order.rowsTouched;
    for (let n = 10_000; n < 10_500; n++) h.put(pod(n));
    const screen = h.order.slice(0, 40);
    // The page sorted among itself (500), the screen read (40), one comparison with the last row held.
    expect(h.order.rowsTouched - before).toBeLessThanOrEqual(500 + 40 + 1);
    expect(screen.map((r) => r.group)).toEqual(Array.from({ length: 40 }, (_, n) => pod(n).group));
    expect(h.order.all().map((r) => r.key)).toEqual(h.sortedAll());
  });
});

describe('compareNamespaces', () => {
  it('orders namespaces as the apiserver lists them (its keys NAMESPACE/NAME): app-b, app, app0, appa', () => {
    // The order of the pages in test/fixtures/kubernetes/paged/all-namespaces-*.json.
    expect(['appa', 'app', 'app0', 'app-b'].sort(compareNamespaces)).toEqual(['app-b', 'app', 'app0', 'appa']);
    expect(compareNamespaces('kube-system', 'kube-system')).toBe(0);
    expect(compareNamespaces('default', 'kube-system')).toBeLessThan(0);
  });
});
