import { afterEach, describe, expect, it } from 'vitest';
import { KubernetesActionError, KubernetesSource, type KubernetesSourceOptions } from '../../src/sources/kubernetes.js';
import type { RawRecord } from '../../src/sources/source.js';
import { FakeApiserver, eventList, json, podList, startWatch, type Handler } from './k8s-fake-apiserver.js';
import { lifecyclePod, runningStatus } from './k8s-pod-objects.js';
import { RecordingSink } from './k8s-sink.js';

const PODS = '/api/v1/namespaces/demo/pods';
const EVENTS = '/api/v1/namespaces/demo/events';
const FAST = { backoffInitialMs: 20, backoffMaxMs: 100, watchTimeoutSeconds: 30, inactivityMs: 400, requestTimeoutMs: 1000 };

let api: FakeApiserver;
let source: KubernetesSource | undefined;
afterEach(async () => {
  await source?.close();
  source = undefined;
  await api?.stop();
});

async function run(handler: Handler, options: Partial<KubernetesSourceOptions> = {}) {
  api = new FakeApiserver();
  api.handler = handler;
  const server = await api.start();
  const sink = new RecordingSink();
  const records: RawRecord[] = [];
  source = new KubernetesSource({ target: api.target(server), tap: (r) => records.push(r), clockProbes: 0, timing: FAST, ...options });
  source.start(sink);
  return { sink, records, server };
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Events: an empty list and a watch that stays open quietly. */
const quietEvents: Handler = (req, res) => {
  if (req.query.get('watch') === 'true') {
    const send = startWatch(res);
    const timer = setInterval(() => send({ type: 'BOOKMARK', object: { kind: 'Event', metadata: { resourceVersion: '1' } } }), 100);
    res.on('close', () => clearInterval(timer));
  } else json(res, 200, eventList('1'));
};

describe('KubernetesSource against a scripted apiserver', () => {
  it('lists, then watches from the list resourceVersion with bookmarks; the tap sees records first', async () => {
    const { sink, records } = await run((req, res) => {
      if (req.path === EVENTS) return quietEvents(req, res);
      if (req.query.get('watch') !== 'true') return json(res, 200, podList('100', [lifecyclePod()]));
      const send = startWatch(res);
      send({ type: 'MODIFIED', object: { ...lifecyclePod({ status: runningStatus() }), metadata: { ...lifecyclePod().metadata, resourceVersion: '101' } } });
    }, { labelSelector: 'app=web' });
    await until('the Running row', () => sink.last('upsert')?.rows[0]?.state === 'Running');
    const watch = api.watches(PODS)[0]!;
    expect(Object.fromEntries(watch.query)).toMatchObject({ resourceVersion: '100', allowWatchBookmarks: 'true', timeoutSeconds: '30', labelSelector: 'app=web' });
    expect(api.lists(PODS)[0]?.query.get('labelSelector')).toBe('app=web');
    expect(api.watches(EVENTS)[0]?.query.get('fieldSelector')).toBe('involvedObject.kind=Pod');
    // (A status repeats when only the clock offset changed.)
    expect(sink.all('status').map((s) => s.status.state).filter((s, i, all) => s !== all[i - 1])).toEqual(['connecting', 'live']);
    expect(records.filter((r) => r.type.startsWith('k8s.pod')).map((r) => r.type)).toEqual(['k8s.pods.list', 'k8s.pod']);
  });

  it('resumes from the last resourceVersion (bookmarks included) when the server ends a watch', async () => {
    const { sink } = await run((req, res) => {
      if (req.path === EVENTS) return quietEvents(req, res);
      if (req.query.get('watch') !== 'true') return json(res, 200, podList('100'));
      const n = api.watches(PODS).length;
      const send = startWatch(res);
      if (n === 1) {
        send({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '150' } } });
        setTimeout(() => res.end(), 1100); // a watch that lived its timeoutSeconds
      }
    }, { timing: { ...FAST, inactivityMs: 5000 } });
    await until('a second watch', () => api.watches(PODS).length >= 2);
    expect(api.watches(PODS)[1]?.query.get('resourceVersion')).toBe('150');
    expect(api.lists(PODS)).toHaveLength(1);
    expect(sink.all('status').map((s) => s.status.state)).not.toContain('disconnected');
  });

  it('relists on 410 Gone and resyncs, so nothing stale survives', async () => {
    const { sink } = await run((req, res) => {
      if (req.path === EVENTS) return quietEvents(req, res);
      if (req.query.get('watch') !== 'true') return json(res, 200, api.lists(PODS).length === 1 ? podList('100', [lifecyclePod()]) : podList('300'));
      const send = startWatch(res);
      if (api.watches(PODS).length === 1) send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 100 (250)' } });
    });
    await until('the relist', () => api.lists(PODS).length === 2 && sink.all('resync').length === 2);
    expect(sink.all('resync').map((c) => c.rows.length)).toEqual([1, 0]);
    await until('a watch from the new list', () => api.watches(PODS).some((w) => w.query.get('resourceVersion') === '300'));
  });

  it('detects a watch that hangs without closing, reports it and reconnects', async () => {
    const { sink, server } = await run((req, res) => {
      if (req.path === EVENTS) return quietEvents(req, res);
      if (req.query.get('watch') !== 'true') return json(res, 200, podList('100'));
      const send = startWatch(res);
      if (api.watches(PODS).length > 1) {
        const timer = setInterval(() => send({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '100' } } }), 100);
        res.on('close', () => clearInterval(timer));
      } // the first one says nothing, ever: a SIGSTOPped apiserver
    });
    await until('disconnected', () => sink.all('status').some((s) => s.status.state === 'disconnected'), 3000);
    const down = sink.all('status').find((s) => s.status.state === 'disconnected')!.status;
    expect(down.message).toContain(server);
    expect(down.message).toContain('context fake-ctx');
    expect(down.message).toMatch(/silent for 0\.4 s/);
    await until('live again', () => sink.last('status')?.status.state === 'live');
  });

  it('backs off and keeps trying while the apiserver is down, and says since when', async () => {
    const { sink } = await run((req, res) => {
      if (req.path === EVENTS) return quietEvents(req, res);
      if (api.requests.filter((r) => r.path === PODS).length <= 3) return json(res, 503, { kind: 'Status', code: 503, message: 'etcd unavailable' });
      if (req.query.get('watch') !== 'true') return json(res, 200, podList('100'));
      startWatch(res);
    });
    await until('live after failures', () => sink.last('status')?.status.state === 'live');
    const states = sink.all('status').map((s) => s.status);
    const down = states.filter((s) => s.state === 'disconnected');
    expect(down[0]?.message).toMatch(/etcd unavailable \(HTTP 503\); retrying/);
    // One "disconnected since" for the whole outage, not one per retry.
    expect(new Set(down.map((s) => s.since)).size).toBe(1);
  });

  it('a 403 on listing is an error naming context, namespace and what to do', async () => {
    const { sink } = await run((req, res) =>
      json(res, 403, { kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "tester" cannot list resource "pods" in API group "" in the namespace "demo"' }),
    );
    await until('an error status', () => sink.last('status')?.status.state === 'error');
    expect(sink.last('status')?.status.message).toMatch(/^forbidden: cannot list\/watch pods in namespace demo \(context fake-ctx\): pods is forbidden: .*; ask for list\/watch on pods/);
  });

  it('measures the clock offset from Date headers', async () => {
    const skew = 7000;
    const { sink } = await run(
      (req, res) => {
        const date = new Date(Date.now() + skew).toUTCString();
        if (req.path === '/version') return json(res, 200, { major: '1', minor: '34' }, { Date: date });
        if (req.path === EVENTS) return quietEvents(req, res);
        if (req.query.get('watch') !== 'true') return json(res, 200, podList('1'), { Date: date });
        startWatch(res, { Date: date });
      },
      { clockProbes: 10 },
    );
    await until('ten probes', () => api.requests.filter((r) => r.path === '/version').length >= 10, 4000);
    await new Promise((r) => setTimeout(r, 50));
    expect(source!.clockOffsetMs).toBeGreaterThan(skew - 300);
    expect(source!.clockOffsetMs).toBeLessThan(skew + 300);
    expect(sink.last('status')?.status.clockOffsetMs).toBe(source!.clockOffsetMs);
  });
});

describe('KubernetesSource.terminate', () => {
  const target = { groupKey: 'k8s/fake-ctx/demo/lifecycle', namespace: 'demo', group: 'lifecycle' };
  const deletes = () => api.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path, JSON.parse(r.body).gracePeriodSeconds]);

  it('stop uses the grace given, kill is grace 1 (kubectl --now), only force is grace 0', async () => {
    await run((req, res) => (req.method === 'DELETE' ? json(res, 200, lifecyclePod()) : quietEvents(req, res)));
    await source!.terminate(target, { graceSeconds: 45, mode: 'stop' });
    await source!.terminate(target, { graceSeconds: 45, mode: 'kill' });
    await source!.terminate(target, { graceSeconds: 0, mode: 'stop' });
    await source!.terminate(target, { graceSeconds: 45, mode: 'kill', force: true });
    expect(deletes()).toEqual([
      [`${PODS}/lifecycle`, 45],
      [`${PODS}/lifecycle`, 1],
      [`${PODS}/lifecycle`, 1],
      [`${PODS}/lifecycle`, 0],
    ]);
  });

  it('403 and 404 become messages a user can act on', async () => {
    await run((req, res) => {
      if (req.method !== 'DELETE') return quietEvents(req, res);
      if (req.path.endsWith('/gone')) return json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'pods "gone" not found' });
      json(res, 403, { kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods "lifecycle" is forbidden' });
    });
    const forbidden = await source!.terminate(target, { graceSeconds: 30, mode: 'stop' }).catch((err: unknown) => err);
    expect(forbidden).toBeInstanceOf(KubernetesActionError);
    expect((forbidden as KubernetesActionError).message).toBe('forbidden: cannot delete pods in namespace demo (context fake-ctx)');
    expect((forbidden as KubernetesActionError).status).toBe(403);
    await expect(source!.terminate({ ...target, group: 'gone' }, { graceSeconds: 30, mode: 'stop' })).rejects.toThrowError('pod gone no longer exists');
  });
});
