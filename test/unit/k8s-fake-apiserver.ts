// A tiny stand-in for kube-apiserver over plain HTTP, scripted per test, for the live
// source's connection logic (relist on 410, resume, hang timeout, HTTP errors). The real
// apiserver is exercised by test/e2e/k8s-source.test.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { selectContext, type KubeTarget } from '../../src/sources/kubeconfig.js';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

export class FakeApiserver {
  readonly requests: SeenRequest[] = [];
  handler: Handler = (_req, res) => json(res, 404, { kind: 'Status', code: 404, message: 'not scripted' });
  private server?: Server;
  private readonly open = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const seen = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
        this.requests.push(seen);
        this.open.add(res);
        res.on('close', () => this.open.delete(res));
        this.handler(seen, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  target(server: string, namespace = 'demo'): KubeTarget {
    return selectContext({
      files: [],
      clusters: [{ name: 'fake', server, skipTLSVerify: true }],
      users: [{ name: 'tester', token: 'secret' }],
      contexts: [{ name: 'fake-ctx', cluster: 'fake', user: 'tester', namespace }],
      currentContext: 'fake-ctx',
    });
  }

  watches(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path && r.query.get('watch') === 'true');
  }

  lists(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path && r.method === 'GET' && r.query.get('watch') !== 'true');
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function startWatch(res: ServerResponse, headers: Record<string, string> = {}): (event: unknown) => void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', ...headers });
  res.flushHeaders();
  return (event) => res.write(`${JSON.stringify(event)}\n`);
}

export const podList = (rv: string, items: unknown[] = []) => ({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: rv }, items });
export const eventList = (rv: string) => ({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: rv }, items: [] });
