// A stand-in for kube-apiserver that serves pod list pages captured from the real one
// (test/fixtures/kubernetes/paged), each as it was served, and only once the test lets
// it: a test sees what podlife shows between two pages. Everything else a
// KubernetesSource asks at start it answers as an apiserver with nothing else in it:
// access reviews allowed, empty lists, watches that stay open and silent. Pod watch events
// the test sends are kept, and a pods watch from a resourceVersion is sent those after it
// first, as the apiserver's watch cache does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeTarget } from '../../src/sources/kubernetes-kubeconfig.js';

interface PageJson {
  metadata?: { continue?: string };
}

export class PagedApiserver {
  /** Every request, in order (path and query). */
  readonly requests: URL[] = [];
  /** For each pods page answered, in order: how many requests had come in by then. */
  readonly pageAnsweredAfter: number[] = [];
  private readonly gates: Promise<void>[];
  private readonly openGates: (() => void)[] = [];
  private readonly watches = new Set<ServerResponse>();
  /** The pods watches open, each with the resourceVersion it was sent up to. */
  private readonly podWatches = new Map<ServerResponse, number>();
  /** Pod watch events sent so far (raw lines), oldest first. */
  private readonly podEvents: { line: string; resourceVersion: number }[] = [];
  /** Pages answered with this Status (and its code) instead: a continue token that expired. */
  private readonly failures = new Map<number, { code: number; body: string }>();
  /** The answer to a list without limit (the list in one piece), once its gate opens. */
  private whole?: { body: string; gate: Promise<void> };

  private constructor(
    private readonly server: Server,
    /** The pods list path the pages answer, e.g. /api/v1/namespaces/NS/pods. */
    private readonly podsPath: string,
    /** The raw bodies, first page first. */
    private readonly pages: string[],
  ) {
    this.gates = pages.map(() => Promise.resolve());
  }

  static async start(podsPath: string, pages: string[]): Promise<PagedApiserver> {
    let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {};
    const server = createServer((req, res) => handle(req, res));
    const apiserver = new PagedApiserver(server, podsPath, pages);
    handle = (req, res) => void apiserver.answer(req, res);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return apiserver;
  }

  /** Page `index` (0 = the first) is served only once the returned function is called. */
  hold(index: number): () => void {
    let open!: () => void;
    this.gates[index] = new Promise<void>((resolve) => (open = resolve));
    this.openGates.push(open);
    return open;
  }

  /** Page `index` is answered with `status` (a Status body as the apiserver sent it) instead. */
  fail(index: number, status: string): void {
    this.failures.set(index, { code: (JSON.parse(status) as { code: number }).code, body: status });
  }

  /** A list without limit is answered with `body`, once the returned function is called. */
  serveWhole(body: string): () => void {
    let open!: () => void;
    this.whole = { body, gate: new Promise<void>((resolve) => (open = resolve)) };
    this.openGates.push(open);
    return open;
  }

  /** A pod watch event (a raw line as the apiserver sent it): to the pods watches open, and kept for those to come. */
  sendPodEvent(line: string): void {
    const event = { line: line.endsWith('\n') ? line : `${line}\n`, resourceVersion: resourceVersionOf(line) };
    this.podEvents.push(event);
    for (const [res, upTo] of this.podWatches) if (event.resourceVersion > upTo) this.sendTo(res, event);
  }

  /** Requests for pods watches so far. */
  podWatchRequests(): URL[] {
    return this.requests.filter((url) => url.pathname === this.podsPath && url.searchParams.get('watch') === 'true');
  }

  /** Requests for the pods list (not watches) so far. */
  podListRequests(): URL[] {
    return this.requests.filter((url) => url.pathname === this.podsPath && url.searchParams.get('watch') !== 'true');
  }

  /** A kubeconfig target for `namespace` ('' = all) on this server. */
  target(namespace: string): KubeTarget {
    const server = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const access = { cluster: { name: 'paged', server, skipTLSVerify: true, disableCompression: false }, user: { name: 'paged' } };
    return { access, context: 'paged', namespace, cluster: 'paged', server };
  }

  async close(): Promise<void> {
    for (const open of this.openGates) open();
    for (const res of this.watches) res.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private sendTo(res: ServerResponse, event: { line: string; resourceVersion: number }): void {
    res.write(event.line);
    this.podWatches.set(res, event.resourceVersion);
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://apiserver');
    this.requests.push(url);
    for await (const _ of req); // the body (an access review) is not read
    if (req.method === 'POST') return json(res, 201, { status: { allowed: true } });
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      this.watches.add(res);
      res.on('close', () => this.watches.delete(res));
      if (url.pathname === this.podsPath) {
        const from = Number(url.searchParams.get('resourceVersion') ?? 0);
        this.podWatches.set(res, from);
        res.on('close', () => this.podWatches.delete(res));
        for (const event of this.podEvents) if (event.resourceVersion > from) this.sendTo(res, event);
      }
      return;
    }
    if (url.pathname === '/version') return json(res, 200, { major: '1', minor: '34' });
    if (url.pathname !== this.podsPath) return json(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    if (!url.searchParams.has('limit') && this.whole) {
      await this.whole.gate;
      return text(res, 200, this.whole.body);
    }
    const token = url.searchParams.get('continue');
    const index = token ? this.pages.findIndex((page) => (JSON.parse(page) as PageJson).metadata?.continue === token) + 1 : 0;
    if (index === 0 && token) return json(res, 400, { kind: 'Status', status: 'Failure', message: 'continue key is not valid', code: 400 });
    await this.gates[index];
    const failure = this.failures.get(index);
    if (failure) return text(res, failure.code, failure.body);
    this.pageAnsweredAfter.push(this.requests.length);
    text(res, 200, this.pages[index]!);
  }
}

function resourceVersionOf(line: string): number {
  return Number((JSON.parse(line) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  text(res, status, JSON.stringify(body));
}
