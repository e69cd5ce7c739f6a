// A big cluster's pods are shown page by page as the list comes in, not once its last
// page is in. The pages are the real apiserver's (test/fixtures/kubernetes/paged): five
// pods of one namespace at limit=2 (remainingItemCount 3, then 1, none on the last page),
// the same with a label selector (no remainingItemCount at all, as the API documents),
// and twelve pods of namespaces app, app-b, app0 and appa at limit=5 for all namespaces,
// which the apiserver lists in its keys' order: app-b/… before app/…. A continue token
// that expired is answered 410 Expired (continue-expired.json); the list in one piece
// then is namespace-whole.json, which no longer has api-1.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { NAMESPACE_LIST_PAGE_SIZE } from '../../src/sources/first-page-size.js';
import { FIRST_PAGE_HEAD_START_MS, KubernetesSource } from '../../src/sources/kubernetes.js';
import { runHeadless } from '../../src/output/headless.js';
import { Session } from '../../src/session.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { Store } from '../../src/store/store.js';
import { PagedApiserver } from '../support/paged-apiserver.js';

const NAMESPACE = 'podlife-firstscreen';
const page = (name: string) => readFileSync(new URL(`../fixtures/kubernetes/paged/${name}.json`, import.meta.url), 'utf8');
const namespacePages = [1, 2, 3].map((n) => page(`namespace-page-${n}`));
const allNamespacesPages = [1, 2, 3].map((n) => page(`all-namespaces-${n}`));
/** Each page's pods as namespace/name, in the order the apiserver sent them. */
const podsOf = (pages: string[]) => pages.map((p) => (JSON.parse(p) as { items: { metadata: { namespace: string; name: string } }[] }).items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

/** Polls until `ok` holds: a loaded machine answers late, never wrongly. */
async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function watch(pages: string[], options: { namespace: string; pageSize?: number; firstPageSize?: number; labelSelector?: string; hold?: number[]; setUp?: (apiserver: PagedApiserver) => void }) {
  const path = options.namespace ? `/api/v1/namespaces/${options.namespace}/pods` : '/api/v1/pods';
  const apiserver = await PagedApiserver.start(path, pages);
  options.setUp?.(apiserver);
  const release = (options.hold ?? []).map((index) => apiserver.hold(index));
  const store = new Store({ frameMs: 0 });
  const records: RawRecord[] = [];
  const source = new KubernetesSource({
    target: apiserver.target(options.namespace),
    namespace: options.namespace,
    labelSelector: options.labelSelector,
    clockProbes: 0,
    timing: { ...(options.pageSize === undefined ? {} : { listPageSize: options.pageSize }), ...(options.firstPageSize === undefined ? {} : { firstListPageSize: options.firstPageSize }) },
    tap: (record) => records.push(record),
  });
  source.start(store.sinkFor('kubernetes', source.context));
  cleanup.push(
    () => apiserver.close(),
    () => source.close(),
  );
  const status = (): ConnectionStatus | undefined => store.statusList()[0];
  const pods = () => [...new Set(store.allRows().map((r) => `${r.namespace}/${r.group}`))];
  return { apiserver, store, source, records, release, status, pods };
}

describe('a pod list in pages', () => {
  it('shows the first page at once, says how far the list is (the total an estimate), and is live only once the last page is in', async () => {
    const { apiserver, records, release, status, pods } = await watch(namespacePages, { namespace: NAMESPACE, pageSize: 2, hold: [1, 2] });
    const [first, second, third] = podsOf(namespacePages);

    await until('the first page', () => pods().length > 0);
    expect(pods()).toEqual(first);
    // 2 listed, and the server's remainingItemCount 3 still to come.
    expect(status()).toMatchObject({ state: 'connecting', listing: { listed: 2, estimatedTotal: 5 } });

    release[0]!();
    await until('the second page', () => pods().length > 2);
    expect(pods()).toEqual([...first!, ...second!]);
    expect(status()).toMatchObject({ state: 'connecting', listing: { listed: 4, estimatedTotal: 5 } });

    release[1]!();
    await until('the list is complete', () => status()?.state === 'live');
    expect(pods()).toEqual([...first!, ...second!, ...third!]);
    expect(status()?.listing).toBeUndefined();
    // Pages of the API's own limit; the watch starts from the list's resourceVersion.
    expect(apiserver.podListRequests().map((url) => url.searchParams.get('limit'))).toEqual(['2', '2', '2']);
    await until('the watch', () => apiserver.requests.some((url) => url.searchParams.get('watch') === 'true' && url.pathname.endsWith('/pods')));
    const podWatch = apiserver.requests.find((url) => url.searchParams.get('watch') === 'true' && url.pathname.endsWith('/pods'))!;
    expect(podWatch.searchParams.get('resourceVersion')).toBe('375');

    // A recording holds each page as it came, so a replay shows the same first screen.
    const lists = records.filter((r) => r.type === 'k8s.pods.list').map((r) => r.data as Record<string, unknown>);
    expect(lists.map(({ continued, more, remainingItemCount }) => ({ continued, more, remainingItemCount }))).toEqual([
      { continued: undefined, more: true, remainingItemCount: 3 },
      { continued: true, more: true, remainingItemCount: 1 },
      { continued: true, more: undefined, remainingItemCount: undefined },
    ]);
  });

  it('with a label selector the server gives no estimate: the header has the count so far, no total', async () => {
    const pages = [page('selector-page-1'), page('selector-page-2')];
    const { release, status, pods } = await watch(pages, { namespace: NAMESPACE, pageSize: 2, labelSelector: 'app=api', hold: [1] });
    await until('the first page', () => pods().length > 0);
    expect(status()).toMatchObject({ state: 'connecting', listing: { listed: 2 } });
    expect(status()?.listing?.estimatedTotal).toBeUndefined();
    release[0]!();
    await until('the list is complete', () => status()?.state === 'live');
    expect(pods()).toEqual(podsOf(pages)[0]);
  });

  it('rows stay where they are as later pages come: the apiserver sends all namespaces in the table order', async () => {
    const { release, status, pods, store } = await watch(allNamespacesPages, { namespace: '', pageSize: 5, hold: [1, 2] });
    const sent = podsOf(allNamespacesPages);
    await until('the first page', () => pods().length > 0);
    const firstScreen = store.allRows().map((r) => r.key);
    expect(pods()).toEqual(sent[0]);
    release[0]!();
    await until('the second page', () => pods().length > sent[0]!.length);
    expect(store.allRows().slice(0, firstScreen.length).map((r) => r.key)).toEqual(firstScreen);
    release[1]!();
    await until('the list is complete', () => status()?.state === 'live');
    // The table's order is the order the pods were sent in: namespace app-b before app.
    expect(pods()).toEqual(sent.flat());
    expect(store.allRows().slice(0, firstScreen.length).map((r) => r.key)).toEqual(firstScreen);
  });

  it('a continue token that expired (410) begins the list again in one piece, as client-go does; the pages shown so far stay until it is in', async () => {
    const whole = page('namespace-whole');
    let releaseWhole = () => {};
    const { apiserver, release, status, pods } = await watch(namespacePages, {
      namespace: NAMESPACE,
      pageSize: 2,
      hold: [1],
      setUp: (server) => {
        server.fail(1, page('continue-expired'));
        releaseWhole = server.serveWhole(whole);
      },
    });
    await until('the first page', () => pods().length > 0);
    release[0]!();
    await until('the list again', () => apiserver.podListRequests().length === 3);
    expect(pods()).toEqual(podsOf(namespacePages)[0]);
    releaseWhole();
    await until('the list is complete', () => status()?.state === 'live');
    expect(pods()).toEqual(podsOf([whole])[0]);
    expect(status()?.listing).toBeUndefined();
    const lists = apiserver.podListRequests().map((url) => ({ limit: url.searchParams.get('limit'), continued: url.searchParams.has('continue') }));
    expect(lists).toEqual([
      { limit: '2', continued: false },
      { limit: '2', continued: true },
      { limit: null, continued: false },
    ]);
  });
});

describe('the first page', () => {
  // The stand-in answers its captured pages (limit=2) whatever the limit asked: what is
  // checked is what podlife asks for, and that every page's pods arrive.
  it('asks for a screenful first, then for whole pages, and shows the first as soon as it is in', async () => {
    const { apiserver, release, status, pods } = await watch(namespacePages, { namespace: NAMESPACE, pageSize: 500, firstPageSize: 2, hold: [1, 2] });
    await until('the first page', () => pods().length > 0);
    expect(pods()).toEqual(podsOf(namespacePages)[0]);
    release[0]!();
    release[1]!();
    await until('the list is complete', () => status()?.state === 'live');
    expect(pods()).toEqual(podsOf(namespacePages).flat());
    const lists = apiserver.podListRequests().map((url) => ({ limit: url.searchParams.get('limit'), continued: url.searchParams.has('continue') }));
    expect(lists).toEqual([
      { limit: '2', continued: false },
      { limit: '500', continued: true },
      { limit: '500', continued: true },
    ]);
  });

  // A page is held whole while it is parsed and applied. One namespace is a few pages at
  // most, and smaller ones keep its peak memory down; across all namespaces kubectl's
  // chunk of 500 keeps a big cluster's round trips down.
  it('then asks smaller pages in one namespace than across all namespaces (500, as kubectl)', async () => {
    const limits = async (pages: string[], namespace: string) => {
      const { apiserver, status } = await watch(pages, { namespace, firstPageSize: 2 });
      await until('the list is complete', () => status()?.state === 'live');
      return apiserver.podListRequests().map((url) => Number(url.searchParams.get('limit')));
    };
    const inNamespace = await limits(namespacePages, NAMESPACE);
    const allNamespaces = await limits(allNamespacesPages, '');
    expect(inNamespace).toEqual([2, NAMESPACE_LIST_PAGE_SIZE, NAMESPACE_LIST_PAGE_SIZE]);
    expect(allNamespaces).toEqual([2, 500, 500]);
    expect(NAMESPACE_LIST_PAGE_SIZE).toBeLessThan(500);
  });
});

describe('a start', () => {
  // Other requests sent beside it held its answer behind their connections and replies, on
  // the thread that draws it: the rest wait for the first page (or the head start).
  it('asks for the first page of pods alone; the rest (rights, relations, drains) once it is answered', async () => {
    const { apiserver, release, status } = await watch(namespacePages, { namespace: NAMESPACE, pageSize: 500, firstPageSize: 2, hold: [0] });
    await until('the first page asked', () => apiserver.podListRequests().length === 1);
    release[0]!();
    await until('the list live and the events listed', () => status()?.state === 'live' && apiserver.requests.some((url) => url.pathname.endsWith('/events')));
    const beforeAnswer = apiserver.requests.slice(0, apiserver.pageAnsweredAfter[0]);
    expect(beforeAnswer.map((url) => url.pathname)).toEqual([`/api/v1/namespaces/${NAMESPACE}/pods`]);
    const others = new Set(apiserver.requests.map((url) => url.pathname));
    for (const asked of ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '/api/v1/nodes', `/apis/policy/v1/namespaces/${NAMESPACE}/poddisruptionbudgets`, `/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`]) expect(others).toContain(asked);
  });

  it('a first page that does not come holds the rest back for the head start only', async () => {
    const { apiserver } = await watch(namespacePages, { namespace: NAMESPACE, pageSize: 500, firstPageSize: 2, hold: [0] });
    await until('the first page asked', () => apiserver.podListRequests().length === 1);
    const askedAt = performance.now();
    await until('another request', () => apiserver.requests.length > 1);
    expect(performance.now() - askedAt).toBeGreaterThanOrEqual(FIRST_PAGE_HEAD_START_MS - 20);
    expect(apiserver.pageAnsweredAfter).toEqual([]);
  });
});

describe('the headless outputs', () => {
  it('-o json prints a complete snapshot: it waits for the last page, not the first', async () => {
    const apiserver = await PagedApiserver.start(`/api/v1/namespaces/${NAMESPACE}/pods`, namespacePages);
    const last = apiserver.hold(2);
    const store = new Store({ frameMs: 0 });
    const session = new Session(
      store,
      { kind: 'kubernetes', create: (_context, namespace) => new KubernetesSource({ target: apiserver.target(NAMESPACE), namespace, clockProbes: 0, timing: { listPageSize: 2 } }) },
      { context: 'paged', namespace: NAMESPACE, readonly: true },
    );
    cleanup.push(
      () => apiserver.close(),
      () => session.close(),
    );
    let output = '';
    session.start();
    const exit = runHeadless(session, { format: 'json', once: true, write: (text) => (output += text), writeError: () => {} });
    // Two pages are in and shown on a dashboard; a snapshot of them would be incomplete.
    await until('the second page', () => store.allRows().length === 4);
    expect(output).toBe('');
    last();
    expect(await exit).toBe(0);
    const printed = JSON.parse(output) as { group: string }[];
    expect(printed.map((row) => row.group)).toEqual(podsOf(namespacePages).flat().map((pod) => pod.split('/')[1]));
  });
});

describe('a relist in pages', () => {
  const CONTEXT = 'paged';
  const items = (raw: string) => (JSON.parse(raw) as { items: unknown[] }).items;
  /** A store and a feed on a clock that each record sets to its receive time. */
  function replay() {
    let now = 0;
    const store = new Store({ frameMs: 0, clock: () => now });
    const feed = new KubernetesFeed(store.sinkFor('kubernetes', CONTEXT), CONTEXT);
    const list = (data: Record<string, unknown>, t: number) => {
      now = t;
      feed.apply({ t, type: 'k8s.pods.list', context: CONTEXT, data });
    };
    return { store, list };
  }

  it('keeps the rows it has while the pages come and drops a pod that no page had only once the last is in', async () => {
    const { store, list } = replay();
    const [first, second, third] = namespacePages.map(items);
    list({ items: [...first!, ...second!, ...third!], resourceVersion: '375' }, 1);
    const names = () => [...new Set(store.allRows().map((r) => r.group))];
    expect(names()).toEqual(['api-0', 'api-1', 'web-0', 'web-1', 'worker-0']);

    // The relist's snapshot no longer has web-1 (deleted while the watch was down).
    list({ items: first, resourceVersion: '400', more: true }, 2);
    list({ items: second!.slice(0, 1), resourceVersion: '400', continued: true, more: true }, 3);
    expect(names()).toEqual(['api-0', 'api-1', 'web-0', 'web-1', 'worker-0']);
    list({ items: third, resourceVersion: '400', continued: true }, 4);
    expect(names()).toEqual(['api-0', 'api-1', 'web-0', 'worker-0']);
    // The stats line's moments are the first list's: its first page and its last.
    expect([store.firstPageAt, store.firstResyncAt]).toEqual([1, 1]);
  });

  it('a list begun again (its continue token expired) forgets the pages of the one abandoned', async () => {
    const { store, list } = replay();
    const [first, second, third] = namespacePages.map(items);
    list({ items: first, resourceVersion: '375', more: true }, 1);
    // 410 on the continue: the list again, in one piece, without api-1 (deleted meanwhile).
    list({ items: [first![0], ...second!, ...third!], resourceVersion: '500' }, 2);
    expect([...new Set(store.allRows().map((r) => r.group))]).toEqual(['api-0', 'web-0', 'web-1', 'worker-0']);
    expect([store.firstPageAt, store.firstResyncAt]).toEqual([1, 2]);
  });
});
