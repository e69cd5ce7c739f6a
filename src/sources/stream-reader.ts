// The main thread's side of the stream reader (stream-worker.ts): a streamed GET whose
// chunks are read off the socket on another thread and arrive here with the moment they
// were read. One reader thread per process, started on first use; when it cannot start
// (or dies), callers read in their own thread as before.
import { Worker } from 'node:worker_threads';
import { nextFrameSlot } from './next-frame.js';
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

/**
 * The reader is told of taken bytes in steps this big: a message per chunk cost more than
 * the chunk. A quarter of what it lets pile up (stream-worker.ts), so it never waits on it.
 */
const TAKEN_PER_ACK = 256 * 1024;

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

let agents = 0;
/** A fresh connection pool number (each client, and each new client certificate, gets its own). */
export const newReaderAgent = (): number => ++agents;

export class StreamReader {
  private readonly worker: Worker;
  private readonly streams = new Map<number, RemoteStream>();
  private nextId = 1;
  /** Settles once the thread reads its messages (rejects if it died first): streams opened before wait there. */
  readonly ready: Promise<void>;

  constructor() {
    // Beside this module, in each form it runs as: .ts (tests), .js (compiled), .mjs (bundled).
    const extension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
    this.worker = new Worker(new URL(`./stream-worker${extension}`, import.meta.url), { resourceLimits: READER_LIMITS, workerData: { nextFrameSlot } });
    this.worker.unref(); // only while it has streams open does it keep podlife running
    let started!: () => void;
    let failed!: (err: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    this.ready.catch(() => undefined); // a caller that never asked is not told
    this.worker.on('message', (message: FromReader) => (message.op === 'ready' ? started() : this.streams.get(message.id)?.hear(message)));
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
    const stream = new RemoteStream(
      (message) => this.worker.postMessage(message),
      () => {
        this.streams.delete(id);
        if (this.streams.size === 0) this.worker.unref();
      },
      id,
    );
    this.streams.set(id, stream);
    // An open stream keeps podlife running, as its socket would in this thread.
    this.worker.ref();
    const opened = stream.opened(req.signal);
    this.worker.postMessage({ op: 'open', id, url: req.url, headers: req.headers, agent: req.agent, tls: req.tls } satisfies ToReader);
    return opened;
  }

  forgetAgent(agent: number, now: boolean): void {
    this.worker.postMessage({ op: 'forget-agent', agent, now } satisfies ToReader);
  }
}

/** One streamed response: its head, then its chunks in order, handed to one reader. */
class RemoteStream {
  private readonly chunks: { bytes: Uint8Array; at: number }[] = [];
  private wake?: () => void;
  private ended = false;
  private failure?: Error;
  private lastArrival = Number.NaN;
  /** Bytes taken since the reader was last told. */
  private taken = 0;
  private answer?: { resolve: (r: StreamedResponse) => void; reject: (e: Error) => void };

  constructor(
    private readonly tell: (message: ToReader) => void,
    private readonly forget: () => void,
    private readonly id: number,
  ) {}

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
      case 'data': {
        let start = 0;
        message.ends.forEach((end, i) => {
          this.chunks.push({ bytes: message.bytes.subarray(start, end), at: message.ats[i]! });
          start = end;
        });
        break;
      }
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
        const next = this.chunks.shift();
        if (next) {
          this.lastArrival = next.at;
          yield next.bytes;
          this.taken += next.bytes.byteLength;
          if (this.taken >= TAKEN_PER_ACK) {
            this.tell({ op: 'took', id: this.id, bytes: this.taken });
            this.taken = 0;
          }
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
