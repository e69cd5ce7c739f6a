// A recording that falls behind its disk pauses the watch instead of buffering without
// end: the recorder says when it is behind, and a watch reads no further until it is not.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../../src/record/recorder.js';
import type { KubeHttp, KubeRequest, KubeResponse } from '../../src/sources/kubernetes-http.js';
import { watchOnce, type WatchLine } from '../../src/sources/kubernetes-watch.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('recording backlog', () => {
  it('the recorder is behind while its file has not taken what was written, and says when it has', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podlife-backlog-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'r.ndjson');
    const recorder = createRecorder(file, { source: 'kubernetes', context: 'c', namespace: 'n' });
    const big = 'x'.repeat(64 * 1024);
    let written = 0;
    while (!recorder.backlog() && written < 10_000) recorder.tap({ t: written, type: 'k8s.pod', context: 'c', data: { big, n: written++ } });
    const behind = recorder.backlog();
    expect(behind).toBeInstanceOf(Promise);
    await behind;
    expect(recorder.backlog()).toBeUndefined();
    await recorder.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(written + 1); // the header, then every record
  });

  it('a watch reads no further while beforeRead holds it, then goes on where it was', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wroteSecond!: () => void;
    const secondWritten = new Promise<void>((resolve) => (wroteSecond = resolve));
    const line = (name: string) => `${JSON.stringify({ type: 'ADDED', object: { metadata: { name } } })}\n`;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(line('a'));
      setTimeout(() => res.write(line('b'), () => wroteSecond()), 50);
      setTimeout(() => res.end(), 400);
    });
    server.listen(0, '127.0.0.1');
    cleanups.push(() => server.close());
    await once(server, 'listening');
    const seen: string[] = [];
    let pause = false;
    const watching = watchOnce(clientFor((server.address() as { port: number }).port), {
      path: '/api/v1/pods',
      query: {},
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      inactivityMs: 5000,
      onEvent: (event: WatchLine) => {
        seen.push(String((event.object.metadata as { name?: string }).name));
        pause = true;
      },
      beforeRead: () => (pause ? held : undefined),
    });
    await secondWritten;
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a read that must not happen
    expect(seen).toEqual(['a']);
    release();
    await watching;
    expect(seen).toEqual(['a', 'b']);
  });
});

/** KubeHttp's request() over plain HTTP to the test server: the watch reads a real socket. */
function clientFor(port: number): KubeHttp {
  return {
    request(req: KubeRequest): Promise<KubeResponse> {
      const sentAt = Date.now();
      return new Promise((resolve, reject) => {
        const outgoing = http.get({ host: '127.0.0.1', port, path: req.path, ...(req.signal ? { signal: req.signal } : {}) }, (res) => {
          const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
          resolve({ status: res.statusCode ?? 0, headers, body: res, text: async () => '', sentAt, receivedAt: Date.now() });
        });
        outgoing.on('error', reject);
      });
    },
  } as unknown as KubeHttp;
}
