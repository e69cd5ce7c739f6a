// A container's log from the kubelet, through the apiserver's pods/log: a one-off read
// (the previous instance's, for a crash loop) or a follow (live tail; a stopping
// container's last words). Lines come with the kubelet's RFC 3339 nanosecond stamps.
import { errorFrom, type KubeHttp } from './kubernetes-http.js';
import type { LogLine } from './source.js';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow?: boolean;
  /** The instance before the current one (a crash loop's last run). */
  previous?: boolean;
  /** RFC 3339: only lines written at or after it. */
  sinceTime?: string;
  tailLines?: number;
  signal: AbortSignal;
}

/** "2026-11-25T15:28:22.451117665Z serving" → {at, text}. */
export function parseLogLine(raw: string): LogLine {
  const space = raw.indexOf(' ');
  const stamp = space > 0 ? Date.parse(raw.slice(0, space)) : Number.NaN;
  return Number.isNaN(stamp) ? { text: raw } : { at: stamp, text: raw.slice(space + 1) };
}

/** Yields lines as the kubelet sends them; ends with the stream (the container exited, or not following). */
export async function* readLog(http: KubeHttp, req: LogRequest): AsyncGenerator<LogLine> {
  const path = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`;
  const response = await http.request({
    path,
    query: { container: req.container, timestamps: true, follow: req.follow || undefined, previous: req.previous || undefined, sinceTime: req.sinceTime, tailLines: req.tailLines },
    signal: req.signal,
    stream: true,
  });
  if (response.status < 200 || response.status >= 300) throw await errorFrom(response);
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        yield parseLogLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    }
  } catch (err) {
    if (!req.signal.aborted) throw err;
    return;
  }
  if (pending) yield parseLogLine(pending);
}
