// client-go's informer loop for one resource: list, then watch from the list's
// resourceVersion; a watch that the server closes (timeoutSeconds) resumes at once from
// the last resourceVersion seen (bookmarks keep it fresh); 410 Gone means that version
// is compacted away, so relist; any other failure backs off 250 ms → 5 s (with jitter)
// and resumes.
import { Backoff } from './backoff.js';
import { FIRST_PAGE_MAX } from './first-page-size.js';
import { KubeHttpError, type KubeHttp, type KubeResponse } from './kubernetes-http.js';
import { watchOnce, type WatchLine } from './kubernetes-watch.js';
import type { ReaderThreadChoice } from './reader-thread-switch.js';

export interface InformerTiming {
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Asked of the server: it ends each watch after this long (bookmark shortly before). */
  watchTimeoutSeconds: number;
  /** A watch silent for this long is treated as hung. */
  inactivityMs: number;
  /** Longest wait for a list or for watch response headers. */
  requestTimeoutMs: number;
  /** Items per list page (limit/continue, as client-go lists): bounds the memory a big list needs at once. */
  listPageSize: number;
  /**
   * Items on the first page, when fewer: a screenful arrives and is drawn sooner, while
   * the rest is read (a page of 500 pods took ~250 ms of CPU to apply). The dashboard sizes
   * it to the terminal (first-page-size.ts).
   */
  firstListPageSize: number;
}

export const DEFAULT_TIMING: InformerTiming = {
  backoffInitialMs: 250,
  backoffMaxMs: 5000,
  watchTimeoutSeconds: 30,
  inactivityMs: 40_000,
  requestTimeoutMs: 15_000,
  listPageSize: 500,
  firstListPageSize: FIRST_PAGE_MAX,
};

export interface ListResult {
  items: unknown[];
  resourceVersion?: string;
}

/** One page of a list, as the server sent it (limit/continue). */
export interface ListPage extends ListResult {
  /** A list begins: the pages of an abandoned one (its continue token expired) are void. */
  first: boolean;
  /** The list is complete. */
  last: boolean;
  /** The server's estimate of the items still to come; absent with a selector, on the last page, and from servers before v1.15. */
  remainingItemCount?: number;
}

export interface InformerHandlers {
  onList(list: ListResult): void;
  /**
   * When given, each page as it arrives instead of onList with the whole list: a big
   * cluster's first pods can be shown before its last page is in.
   */
  onListPage?(page: ListPage): void;
  /** arrivedAt: when the event's bytes came off the socket, when read off-thread (readerThread). */
  onWatchEvent(event: WatchLine, arrivedAt?: number): void;
  /**
   * Whether the watch is read on the stream reader's thread, its events stamped as they
   * arrive (KubeRequest.offThread); a watch read here moves there when the choice says.
   */
  readerThread?: ReaderThreadChoice;
  /** Connected (list or watch answered 200) / failed. */
  onLive(): void;
  onFailure(error: unknown): void;
  onResponse?(response: KubeResponse): void;
  /**
   * Keeps only what the consumer reads of each object (list items and watch objects), as
   * they arrive: a big cluster's managedFields, annotations and specs never pile up.
   */
  keep?(object: unknown): unknown;
  /** See WatchRequest.beforeRead: the recording's backlog. */
  beforeRead?(): Promise<void> | undefined;
}

export class Informer {
  constructor(
    private readonly http: KubeHttp,
    private readonly path: string,
    private readonly query: Record<string, string | undefined>,
    private readonly handlers: InformerHandlers,
    private readonly timing: InformerTiming = DEFAULT_TIMING,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    let resourceVersion: string | undefined;
    const backoff = new Backoff({ initialMs: this.timing.backoffInitialMs, maxMs: this.timing.backoffMaxMs });
    const failed = async (err: unknown) => {
      this.handlers.onFailure(err);
      await backoff.wait(signal);
    };
    while (!signal.aborted) {
      if (resourceVersion === undefined) {
        try {
          resourceVersion = await this.list(signal);
          backoff.reset();
        } catch (err) {
          if (signal.aborted) return;
          await failed(err);
          continue;
        }
      }
      let gone = false;
      const startedAt = Date.now();
      const readerThread = this.handlers.readerThread;
      const offThread = readerThread?.offThread ?? false;
      // A watch read here ends when the reader's thread is up; the next resumes there from
      // the last resourceVersion, as after the server's own close: nothing is lost or repeated.
      const moved = new AbortController();
      const stopListening = readerThread && !offThread ? readerThread.onMoved(() => moved.abort()) : undefined;
      try {
        await watchOnce(this.http, {
          path: this.path,
          query: { ...this.query, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.timing.watchTimeoutSeconds },
          signal: stopListening ? AbortSignal.any([signal, moved.signal]) : signal,
          connectTimeoutMs: this.timing.requestTimeoutMs,
          inactivityMs: this.timing.inactivityMs,
          ...(this.handlers.beforeRead ? { beforeRead: this.handlers.beforeRead } : {}),
          ...(offThread ? { offThread: true } : {}),
          onResponse: (response) => {
            this.handlers.onResponse?.(response);
            if (response.status === 200) this.handlers.onLive();
          },
          onEvent: (event, arrivedAt) => {
            if (event.type === 'ERROR') {
              const code = event.object.code ?? 500;
              if (code === 410) {
                gone = true;
                return false;
              }
              throw new KubeHttpError(code, event.object.message ?? `watch error ${code}`, event.object.reason);
            }
            const rv = event.object.metadata?.resourceVersion;
            if (rv) resourceVersion = rv;
            if (event.type === 'BOOKMARK') return;
            if (!offThread) readerThread?.eventRead();
            const keep = this.handlers.keep;
            this.handlers.onWatchEvent(keep ? { type: event.type, object: keep(event.object) as WatchLine['object'] } : event, arrivedAt);
          },
        });
      } catch (err) {
        if (signal.aborted) return;
        if (moved.signal.aborted) continue;
        if (err instanceof KubeHttpError && err.status === 410) gone = true;
        else {
          await failed(err);
          continue;
        }
      } finally {
        stopListening?.();
      }
      if (moved.signal.aborted && !gone) continue; // at once, on the reader's thread
      if (gone) {
        resourceVersion = undefined; // compacted: only a fresh list is complete
        continue;
      }
      // A clean close: resume at once, unless the server keeps closing immediately.
      if (Date.now() - startedAt < 1000) await backoff.wait(signal);
      else backoff.reset();
    }
  }

  private async list(signal: AbortSignal): Promise<string | undefined> {
    const keep = this.handlers.keep ?? ((item: unknown) => item);
    const onPage = this.handlers.onListPage?.bind(this.handlers);
    const items: unknown[] = [];
    let resourceVersion: string | undefined;
    let next: string | undefined;
    let paged = this.timing.listPageSize > 0;
    // Pages of one consistent snapshot (the first page's resourceVersion): handed on one by
    // one (onListPage) or once the list is complete (onList).
    for (;;) {
      const limit = next === undefined ? Math.min(this.timing.firstListPageSize, this.timing.listPageSize) : this.timing.listPageSize;
      const query = paged ? { ...this.query, limit, continue: next } : this.query;
      const timeout = AbortSignal.timeout(this.timing.requestTimeoutMs);
      let page: { data: ListJson; response: KubeResponse };
      try {
        page = await this.http.getJson<ListJson>(this.path, query, AbortSignal.any([signal, timeout]));
      } catch (err) {
        if (timeout.aborted && !signal.aborted) throw new Error(`no answer within ${this.timing.requestTimeoutMs / 1000} s`);
        // The snapshot behind a continue token was compacted away: list again in one piece.
        if (next !== undefined && err instanceof KubeHttpError && err.status === 410) {
          items.length = 0;
          next = undefined;
          paged = false;
          continue;
        }
        throw err;
      }
      this.handlers.onResponse?.(page.response);
      const first = next === undefined;
      const kept = (page.data.items ?? []).map((item) => keep(item));
      resourceVersion = page.data.metadata?.resourceVersion;
      next = paged ? page.data.metadata?.continue || undefined : undefined;
      if (onPage) {
        const remaining = page.data.metadata?.remainingItemCount;
        onPage({ items: kept, resourceVersion, first, last: next === undefined, ...(next !== undefined && remaining !== undefined ? { remainingItemCount: remaining } : {}) });
      } else for (const item of kept) items.push(item);
      if (next === undefined) break;
    }
    if (!onPage) this.handlers.onList({ items, resourceVersion });
    this.handlers.onLive();
    return resourceVersion;
  }
}

interface ListJson {
  items?: unknown[];
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}
