// `podlife delete --watch` on a pod held by a finalizer, on the objects the real cluster
// served (test/fixtures/kubernetes/finalizer, test/cluster/capture-finalizer-fixtures.sh):
// a pod with finalizer example.com/hold, deleted, its container exited 0, the object
// kept until the finalizer was patched away. The follower is driven through the real
// feed and store on a fake clock: the README's lines, once, and exit 7 at --timeout.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followDelete } from '../../src/cli/delete-follower.js';
import { deleteRequest } from '../../src/cli/delete-request.js';
import { deleteTimedOut, finalizerHold } from '../../src/cli/delete-outcome.js';
import { UsageError } from '../../src/cli/options.js';
import { podGroupKey, podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { KubernetesFeed } from '../../src/sources/kubernetes-feed.js';
import { Store } from '../../src/store/store.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/finalizer/', import.meta.url));
const pod = (name: string) => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as PodJson;
const rows = (name: string) => podToRows(pod(name), { context: 'podlife-local' });
const watch = readFileSync(`${dir}watch-held.ndjson`, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; object: PodJson });
/** The index of the first watch event matching `test`. */
const eventWhere = (test: (o: PodJson) => boolean) => watch.findIndex((e) => test(e.object));

// README "Exit codes": 7 is --timeout running out with the pod still there.
const TIMED_OUT = 7;
const HELD = "containers stopped; the pod is held by finalizer example.com/hold (not podlife's to remove)";

describe('a pod held by a finalizer (captured)', () => {
  it('its rows carry the finalizer from the object', () => {
    expect(rows('held-running').map((r) => r.finalizers)).toEqual([['example.com/hold']]);
    expect(rows('held-stopped').map((r) => r.finalizers)).toEqual([['example.com/hold']]);
  });

  it('is not "held" while its container runs, deleted or not', () => {
    expect(finalizerHold(rows('held-running'))).toBeUndefined();
    expect(finalizerHold(rows('held-deleting'))).toBeUndefined();
  });

  it('once its container has exited, the finalizer is named and podlife says it will not remove it', () => {
    expect(finalizerHold(rows('held-stopped'))).toBe(HELD);
  });

  it('--timeout: exit 7, the container\'s exit as seen, the last line naming the finalizer', () => {
    const outcome = deleteTimedOut(rows('held-stopped'), false, 20_000);
    expect(outcome.code).toBe(TIMED_OUT);
    expect(outcome.containers).toEqual([{ container: 'main', verdict: 'ok', text: 'exited 0' }]);
    expect(outcome.summary).toBe(`delete timed out after 20 s with pod/held still there: its containers stopped; the pod is held by finalizer example.com/hold (not podlife's to remove); exit ${TIMED_OUT}`);
  });

  it('--timeout while the container still runs: not exited yet, and the finalizer that will hold the pod after', () => {
    const outcome = deleteTimedOut(rows('held-deleting'), false, 5_000);
    expect(outcome.code).toBe(TIMED_OUT);
    expect(outcome.containers).toEqual([{ container: 'main', verdict: 'unseen', text: 'not exited yet (last seen Running)' }]);
    expect(outcome.summary).toContain('its containers are still stopping, and finalizer example.com/hold will hold it after');
  });

  it('several finalizers are all named', () => {
    const two = rows('held-stopped').map((r) => ({ ...r, finalizers: ['example.com/hold', 'example.com/audit'] }));
    expect(finalizerHold(two)).toContain('held by finalizers example.com/hold and example.com/audit');
  });
});

describe('delete --timeout', () => {
  const refusal = (flags: Parameters<typeof deleteRequest>[0]) => {
    try {
      deleteRequest(flags);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError); // exit 2, nothing sent
      return (err as Error).message;
    }
    throw new Error('was not refused');
  };

  it('takes a duration as drain does, with --watch only', () => {
    expect(deleteRequest({ watch: true, timeout: '20s', yes: true }).timeoutMs).toBe(20_000);
    expect(deleteRequest({ watch: true, timeout: '0', yes: true }).timeoutMs).toBeUndefined();
    expect(refusal({ watch: true, timeout: '20' })).toMatch(/^--timeout must be a duration such as 20s/);
    expect(refusal({ timeout: '20s' })).toMatch(/^--timeout bounds the wait of --watch/);
  });
});

describe('delete --watch follows the captured pod through the feed and store', () => {
  const context = 'podlife-local';
  const groupKey = podGroupKey(context, 'podlife-finalizer-fixtures', 'held');
  let store: Store;
  let feed: KubernetesFeed;
  let out: string[];
  const apply = (from: number, to: number) => {
    for (const event of watch.slice(from, to)) feed.apply({ t: Date.now(), type: 'k8s.pod', context, data: event });
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T18:44:40Z') });
    store = new Store();
    feed = new KubernetesFeed(store.sinkFor('kubernetes', context), context);
    out = [];
  });
  afterEach(() => {
    store.dispose();
    vi.useRealTimers();
  });

  const deleted = eventWhere((o) => o.metadata?.deletionTimestamp !== undefined);
  const exited = eventWhere((o) => o.status?.containerStatuses?.[0]?.state?.terminated !== undefined);

  it('says once that the finalizer holds the pod, and at --timeout exits 7 naming it', async () => {
    apply(0, deleted);
    await vi.advanceTimersByTimeAsync(100);
    let code: number | undefined;
    void followDelete(store, groupKey, { forced: false, timeoutMs: 20_000, write: (t) => out.push(t) }).then((c) => (code = c));
    apply(deleted, exited);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(out.join('')).not.toContain('held by');
    // The exit, then the kubelet's last status write; no DELETED: the finalizer stays.
    apply(exited, watch.length - 1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(out.filter((l) => l.includes(HELD))).toEqual([expect.stringMatching(new RegExp(`^\\S+Z pod/held: ${escape(HELD)}\\n$`))]);
    expect(code).toBeUndefined();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(code).toBe(TIMED_OUT);
    expect(out.slice(-2)).toEqual(['main: exited 0\n', `delete timed out after 20 s with pod/held still there: its containers stopped; the pod is held by finalizer example.com/hold (not podlife's to remove); exit ${TIMED_OUT}\n`]);
  });

  it('when the finalizer is removed the pod goes, and the outcome is the container\'s (exit 0)', async () => {
    apply(0, deleted);
    await vi.advanceTimersByTimeAsync(100);
    let code: number | undefined;
    void followDelete(store, groupKey, { forced: false, timeoutMs: 60_000, write: (t) => out.push(t) }).then((c) => (code = c));
    apply(deleted, watch.length - 1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(out.some((l) => l.includes(HELD))).toBe(true);
    apply(watch.length - 1, watch.length); // DELETED
    await vi.advanceTimersByTimeAsync(1_000);
    expect(code).toBe(0);
    expect(out.slice(-2)).toEqual(['main: exited 0\n', 'pod gone; exit 0: every container was seen to exit 0\n']);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
