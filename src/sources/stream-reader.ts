// The main thread's side of the stream reader (stream-worker.ts): a streamed GET whose
// chunks are read off the socket on another thread and arrive here with the moment they
// were read. One reader thread per process, started on first use; when it cannot start
// (or dies), callers read in their own thread as before.
import { Worker } from 'node:worker_threads';
import { DRAIN, DRAIN_FLAG_INDEX, nextFrameSlot, onNextFrameNoted, setDrain, TAKEN_BEFORE_FRAME_MS } from './next-frame.js';
import { ChunkRingReader, newRing, RING_LAYOUT } from './chunk-ring.js';
import type { TlsSettings } from './kube-agent.js';
import type { FromReader, ToReader } from './stream-protocol.js';

export interface StreamedResponse {
  status: number;
  headers: Record<string, string>;
  sentAt: number;
  receivedAt: number;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** When the chunk the body last yielded came off the socket (Date.now()). */
  arrivedAt(): number;
}

export interface StreamOpen {
  url: string;
  headers: Record<string, string | number>;
  /** The connection pool on the reader's thread: one per client and client certificate. */
  agent: number;
  tls: TlsSettings;
  signal?: AbortSignal;
}

/** The reader thread's heap: it holds a few chunks at a time. */
const READER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 };

let shared: StreamReader | undefined;
let broken = false;

/** The process's reader, started now if need be; undefined if no thread can be started. */
export function streamReader(): StreamReader | undefined {
  if (broken) return undefined;
  try {
    shared ??= new StreamReader();
  } catch {
    broken = true;
  }
  return shared;
}

/** A JS heap: what it holds, and what it has reserved (perf/stats.ts takes it as HeapSize). */
interface ReaderHeapSize {
  usedBytes: number;
  totalBytes: number;
}

/** What the reader thread's JS heap holds and has reserved, when it runs: its own isolate, outside process.memoryUsage()'s heap. */
export function readerHeap(): Promise<ReaderHeapSize | undefined> {
  return shared?.heapStatistics().catch(() => undefined) ?? Promise.resolve(undefined);
}

let agents = 0;
/** A fresh connection pool number (each client, and each new client certificate, gets its own). */
export const newReaderAgent = (): number => ++agents;

export class StreamReader {
  private readonly worker: Worker;
  private readonly streams = new Map<number, RemoteStream>();
  private nextId = 1;
  /** Settles once the thread reads its messages (rejects if it died first): streams opened before wait there. */
  readonly ready: Promise<void>;
  /** A ring had chunks since the last frame: the next frame takes them itself. */
  private busy = false;
  private messagesOfChunks = 0;
  private drainTimer: NodeJS.Timeout | undefined;

  constructor() {
    // Beside this module, in each form it runs as: .ts (tests), .js (compiled), .mjs (bundled).
    const extension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
    const workerData = { nextFrameSlot, drainFlagIndex: DRAIN_FLAG_INDEX, drain: DRAIN, ringLayout: RING_LAYOUT, beforeFrameMs: TAKEN_BEFORE_FRAME_MS };
    this.worker = new Worker(new URL(`./stream-worker${extension}`, import.meta.url), { resourceLimits: READER_LIMITS, workerData });
    this.worker.unref(); // only while it has streams open does it keep podlife running
    let started!: () => void;
    let failed!: (err: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    this.ready.catch(() => undefined); // a caller that never asked is not told
    this.worker.on('message', (message: FromReader) => {
      if (message.op === 'ready') return started();
      if (message.op === 'data') {
        this.busy = true;
        this.messagesOfChunks++;
      }
      this.streams.get(message.id)?.hear(message);
    });
    onNextFrameNoted((epochMs) => this.drainAt(epochMs));
    const died = (err: Error) => {
      failed(err);
      broken = true;
      if (shared === this) shared = undefined;
      for (const stream of this.streams.values()) stream.hear({ op: 'error', id: 0, message: `the stream reader stopped: ${err.message}` });
      this.streams.clear();
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`exit code ${code}`)));
  }

  open(req: StreamOpen): Promise<StreamedResponse> {
    const id = this.nextId++;
    const ring = newRing();
    const stream = new RemoteStream(
      (message) => this.worker.postMessage(message),
      () => {
        this.streams.delete(id);
        if (this.streams.size === 0) this.worker.unref();
      },
      id,
      new ChunkRingReader(ring),
    );
    this.streams.set(id, stream);
    // An open stream keeps podlife running, as its socket would in this thread.
    this.worker.ref();
    const opened = stream.opened(req.signal);
    this.worker.postMessage({ op: 'open', id, url: req.url, headers: req.headers, agent: req.agent, tls: req.tls, ring } satisfies ToReader);
    return opened;
  }

  /**
   * After a frame, when the next comes (next-frame.ts): while chunks keep coming, this
   * thread takes them itself just before it, and the reader does not wake to hand them on.
   * When a frame's look finds none, the reader hands them on again.
   */
  private drainAt(epochMs: number): void {
    if (!this.busy && !this.drainTimer) return setDrain(DRAIN.none);
    clearTimeout(this.drainTimer);
    this.busy = false;
    setDrain(DRAIN.promised);
    this.drainTimer = setTimeout(() => this.drain(), Math.max(0, epochMs - TAKEN_BEFORE_FRAME_MS - Date.now()));
    this.drainTimer.unref();
  }

  private drain(): void {
    this.drainTimer = undefined;
    // Before looking: a chunk written after the look finds the promise gone and is handed on.
    setDrain(DRAIN.taken);
    for (const stream of this.streams.values()) if (stream.takeFromRing()) this.busy = true;
    // None: no frame follows to note the next, so the reader hands its chunks on from now.
    if (!this.busy) setDrain(DRAIN.none);
  }

  /** The reader's messages that its rings have chunks so far (each woke this thread). */
  heapStatistics(): Promise<ReaderHeapSize> {
    return this.worker.getHeapStatistics().then((heap) => ({ usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size }));
  }

  get handOvers(): number {
    return this.messagesOfChunks;
  }

  forgetAgent(agent: number, now: boolean): void {
    this.worker.postMessage({ op: 'forget-agent', agent, now } satisfies ToReader);
  }
}

/** One streamed response: its head, then its chunks in order, handed to one reader. */
class RemoteStream {
  private wake?: () => void;
  private ended = false;
  private failure?: Error;
  private lastArrival = Number.NaN;
  private answer?: { resolve: (r: StreamedResponse) => void; reject: (e: Error) => void };

  constructor(
    private readonly tell: (message: ToReader) => void,
    private readonly forget: () => void,
    private readonly id: number,
    private readonly ring: ChunkRingReader,
  ) {}

  /** Has the body take the ring's chunks if there are any; true if there were. */
  takeFromRing(): boolean {
    if (!this.ring.holdsChunks) return false;
    this.wake?.();
    return true;
  }

  opened(signal: AbortSignal | undefined): Promise<StreamedResponse> {
    signal?.addEventListener('abort', () => this.close(abortError(signal)), { once: true });
    return new Promise((resolve, reject) => {
      this.answer = { resolve, reject };
      if (signal?.aborted) this.close(abortError(signal));
    });
  }

  hear(message: FromReader): void {
    switch (message.op) {
      case 'head': {
        const body = this.body();
        const text = async () => {
          const parts: Uint8Array[] = [];
          for await (const part of body) parts.push(part);
          return Buffer.concat(parts).toString('utf8');
        };
        this.answer?.resolve({ status: message.status, headers: message.headers, sentAt: message.sentAt, receivedAt: message.receivedAt, body, text, arrivedAt: () => this.lastArrival });
        this.answer = undefined;
        return;
      }
      case 'data':
        break;
      case 'end':
        this.ended = true;
        this.forget();
        break;
      case 'error':
        this.fail(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
        break;
    }
    this.wake?.();
  }

  private async *body(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const next = this.ring.take();
        if (this.ring.roomForWriter()) this.tell({ op: 'room', id: this.id });
        if (next) {
          this.lastArrival = next.at;
          yield next.bytes;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      // The caller left before the end (it stops watching): the socket is closed.
      if (!this.ended && !this.failure) this.close(new Error('closed'));
    }
  }

  private close(reason: Error): void {
    if (this.ended || this.failure) return;
    this.tell({ op: 'close', id: this.id });
    this.fail(reason);
    this.wake?.();
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.forget();
    this.answer?.reject(err);
    this.answer = undefined;
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { name: 'AbortError' });
}
