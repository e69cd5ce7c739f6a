// Raw HTTP to kube-apiserver with the kubeconfig's TLS and auth: podlife needs the bytes
// as served (to record and replay them), the status code (403/404/410 mean different
// things) and the Date header (clock skew), none of which the typed clients expose.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';

export interface KubeResponse {
  status: number;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  /** Local clock just before the request went out / when the headers arrived. */
  sentAt: number;
  receivedAt: number;
}

export interface KubeRequest {
  method?: 'GET' | 'DELETE' | 'POST' | 'PATCH';
  /** The body's type when it is not plain JSON (a PATCH's merge-patch+json). */
  contentType?: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** A non-2xx answer, with the apiserver's Status message when it sent one. */
export class KubeHttpError extends Error {
  override readonly name = 'KubeHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
    /** The Status's details.causes (an eviction's 429 names its budget there). */
    readonly causes?: { reason?: string; message?: string }[],
  ) {
    super(message);
  }
}

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** One connection pool per cluster/user: the client builds a new one per request otherwise. */
export class KubeHttp {
  private dispatcher?: Dispatcher;
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly clock: () => number = Date.now,
  ) {}

  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '(no server)';
  }

  async request(req: KubeRequest): Promise<KubeResponse> {
    const url = new URL(this.server.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), HttpMethod[req.method ?? 'GET']);
    // Re-applied per request so that expiring credentials (exec plugins, tokens) refresh.
    await this.kubeConfig.applySecurityAuthentication(ctx);
    const fresh = ctx.getDispatcher();
    if (this.dispatcher) ctx.setDispatcher(this.dispatcher);
    else if (fresh) this.dispatcher = fresh;
    if (fresh && fresh !== this.dispatcher) void fresh.close().catch(() => {});
    ctx.setHeaderParam('Accept', 'application/json');
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(req.body));
    }
    if (req.signal) ctx.setSignal(req.signal);
    const sentAt = this.clock();
    const res = await this.http.send(ctx).toPromise();
    const receivedAt = this.clock();
    return {
      status: res.httpStatusCode,
      headers: res.headers,
      body: res.body.stream(),
      text: () => res.body.text(),
      sentAt,
      receivedAt,
    };
  }

  /** GET → parsed JSON, or a KubeHttpError carrying the apiserver's message. */
  async getJson<T>(path: string, query?: KubeRequest['query'], signal?: AbortSignal): Promise<{ data: T; response: KubeResponse }> {
    const response = await this.request({ path, query, signal });
    if (response.status < 200 || response.status >= 300) throw await errorFrom(response);
    return { data: JSON.parse(await response.text()) as T, response };
  }

  async close(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) await d.destroy().catch(() => {});
  }
}

export async function errorFrom(response: KubeResponse): Promise<KubeHttpError> {
  let message = `HTTP ${response.status}`;
  let reason: string | undefined;
  let causes: { reason?: string; message?: string }[] | undefined;
  try {
    const status = JSON.parse(await response.text()) as { message?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } };
    if (status.message) message = status.message;
    reason = status.reason;
    causes = status.details?.causes;
  } catch {
    // Not a Status object (a proxy's HTML page, an empty body): the code says enough.
  }
  return new KubeHttpError(response.status, message, reason, causes);
}
