// One watch request: streams newline-delimited watch events until the server closes the
// response, the caller aborts, or nothing (not even a bookmark) arrives for too long —
// a hung apiserver (SIGSTOPped, a dead link) keeps the socket open but silent.
import { errorFrom, type KubeHttp, type KubeRequest, type KubeResponse } from './kubernetes-http.js';
import { NdjsonLines } from './ndjson-lines.js';
import { noteWatchChunkRead } from './watch-arrivals.js';

export interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { metadata?: { resourceVersion?: string }; code?: number; message?: string; reason?: string } & Record<string, unknown>;
}

export class WatchIdleError extends Error {
  override readonly name = 'WatchIdleError';
}

export interface WatchRequest {
  path: string;
  query: KubeRequest['query'];
  /** The caller's lifetime (close()). */
  signal: AbortSignal;
  /** Longest wait for response headers. */
  connectTimeoutMs: number;
  /** Longest silence once streaming; the server sends bookmarks well within it. */
  inactivityMs: number;
  /** Each response, also a failed one (for Date headers); before its body is read. */
  onResponse?(response: KubeResponse): void;
  /** Return false to stop watching (e.g. 410 Gone: relist). arrivedAt: when its bytes came off the socket, if read off-thread. */
  onEvent(event: WatchLine, arrivedAt?: number): boolean | void;
  /** Read on the stream reader's thread: each event then comes with when it arrived (KubeRequest.offThread). */
  offThread?: boolean;
  /** Awaited before each read of the stream when it returns a promise (a recording behind). */
  beforeRead?(): Promise<void> | undefined;
}

/** Resolves when the stream ended (server close, caller abort, onEvent → false); throws on failures. */
export async function watchOnce(http: KubeHttp, req: WatchRequest): Promise<void> {
  const controller = new AbortController();
  const stopOnClose = () => controller.abort(req.signal.reason);
  req.signal.addEventListener('abort', stopOnClose, { once: true });
  // The silence allowed is a deadline moved on by each chunk; one timer checks it. A
  // timer set again per chunk cost more than the chunk's own handling under churn.
  let timer: NodeJS.Timeout | undefined;
  let timerDue = Infinity;
  let deadline = Infinity;
  let allowedMs = 0;
  let idleFor = 0;
  const check = () => {
    timer = undefined;
    timerDue = Infinity;
    const left = deadline - performance.now();
    if (left > 0) return schedule(left);
    idleFor = allowedMs;
    controller.abort(new WatchIdleError(`no data for ${allowedMs / 1000} s`));
  };
  const schedule = (ms: number) => {
    timerDue = performance.now() + ms;
    timer = setTimeout(check, ms);
  };
  const arm = (ms: number) => {
    allowedMs = ms;
    deadline = performance.now() + ms;
    if (timer !== undefined && timerDue <= deadline) return; // it fires first and looks again
    clearTimeout(timer);
    schedule(ms);
  };
  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
    timerDue = Infinity;
  };
  try {
    arm(req.connectTimeoutMs);
    const response = await http.request({ path: req.path, query: { ...req.query, watch: true }, signal: controller.signal, stream: true, ...(req.offThread ? { offThread: true } : {}) });
    req.onResponse?.(response);
    if (response.status !== 200) throw await errorFrom(response);
    arm(req.inactivityMs);
    const lines = new NdjsonLines();
    for await (const value of response.body) {
      arm(req.inactivityMs);
      // A line is whole once the chunk holding its end has come: that chunk's arrival is its stamp.
      const arrivedAt = response.arrivedAt?.();
      if (arrivedAt === undefined) noteWatchChunkRead();
      const goOn = lines.push(value, (text) => {
        const line = text.trim();
        return !line || req.onEvent(JSON.parse(line) as WatchLine, arrivedAt) !== false;
      });
      if (!goOn) return;
      // Nothing more is pulled from the stream until the caller is ready (TCP holds the rest).
      const behind = req.beforeRead?.();
      if (behind) {
        disarm(); // our own pause is not the server's silence
        await behind;
        arm(req.inactivityMs);
      }
    }
  } catch (err) {
    if (req.signal.aborted) return;
    if (idleFor > 0) throw new WatchIdleError(`the watch was silent for ${idleFor / 1000} s (server not responding)`);
    throw err;
  } finally {
    disarm();
    req.signal.removeEventListener('abort', stopOnClose);
    controller.abort(); // frees the connection whichever way we left
  }
}
