// A watch read on the stream reader's thread (KubeRequest.offThread), against a local
// server: each chunk is stamped when it came off the socket, also while this thread is
// busy (a frame being drawn); the body is the server's; a consumer that stops reading
// holds the server back; an abort closes the connection.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { noteNextFrameAt } from '../../src/sources/next-frame.js';
import { streamReader } from '../../src/sources/stream-reader.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let client: KubeHttp;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  client = new KubeHttp({ cluster: { name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: false, disableCompression: false }, user: { name: 'u', token: 't' } });
});

afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  server.close();
});

const watch = (signal?: AbortSignal) => client.request({ path: '/api/v1/pods', query: { watch: true }, stream: true, offThread: true, ...(signal ? { signal } : {}) });
const line = (name: string) => `${JSON.stringify({ type: 'MODIFIED', object: { metadata: { name } } })}\n`;

/** A watch whose server has written its head and a first line; the test writes the rest through `res`. */
async function watchWithFirstLine() {
  let res!: ServerResponse;
  handler = (_req, response) => {
    res = response;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(line('first'));
  };
  const controller = new AbortController();
  const response = await watch(controller.signal);
  return { res, response, iterator: response.body[Symbol.asyncIterator](), controller };
}

/** Holds this thread as a long frame does: no timer, no socket read here until it ends. */
function busyFor(ms: number): number {
  const until = Date.now() + ms;
  while (Date.now() < until);
  return Date.now();
}

describe('a stream read on the reader thread', () => {
  it('stamps a chunk when it arrived, not when this thread, busy meanwhile, took it', async () => {
    let writtenAt = 0;
    let headersSent!: () => void;
    const started = new Promise<void>((resolve) => (headersSent = resolve));
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(line('first'));
      headersSent();
      // Written while the test thread is busy: the server runs on this thread too, so it
      // writes just before the busy spell begins and the chunk arrives during it.
      setImmediate(() => {
        writtenAt = Date.now();
        res.end(line('deleted'));
      });
    };
    const response = await watch();
    await started;
    await new Promise((resolve) => setImmediate(resolve)); // the server writes its second line
    expect(writtenAt).toBeGreaterThan(0);
    const busyUntil = busyFor(600);
    const stamps: number[] = [];
    let text = '';
    for await (const chunk of response.body) {
      text += Buffer.from(chunk).toString('utf8');
      stamps.push(response.arrivedAt!());
    }
    expect(text).toBe(line('first') + line('deleted'));
    const last = stamps.at(-1)!;
    // Read in this thread, the stamp would be after the busy spell; read on the reader's, it
    // is when the bytes came: after they were written, and long before the spell ended.
    expect(last).toBeGreaterThanOrEqual(writtenAt);
    expect(last).toBeLessThan(busyUntil - 300);
  });

  it('hands on a gzip-encoded body decoded, and an error status with its body', async () => {
    handler = (req, res) => {
      if (req.headers['accept-encoding']?.includes('gzip') && req.url?.includes('watch=true')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(line('a') + line('b')));
        return;
      }
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', message: 'pods is forbidden' }));
    };
    const zipped = await watch();
    expect(zipped.status).toBe(200);
    expect(await zipped.text()).toBe(line('a') + line('b'));
    const refused = await client.request({ path: '/api/v1/secrets', stream: true, offThread: true });
    expect(refused.status).toBe(403);
    expect(JSON.parse(await refused.text()).message).toBe('pods is forbidden');
  });

  it('holds the server back while the body is not read, and loses nothing', async () => {
    const chunkBytes = 64 * 1024;
    const total = 48 << 20; // far more than the reader's ring and the sockets' buffers
    const sent = createHash('sha256');
    let written = 0;
    let stalled!: () => void;
    const stall = new Promise<void>((resolve) => (stalled = resolve));
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const more = () => {
        while (written < total) {
          // Each chunk its own: a chunk lost, repeated or out of order changes the hash.
          const chunk = String(written / chunkBytes).padStart(8, '0') + 'x'.repeat(chunkBytes - 9) + '\n';
          written += chunk.length;
          sent.update(chunk);
          if (!res.write(chunk)) {
            // No drain within a second: the reader has stopped taking.
            const timer = setTimeout(stalled, 1000);
            res.once('drain', () => (clearTimeout(timer), more()));
            return;
          }
        }
        res.end();
        stalled(); // never held back: the check below fails
      };
      more();
    };
    const response = await watch();
    await stall;
    const heldAt = written;
    expect(heldAt).toBeLessThan(total / 2);
    const received = createHash('sha256');
    let read = 0;
    for await (const part of response.body) {
      read += part.byteLength;
      received.update(part);
    }
    expect(read).toBe(total);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
    expect(heldAt).toBeLessThan(written);
  });

  it('an abort ends the body with an error and closes the connection', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(line('a'));
      req.socket.once('close', closed);
    };
    const controller = new AbortController();
    const response = await watch(controller.signal);
    const reading = (async () => {
      for await (const part of response.body) if (Buffer.from(part).toString('utf8').includes('"a"')) controller.abort();
    })();
    await expect(reading).rejects.toThrow();
    await connectionClosed;
  });

  it("holds chunks on its thread until just before the dashboard's next frame, stamped as they came", async () => {
    const frameAt = Date.now() + 1_000;
    noteNextFrameAt(frameAt);
    try {
      let writtenAt = 0;
      let res!: ServerResponse;
      handler = (_req, response) => {
        res = response;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
      };
      const controller = new AbortController();
      const response = await watch(controller.signal);
      const iterator = response.body[Symbol.asyncIterator]();
      // Asked first, as a watch's loop does: it waits for the next chunk while none is there.
      const asked = iterator.next();
      writtenAt = Date.now();
      res.write(line('held'));
      const first = await asked;
      const takenAt = Date.now();
      expect(Buffer.from(first.value as Uint8Array).toString('utf8')).toBe(line('held'));
      // Handed on shortly before the frame, not as it came (a frame could not show it sooner) ...
      expect(takenAt).toBeGreaterThanOrEqual(frameAt - 100);
      // ... with the moment it came off the socket.
      expect(response.arrivedAt!()).toBeGreaterThanOrEqual(writtenAt);
      expect(response.arrivedAt!()).toBeLessThan(frameAt - 500);
      controller.abort();
      await iterator.return?.();
    } finally {
      noteNextFrameAt(0);
    }
  });

  it('holds a chunk read after a hand-over until the main thread says when its next frame comes', async () => {
    const firstFrameAt = Date.now() + 300;
    noteNextFrameAt(firstFrameAt);
    try {
      const { res, iterator, controller } = await watchWithFirstLine();
      await iterator.next(); // handed on just before the first frame
      // The frame is being drawn: this thread has not yet said when the next comes. A chunk
      // read now is for that next frame; handed on at once it would wake this thread for a
      // frame of its own. Asked for first, as a watch's loop does.
      const asked = iterator.next();
      res.write(line('second'));
      await new Promise((resolve) => setTimeout(resolve, 15));
      const nextFrameAt = Date.now() + 400;
      noteNextFrameAt(nextFrameAt);
      const second = await asked;
      expect(Buffer.from(second.value as Uint8Array).toString('utf8')).toBe(line('second'));
      expect(Date.now()).toBeGreaterThanOrEqual(nextFrameAt - 100);
      controller.abort();
      await iterator.return?.();
    } finally {
      noteNextFrameAt(0);
    }
  });

  it('while chunks keep coming, this thread takes them itself at its next frame: the reader sends no message', async () => {
    try {
      const before = streamReader()?.handOvers ?? 0;
      const { res, iterator, controller } = await watchWithFirstLine();
      await iterator.next(); // no frame spaced out: handed on at once, by a message ...
      while (streamReader()!.handOvers === before) await new Promise((resolve) => setTimeout(resolve, 5)); // ... which may come after the chunk was taken
      const messages = streamReader()!.handOvers;
      // A frame is drawn and the next noted: chunks came since the last, so more are likely.
      const frameAt = Date.now() + 300;
      noteNextFrameAt(frameAt);
      const asked = iterator.next();
      res.write(line('second'));
      const second = await asked;
      expect(Buffer.from(second.value as Uint8Array).toString('utf8')).toBe(line('second'));
      expect(Date.now()).toBeGreaterThanOrEqual(frameAt - 100);
      expect(streamReader()!.handOvers).toBe(messages);
      controller.abort();
      await iterator.return?.();
    } finally {
      noteNextFrameAt(0);
    }
  });

  it('with no frame spaced out, hands a chunk on at once', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(line('prompt'));
    };
    const controller = new AbortController();
    const response = await watch(controller.signal);
    const sentAt = Date.now();
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    expect(Date.now() - sentAt).toBeLessThan(500);
    controller.abort();
    await iterator.return?.();
  });
});
