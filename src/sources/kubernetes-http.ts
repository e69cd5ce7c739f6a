// Raw HTTP to kube-apiserver with the kubeconfig's TLS and auth: podlife needs the bytes
// as served (to record and replay them), the status code (403/404/410 mean different
// things) and the Date header (clock skew). Node's own http/https modules carry it (one
// keep-alive pool per client): they load in a blink, where a generated API client costs
// a start tens of megabytes and half a second.
import type { Agent, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { packageInfo } from '../cli/packaged-files.js';
import { execPluginFor, type ExecCredential, type ExecCredentialPlugin } from './exec-credential.js';
import { createAgent, tlsSettings, type PluginCertificate, type TlsSettings } from './kube-agent.js';
import { UserCredentials } from './kube-credentials.js';
import { http } from './node-http.js';
import { newReaderAgent, streamReader } from './stream-reader.js';
import type { ClusterAccess } from './kubernetes-kubeconfig.js';
import { noteUnsentRequest } from './requests-on-the-wire.js';

export interface KubeResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as it arrives (a `stream` request), or all of it in one piece. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Local clock just before the request went out / when the headers arrived. */
  sentAt: number;
  receivedAt: number;
  /** Read on the stream reader's thread (offThread): when the chunk the body last yielded came off the socket. */
  arrivedAt?(): number;
}

export interface KubeRequest {
  method?: 'GET' | 'DELETE' | 'POST' | 'PATCH' | 'PUT';
  /** The body's type when it is not plain JSON (a PATCH's merge-patch+json). */
  contentType?: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The body is read by the caller as it arrives (a watch, a followed log). Otherwise it is
   * read before the response is returned, so that a caller who ignores it holds no connection.
   */
  stream?: boolean;
  /**
   * A streamed GET read on the stream reader's thread (stream-reader.ts), each chunk
   * stamped as it came off the socket: a busy frame here does not make it late. Taken
   * only with the system clock and no proxy-url; otherwise read here.
   */
  offThread?: boolean;
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

let userAgent: string | undefined;

/** One connection pool per cluster/user, shared by every request of this client. */
export class KubeHttp {
  private agent?: Agent;
  /** Pools of an exec plugin's earlier client certificates: their open watches run on until close(). */
  private readonly retired: Agent[] = [];
  /** The user's exec plugin, run by us (once per process) instead of by the client library. */
  private readonly plugin?: ExecCredentialPlugin;
  private readonly credentials: UserCredentials;
  private pluginCertificate?: PluginCertificate;
  /** This client's connection pool on the stream reader's thread, and its TLS. */
  private readerPool?: { agent: number; tls: TlsSettings };

  constructor(
    private readonly access: ClusterAccess,
    private readonly clock: () => number = Date.now,
  ) {
    const exec = access.user.exec;
    if (exec?.command) this.plugin = execPluginFor(exec, access.cluster);
    this.credentials = new UserCredentials(access.user, access.cluster);
  }

  get server(): string {
    return this.access.cluster.server;
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
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    // Re-computed per request: a tokenFile or an auth-provider's token may have been renewed.
    const headers: OutgoingHttpHeaders = { Accept: 'application/json', 'User-Agent': (userAgent ??= `podlife/${packageInfo().version}`), ...(await this.credentials.headers()) };
    if (!this.access.cluster.disableCompression) headers['Accept-Encoding'] = 'gzip';
    if (credential) this.useCertificate(credential);
    if (credential?.token) headers.Authorization = `Bearer ${credential.token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      body = JSON.stringify(req.body);
      // Said outright: for a DELETE Node sends neither a length nor chunked encoding, so the
      // apiserver would read no body (the grace ignored) and take its bytes for the next request.
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const method = req.method ?? 'GET';
    if (req.stream && req.offThread && method === 'GET' && !this.access.cluster.proxyUrl && this.clock === Date.now) {
      const reader = streamReader();
      if (reader) {
        this.readerPool ??= { agent: newReaderAgent(), tls: tlsSettings(this.access, this.pluginCertificate) };
        const flat = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
        return reader.open({ url: url.href, headers: flat, ...this.readerPool, ...(req.signal ? { signal: req.signal } : {}) });
      }
    }
    const agent = (this.agent ??= createAgent(this.access, tlsSettings(this.access, this.pluginCertificate)));
    const sentAt = this.clock();
    const exchange = () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const send = url.protocol === 'https:' ? httpsRequest : http.request;
        const request = send(url, { method, headers, agent, signal: req.signal }, resolve);
        noteUnsentRequest(request);
        request.once('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reusedSocket: request.reusedSocket })));
        request.end(body);
      });
    // A kept-alive connection the server closed just as it was reused: a GET is sent again on a new one.
    const res = await exchange().catch((err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (method === 'GET' && err.reusedSocket && err.code === 'ECONNRESET' && !req.signal?.aborted) return exchange();
      throw err;
    });
    const receivedAt = this.clock();
    const stream = decoded(res);
    const response = { status: res.statusCode ?? 0, headers: flatHeaders(res), sentAt, receivedAt };
    if (req.stream) return { ...response, body: stream, text: () => readAll(stream).then((b) => b.toString('utf8')) };
    const all = await readAll(stream);
    return { ...response, body: oneChunk(all), text: async () => all.toString('utf8') };
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
    if (cert === this.pluginCertificate?.cert) return;
    this.pluginCertificate = cert ? { cert, key: credential.clientKeyData! } : undefined;
    const old = this.agent;
    this.agent = undefined;
    this.forgetReaderPool(false); // its open watches run on, as the retired pools' do
    if (!old) return;
    this.retired.push(old);
    for (const sockets of Object.values(old.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }

  private forgetReaderPool(now: boolean): void {
    if (this.readerPool) streamReader()?.forgetAgent(this.readerPool.agent, now);
    this.readerPool = undefined;
  }

  async close(): Promise<void> {
    this.forgetReaderPool(true);
    for (const agent of [this.agent, ...this.retired]) agent?.destroy();
    this.agent = undefined;
    this.retired.length = 0;
  }
}

/** The body without its Content-Encoding (gzip, asked for; deflate, should a proxy choose it). */
function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding'];
  if (encoding !== 'gzip' && encoding !== 'deflate') return res;
  // pipeline: an aborted response fails the decoder too, so its reader hears of it.
  return pipeline(res, encoding === 'gzip' ? createGunzip() : createInflate(), () => {});
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

async function* oneChunk(data: Buffer): AsyncIterable<Uint8Array> {
  yield data;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
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
