// What a stopping container said: when a pod starts terminating, follow each running
// container's log from just before the delete until the container exits, so the lines it
// writes on TERM ("received SIGTERM, draining…", a stack trace) land on its timeline. A
// few lines per stop and a few streams at once: enough to read, bounded on a big rollout.
import type { PodJson } from '../lifecycle/kubernetes-json.js';
import { DEFAULT_GRACE_SECONDS } from '../lifecycle/kubernetes-termination.js';
import type { KubeHttp } from './kubernetes-http.js';
import { readLog } from './kubernetes-logs.js';
import { SpacedStarts } from './spaced-starts.js';

/** The raw record of one log line (kept out of recordings unless --record-logs). */
export const LOG_RECORD = 'k8s.log';
export const MAX_LINES_PER_STOP = 20;
export const MAX_STREAMS = 16;
const REMEMBERED_STOPS = 2000;
/** A node whose kubelet did not answer a log request is left alone this long (a fake or lost node must not draw a stream per stopping pod). */
export const NODE_BACKOFF_MS = 60_000;
/**
 * Between two streams' starts. Each opens a connection (a TLS handshake, milliseconds of
 * CPU), and a drain stops many pods in one instant, when their watch records and the frame
 * that draws their bars need the process. A stream asks from before the delete, so a late
 * start loses no line.
 */
export const STREAM_START_SPACING_MS = 25;

export interface LogRecordData {
  namespace: string;
  pod: string;
  uid?: string;
  container: string;
  /** The kubelet's stamp (RFC 3339), when the line had one. */
  at?: string;
  line: string;
  /** The line that hit the per-stop cap: later ones were not read. */
  truncated?: boolean;
}

export class StopLogFollower {
  private readonly started = new Set<string>();
  private readonly nodeFailedAt = new Map<string, number>();
  /** Streams open or waiting to start: MAX_STREAMS caps both. */
  private streams = 0;
  private readonly starts = new SpacedStarts(STREAM_START_SPACING_MS);

  constructor(
    private readonly http: KubeHttp,
    private readonly emit: (data: LogRecordData) => void,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.starts.clear(), { once: true });
  }

  podSeen(pod: PodJson): void {
    const deletion = pod.metadata?.deletionTimestamp;
    if (!deletion || this.signal.aborted) return;
    if (this.nodeFailing(pod)) return;
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    // Lines from a second before the delete: the stamps are whole seconds on the server's clock.
    const since = new Date(Date.parse(deletion) - grace * 1000 - 1000).toISOString();
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const status of statuses) {
      if (!status.state?.running || this.streams >= MAX_STREAMS) continue;
      const key = `${pod.metadata?.uid ?? pod.metadata?.name}/${status.name}`;
      if (this.started.has(key)) continue;
      this.started.add(key);
      if (this.started.size > REMEMBERED_STOPS) this.started.delete(this.started.values().next().value!);
      this.streams++;
      this.starts.add(() => {
        // A node that failed a stream meanwhile is left alone, also by those waiting.
        if (this.signal.aborted || this.nodeFailing(pod)) this.streams--;
        else void this.follow(pod, status.name, since);
      });
    }
  }

  private nodeFailing(pod: PodJson): boolean {
    const failedAt = this.nodeFailedAt.get(pod.spec?.nodeName ?? '');
    return failedAt !== undefined && Date.now() - failedAt < NODE_BACKOFF_MS;
  }

  /** Counted in `streams` by the caller. */
  private async follow(pod: PodJson, container: string, sinceTime: string): Promise<void> {
    const base = { namespace: pod.metadata?.namespace ?? '', pod: pod.metadata?.name ?? '', container, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) };
    let lines = 0;
    try {
      for await (const line of readLog(this.http, { ...base, follow: true, sinceTime, signal: this.signal })) {
        lines++;
        const data: LogRecordData = { ...base, line: line.text };
        if (line.at !== undefined) data.at = new Date(line.at).toISOString();
        if (lines >= MAX_LINES_PER_STOP) data.truncated = true;
        this.emit(data);
        if (lines >= MAX_LINES_PER_STOP) break;
      }
    } catch (err) {
      // The timeline simply has no lines. A pod already gone (404) says nothing more; no
      // access to pods/log (403) or a kubelet that does not answer will not change for the
      // next pod on that node: leave the node alone for a while.
      const status = (err as { status?: number }).status;
      if (status !== 404 && !this.signal.aborted) this.nodeFailedAt.set(pod.spec?.nodeName ?? '', Date.now());
    } finally {
      this.streams--;
    }
  }
}
