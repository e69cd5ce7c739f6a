// A source's watches start on the main thread and move to the stream reader's thread when
// the source gets busy (when: reader-thread-switch.ts and its test). The move ends the
// watch read here and resumes it there from the last resourceVersion seen, as client-go
// resumes any watch: every event is taken once, in order, wherever the move falls. Here
// the test says when (after so many events, as the switch would after busy seconds); the
// reader thread and the resumed watch are the real ones. The events are the real
// apiserver's (test/fixtures/kubernetes/rollout: a rollout of Deployment web and an
// eviction, 28 pod watch events), sent one by one by a stand-in that serves a watch from
// a resourceVersion with the events after it, as the apiserver's watch cache does.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { StreamReader, streamReader } from '../../src/sources/stream-reader.js';
import type { ReaderThreadPolicy } from '../../src/sources/reader-thread-switch.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { Store } from '../../src/store/store.js';
import { PagedApiserver } from '../support/paged-apiserver.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kubernetes/rollout/${name}`, import.meta.url), 'utf8');
const NAMESPACE = 'why-probe';
const podEvents = fixture('watch-pods.ndjson').trim().split('\n');
const resourceVersionOf = (data: unknown) => (data as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion;
const sentVersions = podEvents.map((line) => resourceVersionOf(JSON.parse(line)));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
  vi.restoreAllMocks();
});

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Moves to the reader's thread after `afterEvents` events read here, as the switch does: new watches at once, those under way once it is up. */
class MoveAfter implements ReaderThreadPolicy {
  offThread = false;
  private read = 0;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly afterEvents: number) {}
  eventRead(): void {
    if (++this.read !== this.afterEvents) return;
    this.offThread = true;
    void streamReader()!.ready.then(() => {
      for (const listener of this.listeners) listener();
      this.listeners.clear();
    });
  }
  onMoved(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  podsExpected(): void {}
}

/** The move comes after this many events (of 28): more arrive while it happens. */
const MOVE_AFTER = 20;

async function watchedNamespace() {
  const apiserver = await PagedApiserver.start(`/api/v1/namespaces/${NAMESPACE}/pods`, [fixture('pods-before.json')]);
  const opensOnThread = vi.spyOn(StreamReader.prototype, 'open');
  const records: RawRecord[] = [];
  // A silent watch is never given up here: only the move may end the one read on the main thread.
  const timing = { inactivityMs: 10 * 60_000 };
  const source = new KubernetesSource({ target: apiserver.target(NAMESPACE), namespace: NAMESPACE, clockProbes: 0, timing, tap: (record) => records.push(record), readerThread: new MoveAfter(MOVE_AFTER) });
  source.start(new Store({ frameMs: 0 }).sinkFor('kubernetes', source.context));
  cleanup.push(
    () => apiserver.close(),
    () => source.close(),
  );
  await until('the pods watch', () => apiserver.podWatchRequests().length === 1);
  const podWatchOpensOnThread = () => opensOnThread.mock.calls.map(([req]) => new URL(req.url)).filter((url) => url.pathname === `/api/v1/namespaces/${NAMESPACE}/pods`);
  /** The pod events taken, by resourceVersion, in order. */
  const taken = () => records.filter((r) => r.type === 'k8s.pod').map((r) => resourceVersionOf(r.data));
  /** Sends events one by one, each after the last has been read, the loop turning between. */
  const send = async (lines: string[]) => {
    for (const line of lines) {
      apiserver.sendPodEvent(line);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  return { apiserver, taken, send, podWatchOpensOnThread };
}

describe('watches move to the reader thread when the source gets busy', () => {
  it('the pods watch moves there, resumed from the last event taken: none lost, none twice', async () => {
    const { apiserver, taken, send, podWatchOpensOnThread } = await watchedNamespace();
    expect(apiserver.podWatchRequests()[0]!.searchParams.get('resourceVersion')).toBe('437'); // the list's

    // Enough for the move, and more while it happens.
    const burst = podEvents.length - 4;
    await send(podEvents.slice(0, burst));
    await until('the pods watch opened on the reader thread', () => apiserver.podWatchRequests().length === 2);
    const [resumed] = podWatchOpensOnThread();
    expect(podWatchOpensOnThread()).toHaveLength(1);
    const resumedFrom = apiserver.podWatchRequests()[1]!.searchParams.get('resourceVersion')!;
    expect(resumed!.searchParams.get('resourceVersion')).toBe(resumedFrom);
    // It moved once told, from an event the main thread had taken.
    expect(sentVersions.indexOf(resumedFrom)).toBeGreaterThanOrEqual(MOVE_AFTER - 1);

    await send(podEvents.slice(burst));
    await until('every event taken', () => taken().length >= podEvents.length);
    expect(taken()).toEqual(sentVersions);
    expect(apiserver.podWatchRequests()).toHaveLength(2);
  });

  it('until then its watches stay on the main thread', async () => {
    const { apiserver, taken, send, podWatchOpensOnThread } = await watchedNamespace();
    const few = podEvents.slice(0, MOVE_AFTER - 1);
    await send(few);
    await until('the events taken', () => taken().length === few.length);
    expect(taken()).toEqual(sentVersions.slice(0, few.length));
    expect(podWatchOpensOnThread()).toHaveLength(0);
    expect(apiserver.podWatchRequests()).toHaveLength(1);
  });
});
