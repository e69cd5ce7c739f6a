// The reconnect backoff (src/sources/backoff.ts, tested alone in backoff.test.ts) is what
// both live sources wait on after a failure, through the seams a user's failure comes in
// by: the Kubernetes source's pod list answered 500 by a local HTTP server standing in
// for the apiserver, the Docker source's engine socket missing. On a fake clock the
// retries are counted, not timed: after each failure the next attempt is made when the
// clock reaches the backoff's delay (doubling, capped; no jitter with random() = 0) and
// not one millisecond before.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { Backoff } from '../../src/sources/backoff.js';
import { DockerSource } from '../../src/sources/docker.js';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { RecordingSink } from './kubernetes-sink.js';

// First retry after 100 ms, doubling to the 400 ms cap.
const DELAYS = [100, 200, 400, 400, 400];

/** Real waiting for real I/O (the fake clock does not move meanwhile), at most 10 s. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 10_000) throw new Error(`never: ${what}`);
    await realSleep(5);
  }
}

/**
 * Steps the fake clock through the delays: before each, the failure has been waited for
 * (`failures()` has grown); one millisecond short of the delay there is no new attempt,
 * at the delay there is exactly one.
 */
async function expectRetriesAfter(delays: number[], attempts: () => number, failures: () => number): Promise<void> {
  for (const [i, delay] of delays.entries()) {
    await until(`failure ${i + 1} waited for`, () => failures() === i + 1);
    expect(attempts(), `attempts before retry ${i + 1}`).toBe(i + 1);
    await vi.advanceTimersByTimeAsync(delay - 1);
    expect(attempts(), `attempts ${delay - 1} ms into the ${delay} ms wait`).toBe(i + 1);
    await vi.advanceTimersByTimeAsync(1);
    await until(`retry ${i + 1} after ${delay} ms`, () => attempts() === i + 2);
  }
}

let next: MockInstance<Backoff['next']>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(Math, 'random').mockReturnValue(0);
  next = vi.spyOn(Backoff.prototype, 'next');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the Kubernetes source backs off between failed pod lists', () => {
  let server: Server;
  let source: KubernetesSource | undefined;
  const podLists: string[] = [];
  /** Requests podlife sent for the pod list (a spy on its HTTP client: counted when sent, not when served). */
  let sent: MockInstance<KubeHttp['request']>;

  beforeEach(async () => {
    podLists.length = 0;
    // The pod list fails with the apiserver's 500 Status. The access review says no to
    // everything (so events, EndpointSlices and ReplicaSets are not watched); other lists
    // (nodes, budgets) are left unanswered until podlife closes: no other informer fails.
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' && /^\/api\/v1\/namespaces\/shop\/pods\?/.test(req.url ?? '') && !req.url!.includes('watch=')) {
        podLists.push(req.url!);
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'etcdserver: request timed out', code: 500 }));
      } else if (req.method === 'POST') {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ status: { allowed: false } }));
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    sent = vi.spyOn(KubeHttp.prototype, 'request');
  });
  afterEach(async () => {
    await source?.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('100, 200, 400, 400, 400 ms: the informer waits on the backoff after each failed list', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const access = { cluster: { name: 'fake', server: url, skipTLSVerify: true, disableCompression: false }, user: { name: 'nobody' } };
    source = new KubernetesSource({
      target: { access, context: 'fake', namespace: 'shop', cluster: 'fake', server: url },
      namespace: 'shop',
      clockProbes: 0,
      // Unanswered requests must not time out (and back off) during the test.
      timing: { backoffInitialMs: 100, backoffMaxMs: 400, requestTimeoutMs: 600_000 },
    });
    const sink = new RecordingSink();
    source.start(sink);
    const podListsSent = () => sent.mock.calls.filter(([req]) => /\/namespaces\/shop\/pods$/.test(req.path) && !req.query?.watch).length;
    await expectRetriesAfter(DELAYS, podListsSent, () => next.mock.calls.length);
    // Every request sent reached the server and failed there: the waits were on real failures.
    await until('the last list served', () => podLists.length === DELAYS.length + 1);
    expect(next.mock.results.slice(0, DELAYS.length).map((r) => r.value)).toEqual(DELAYS);
    expect(sink.all('status').at(-1)?.status.message).toContain('etcdserver: request timed out');
  });
});

describe('the Docker source backs off between failed connections', () => {
  let dir: string;
  let source: DockerSource | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podlife-backoff-'));
  });
  afterEach(async () => {
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('100, 200, 400, 400, 400 ms: each reconnect waits on the backoff while the engine socket is missing', async () => {
    const connects = vi.spyOn(DockerSource.prototype as unknown as { connect(): Promise<void> }, 'connect');
    source = new DockerSource({ host: `unix://${join(dir, 'docker.sock')}`, backoff: { initialMs: 100, maxMs: 400 } });
    const sink = new RecordingSink();
    source.start(sink);
    await expectRetriesAfter(DELAYS, () => connects.mock.calls.length, () => next.mock.calls.length);
    expect(sink.all('status').map((s) => s.status.state)).toEqual(['connecting', 'disconnected']);
    expect(sink.all('status').at(-1)?.status.message).toContain('the socket does not exist');
  });
});
