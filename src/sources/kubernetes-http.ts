// Raw HTTP to kube-apiserver with the kubeconfig's TLS and auth: podlife needs the bytes
// as served (to record and replay them), the status code (403/404/410 mean different
// things) and the Date header (clock skew), none of which the typed clients expose.
import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { execPluginFor, type ExecConfig, type ExecCredential, type ExecCredentialPlugin } from './exec-credential.js';

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
  method?: 'GET' | 'DELETE' | 'POST' | 'PATCH' | 'PUT';
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
  /** The user's exec plugin, run by us (once per process) instead of by the client library. */
  private readonly plugin?: ExecCredentialPlugin;
  /** TLS and static auth: the kubeconfig without the exec entry (plus the plugin's client certificate, if it gives one). */
  private transport: KubeConfig;
  private transportCertificate?: string;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly clock: () => number = Date.now,
  ) {
    const exec = kubeConfig.getCurrentUser()?.exec as ExecConfig | undefined;
    if (exec?.command) this.plugin = execPluginFor(exec, kubeConfig.getCurrentCluster());
    this.transport = this.plugin ? withUser(kubeConfig, {}) : kubeConfig;
  }

  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '(no server)';
  }

  /** Runs the user's sign-in plugin now, if it has one and no credential is cached: before a full-screen UI holds the terminal. */
  async signIn(): Promise<void> {
    await this.plugin?.credential();
  }

  async request(req: KubeRequest): Promise<KubeResponse> {
    const credential = await this.plugin?.credential();
    const response = await this.send(req, credential);
    if (response.status !== 401 || !credential || req.signal?.aborted) return response;
    // As client-go does: a 401 to a plugin's credential runs the plugin again, and the request is retried once.
    await response.text().catch(() => '');
    this.plugin!.rejected(credential);
    return this.send(req, await this.plugin!.credential());
  }

  private async send(req: KubeRequest, credential: ExecCredential | undefined): Promise<KubeResponse> {
    const url = new URL(this.server.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), HttpMethod[req.method ?? 'GET']);
    if (credential) this.useCertificate(credential);
    // Re-applied per request so that expiring credentials (tokens, auth providers) refresh.
    await this.transport.applySecurityAuthentication(ctx);
    if (credential?.token) ctx.setHeaderParam('Authorization', `Bearer ${credential.token}`);
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

  /** A plugin's client certificate is TLS, not a header: a new one needs a new connection pool. */
  private useCertificate(credential: ExecCredential): void {
    const cert = credential.clientCertificateData;
    if (cert === this.transportCertificate) return;
    this.transportCertificate = cert;
    this.transport = withUser(this.kubeConfig, cert ? { certData: base64(cert), keyData: base64(credential.clientKeyData!) } : {});
    const old = this.dispatcher;
    this.dispatcher = undefined;
    if (old) void old.close().catch(() => {});
  }

  async close(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) await d.destroy().catch(() => {});
  }
}

/** The same kubeconfig, its current user without `exec` and with these fields. */
function withUser(kubeConfig: KubeConfig, fields: { certData?: string; keyData?: string }): KubeConfig {
  const current = kubeConfig.getCurrentUser();
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kubeConfig.getClusters(),
    contexts: kubeConfig.getContexts(),
    currentContext: kubeConfig.getCurrentContext(),
    users: kubeConfig.getUsers().map((user) => (user === current ? { ...user, exec: undefined, ...fields } : user)),
  });
  return copy;
}

function base64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
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
