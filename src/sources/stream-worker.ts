// The thread that reads streamed responses (the watches) for the main thread: it takes
// each chunk off its socket as it arrives and stamps it then, however busy the main
// thread is drawing a frame. A delete's sighting is that stamp, and a predicted KILL is
// the sighting plus the grace: read late, the prediction would be late by as much.
// Node's built-ins only, and only erasable TypeScript: it runs as it is under Node's
// type stripping (tests) as well as compiled and bundled. Protocol: stream-protocol.ts.
// The chunks go through a ring in memory both threads share (chunk-ring.ts). A message
// tells the main thread they are there, timed for its next frame, unless it has promised
// to look itself at that frame (next-frame.ts): under churn it does, and this thread then
// wakes only to read its sockets.
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
 * Chunks read within this long of the last message to the main thread wait and go with
 * the next one, each with its own stamp: under churn a message per chunk (hundreds a
 * second) cost more than the reading itself. The stamps are not delayed, only the handing on.
 */
const MIN_POST_GAP_MS = 10;

/**
 * When the main thread's next frame comes at the soonest (epoch ms; next-frame.ts):
 * chunks read before then wait until just before it, as the frame cannot show them sooner.
 */
const nextFrame = new BigInt64Array(workerData.nextFrameSlot, 0, 1);
/** Whether the main thread takes the chunks itself (next-frame.ts's DRAIN, passed in). */
const drainFlag = new Int32Array(workerData.nextFrameSlot);
const DRAIN_FLAG_INDEX: number = workerData.drainFlagIndex;
const DRAIN: { none: number; promised: number; taken: number } = workerData.drain;
const drainState = (): number => Atomics.load(drainFlag, DRAIN_FLAG_INDEX);
/** The rings' layout (chunk-ring.ts, passed in: this file imports nothing of podlife's at run time). */
const RING: { headerBytes: number; written: number; read: number; writerWaits: number; recordHead: number } = workerData.ringLayout;
/** Handed on this long before the frame (next-frame.ts's TAKEN_BEFORE_FRAME_MS, passed in). */
const BEFORE_FRAME_MS: number = workerData.beforeFrameMs;
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
  ring: RingWriter;
  /** Read and not yet in the ring (it was full): each chunk with when it came off the socket. */
  waiting: { bytes: Uint8Array; at: number }[];
  /** The body ended (or failed) while chunks were waiting: said once they are in. */
  last?: FromReader;
  postTimer?: NodeJS.Timeout;
  lastPostAt: number;
  /** The main thread's next frame as it stood at the last hand-over (epoch ms; 0: none spaced out). */
  postedBefore: number;
}

const port = parentPort!;
const agents = new Map<number, Agent>();
const streams = new Map<number, Stream>();
const post = (message: FromReader) => port.postMessage(message);

port.on('message', (message: ToReader) => {
  switch (message.op) {
    case 'open':
      return open(message);
    case 'room': {
      const stream = streams.get(message.id);
      if (stream) moveIntoRing(message.id, stream);
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
  const stream: Stream = { request, ring: new RingWriter(message.ring), waiting: [], lastPostAt: 0, postedBefore: 0 };
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
    const at = Date.now();
    // A piece (its head included) at most half the ring: it fits once the main thread has
    // taken the ring down to half, when it says there is room (chunk-ring.ts).
    const most = stream.ring.capacity / 2 - RING.recordHead;
    for (let start = 0; start < chunk.byteLength; start += most) stream.waiting.push({ bytes: chunk.subarray(start, start + most), at });
    moveIntoRing(id, stream);
  });
  body.once('end', () => finish(id, stream, { op: 'end', id }));
  body.once('error', (err: NodeJS.ErrnoException) => finish(id, stream, { op: 'error', id, message: err.message, ...(err.code ? { code: err.code } : {}) }));
}

/** The body is over: said to the main thread once every chunk before it is in the ring. */
function finish(id: number, stream: Stream, last: FromReader): void {
  stream.last = last;
  if (stream.waiting.length === 0) sayLast(id, stream);
}

function sayLast(id: number, stream: Stream): void {
  clearTimeout(stream.postTimer);
  if (streams.get(id) !== stream) return;
  streams.delete(id);
  post(stream.last!);
}

/** Writes the waiting chunks into the ring; pauses the socket at the first that does not fit. */
function moveIntoRing(id: number, stream: Stream): void {
  let moved = false;
  while (stream.waiting.length > 0 && stream.ring.write(stream.waiting[0]!)) {
    stream.waiting.shift();
    moved = true;
  }
  if (stream.waiting.length > 0) {
    // Full: the main thread is told now, and says when it has made room ('room').
    stream.body?.pause();
    stream.ring.waitForRoom();
    tellNow(id, stream);
    return;
  }
  if (stream.body?.isPaused()) stream.body.resume(); // the ring had been full
  if (stream.last) return sayLast(id, stream);
  if (!moved) return;
  // Looked at after the write, as the main thread gives up its promise before it looks (next-frame.ts).
  if (drainState() === DRAIN.promised) return;
  stream.postTimer ??= setTimeout(() => handOverWhenDue(id, stream), postDelay(stream));
}

const nextFrameAt = (): number => Number(Atomics.load(nextFrame, 0));

/** How long the chunks read now wait before they go to the main thread. */
function postDelay(stream: Stream): number {
  const now = Date.now();
  const frameAt = nextFrameAt();
  const gap = stream.lastPostAt + MIN_POST_GAP_MS - now;
  // The main thread has just taken the chunks for the frame at frameAt, and draws it.
  if (drainState() === DRAIN.taken) return Math.max(0, gap, frameAt + FRAME_MS_AT_LEAST - BEFORE_FRAME_MS - now);
  // The last hand-over's frame is not drawn yet (or the frame it asked for is being drawn).
  if (frameAt !== 0 && frameAt === stream.postedBefore) return Math.max(0, gap, stream.lastPostAt + FRAME_MS_AT_LEAST - now);
  return Math.max(0, gap, frameAt - BEFORE_FRAME_MS - now);
}

/**
 * The post timer: tells the main thread of the chunks, unless it has since promised to take
 * them itself or said its next frame comes later.
 */
function handOverWhenDue(id: number, stream: Stream): void {
  stream.postTimer = undefined;
  const drain = drainState();
  if (drain === DRAIN.promised) return;
  // Still drawing a frame's length later: told now, so that nothing waits longer.
  if (drain === DRAIN.taken) return tellNow(id, stream);
  const frameAt = nextFrameAt();
  const wait = frameAt - BEFORE_FRAME_MS - Date.now();
  if (frameAt !== stream.postedBefore && wait > TIMER_SLACK_MS) stream.postTimer = setTimeout(() => handOverWhenDue(id, stream), wait);
  else tellNow(id, stream);
}

/** Tells the main thread that the ring has chunks for it. */
function tellNow(id: number, stream: Stream): void {
  clearTimeout(stream.postTimer);
  stream.postTimer = undefined;
  if (streams.get(id) !== stream) return;
  stream.lastPostAt = Date.now();
  stream.postedBefore = nextFrameAt();
  post({ op: 'data', id });
}

/** The writer's end of a ring (layout: chunk-ring.ts). */
class RingWriter {
  readonly capacity: number;
  private readonly counters: Int32Array;
  private readonly records: Uint8Array;
  private readonly head = new DataView(new ArrayBuffer(RING.recordHead));
  /** The same head as bytes, made once: copied into the ring before each chunk. */
  private readonly headBytes = new Uint8Array(this.head.buffer);

  constructor(buffer: SharedArrayBuffer) {
    this.counters = new Int32Array(buffer, 0, RING.headerBytes / 4);
    this.records = new Uint8Array(buffer, RING.headerBytes);
    this.capacity = this.records.byteLength;
  }

  /** Writes the chunk if it fits; false if it does not (nothing written). */
  write(chunk: { bytes: Uint8Array; at: number }): boolean {
    const written = Atomics.load(this.counters, RING.written) >>> 0;
    const read = Atomics.load(this.counters, RING.read) >>> 0;
    const free = this.capacity - ((written - read) >>> 0);
    if (RING.recordHead + chunk.bytes.byteLength > free) return false;
    this.head.setUint32(0, chunk.bytes.byteLength);
    this.head.setFloat64(4, chunk.at);
    this.copyIn(written, this.headBytes);
    this.copyIn(written + RING.recordHead, chunk.bytes);
    Atomics.store(this.counters, RING.written, (written + RING.recordHead + chunk.bytes.byteLength) | 0);
    return true;
  }

  waitForRoom(): void {
    Atomics.store(this.counters, RING.writerWaits, 1);
  }

  private copyIn(position: number, bytes: Uint8Array): void {
    const start = position % this.capacity;
    const first = Math.min(bytes.byteLength, this.capacity - start);
    this.records.set(bytes.subarray(0, first), start);
    if (first < bytes.byteLength) this.records.set(bytes.subarray(first), 0);
  }
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding'];
  if (encoding !== 'gzip' && encoding !== 'deflate') return res;
  return pipeline(res, encoding === 'gzip' ? createGunzip() : createInflate(), () => {});
}
