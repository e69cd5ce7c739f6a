// The thread that reads streamed responses (the watches) for the main thread: it takes
// each chunk off its socket as it arrives and stamps it then, however busy the main
// thread is drawing a frame. A delete's sighting is that stamp, and a predicted KILL is
// the sighting plus the grace: read late, the prediction would be late by as much.
// Node's built-ins only, and only erasable TypeScript: it runs as it is under Node's
// type stripping (tests) as well as compiled and bundled. Protocol: stream-protocol.ts.
import { createRequire } from 'node:module';
import { pipeline, type Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { createGunzip, createInflate } from 'node:zlib';
import type { IncomingMessage, Agent, ClientRequest } from 'node:http';
import type { FromReader, ToReader } from './stream-protocol.js';

// Taken with require(): an ES import of node:http loads Node's fetch (see node-http.ts).
const load = createRequire(import.meta.url);
const http = load('node:http') as typeof import('node:http');
const https = load('node:https') as typeof import('node:https');

/**
 * Chunks posted and not yet taken by the main thread, beyond which the socket waits (TCP
 * holds the rest): a main thread that reads no further (its recording is behind) holds the
 * server back, as it did reading the socket itself.
 */
const MAX_UNTAKEN_BYTES = 1 << 20;

/**
 * Chunks read within this long of the last message to the main thread wait and go with
 * the next one, each with its own stamp: under churn a message per chunk (hundreds a
 * second) cost more than the reading itself. The stamps are not delayed, only the handing on.
 */
const MIN_POST_GAP_MS = 10;

/**
 * When the main thread's next frame comes at the soonest (epoch ms; next-frame.ts):
 * chunks read before then wait until just before it, as the frame cannot show them sooner.
 */
const nextFrame = workerData?.nextFrameSlot instanceof SharedArrayBuffer ? new BigInt64Array(workerData.nextFrameSlot) : undefined;
/**
 * Handed on this long before the frame. The main thread applies them and draws in the same
 * wake-up: a frame due that soon is drawn at once (frame-coalescer.ts), where a hand-over
 * 3 ms ahead had it wake again for the frame's own timer.
 */
const BEFORE_FRAME_MS = 1;
/**
 * After a hand-over, until the main thread says when its next frame comes, it is still
 * applying or drawing: chunks read meanwhile are for the next frame, which comes a frame's
 * length later at the soonest (frame-pacer.ts's least gap). Handed on at once, they woke the
 * main thread for a frame of their own about ten times a second under churn.
 */
const FRAME_MS_AT_LEAST = 33;
/** A timer this close to its moment is not set again for the rest: the wake-up costs more. */
const TIMER_SLACK_MS = 2;

interface Stream {
  request: ClientRequest;
  body?: Readable;
  untaken: number;
  /** Read and not yet posted: each chunk with when it came off the socket. */
  unposted: { bytes: Buffer; at: number }[];
  postTimer?: NodeJS.Timeout;
  lastPostAt: number;
  /** The main thread's next frame as it stood at the last hand-over (epoch ms; 0: none spaced out). */
  postedBefore: number;
}

const port = parentPort!;
const agents = new Map<number, Agent>();
const streams = new Map<number, Stream>();
const post = (message: FromReader, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer ?? []);

port.on('message', (message: ToReader) => {
  switch (message.op) {
    case 'open':
      return open(message);
    case 'took': {
      const stream = streams.get(message.id);
      if (!stream) return;
      stream.untaken -= message.bytes;
      flow(stream);
      return;
    }
    case 'close':
      clearTimeout(streams.get(message.id)?.postTimer);
      streams.get(message.id)?.request.destroy();
      streams.delete(message.id);
      return;
    case 'forget-agent':
      if (message.now) agents.get(message.agent)?.destroy();
      agents.delete(message.agent);
      return;
  }
});

post({ op: 'ready', id: 0 });

function flow(stream: Stream): void {
  if (!stream.body) return;
  if (stream.untaken > MAX_UNTAKEN_BYTES) stream.body.pause();
  else stream.body.resume();
}

function agentFor(message: Extract<ToReader, { op: 'open' }>): Agent {
  let agent = agents.get(message.agent);
  if (!agent) {
    const keepAlive = { keepAlive: true, keepAliveMsecs: 30_000 };
    agent = message.url.startsWith('https:') ? new https.Agent({ ...keepAlive, ...message.tls }) : new http.Agent(keepAlive);
    agents.set(message.agent, agent);
  }
  return agent;
}

function open(message: Extract<ToReader, { op: 'open' }>, retried = false): void {
  const { id } = message;
  const send = message.url.startsWith('https:') ? https.request : http.request;
  const sentAt = Date.now();
  const request = send(message.url, { method: 'GET', headers: message.headers, agent: agentFor(message) }, (res) => answered(id, res, sentAt));
  const stream: Stream = { request, untaken: 0, unposted: [], lastPostAt: 0, postedBefore: 0 };
  streams.set(id, stream);
  request.once('error', (err: NodeJS.ErrnoException) => {
    if (streams.get(id) !== stream) return; // closed by the main thread
    // A kept-alive connection the server closed just as it was reused: sent again on a new one, as kubernetes-http.ts does.
    if (!retried && !stream.body && request.reusedSocket && err.code === 'ECONNRESET') return open(message, true);
    streams.delete(id);
    post({ op: 'error', id, message: err.message, ...(err.code ? { code: err.code } : {}) });
  });
  request.end();
}

function answered(id: number, res: IncomingMessage, sentAt: number): void {
  const stream = streams.get(id);
  if (!stream) return void res.destroy();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  post({ op: 'head', id, status: res.statusCode ?? 0, headers, sentAt, receivedAt: Date.now() });
  const body = decoded(res);
  stream.body = body;
  body.on('data', (chunk: Buffer) => {
    stream.unposted.push({ bytes: chunk, at: Date.now() });
    stream.untaken += chunk.byteLength;
    flow(stream);
    stream.postTimer ??= setTimeout(() => handOverWhenDue(id, stream), postDelay(stream));
  });
  body.once('end', () => {
    postChunks(id, stream);
    if (streams.delete(id)) post({ op: 'end', id });
  });
  body.once('error', (err: NodeJS.ErrnoException) => {
    clearTimeout(stream.postTimer);
    if (streams.delete(id)) post({ op: 'error', id, message: err.message, ...(err.code ? { code: err.code } : {}) });
  });
}

const nextFrameAt = (): number => (nextFrame ? Number(Atomics.load(nextFrame, 0)) : 0);

/** How long the chunks read now wait before they go to the main thread. */
function postDelay(stream: Stream): number {
  const now = Date.now();
  const frameAt = nextFrameAt();
  const gap = stream.lastPostAt + MIN_POST_GAP_MS - now;
  // The last hand-over's frame is not drawn yet (or the frame it asked for is being drawn).
  if (frameAt !== 0 && frameAt === stream.postedBefore) return Math.max(0, gap, stream.lastPostAt + FRAME_MS_AT_LEAST - now);
  return Math.max(0, gap, frameAt - BEFORE_FRAME_MS - now);
}

/** The post timer: hands the chunks on, unless the main thread has since said its next frame comes later. */
function handOverWhenDue(id: number, stream: Stream): void {
  stream.postTimer = undefined;
  const frameAt = nextFrameAt();
  const wait = frameAt - BEFORE_FRAME_MS - Date.now();
  if (frameAt !== stream.postedBefore && wait > TIMER_SLACK_MS) stream.postTimer = setTimeout(() => handOverWhenDue(id, stream), wait);
  else postChunks(id, stream);
}

/** The chunks read since the last message, in one buffer the main thread then owns. */
function postChunks(id: number, stream: Stream): void {
  clearTimeout(stream.postTimer);
  stream.postTimer = undefined;
  if (stream.unposted.length === 0 || streams.get(id) !== stream) return;
  // Memory of its own, to hand over whole (a chunk may share its memory with others).
  const bytes = new Uint8Array(stream.unposted.reduce((sum, c) => sum + c.bytes.byteLength, 0));
  const ends: number[] = [];
  const ats: number[] = [];
  let end = 0;
  for (const chunk of stream.unposted) {
    bytes.set(chunk.bytes, end);
    ends.push((end += chunk.bytes.byteLength));
    ats.push(chunk.at);
  }
  stream.unposted = [];
  stream.lastPostAt = Date.now();
  stream.postedBefore = nextFrameAt();
  post({ op: 'data', id, bytes, ends, ats }, [bytes.buffer]);
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding'];
  if (encoding !== 'gzip' && encoding !== 'deflate') return res;
  return pipeline(res, encoding === 'gzip' ? createGunzip() : createInflate(), () => {});
}
