// A stand-in apiserver (plain HTTP, insecure-skip-tls-verify as for a local proxy) of the
// API's list shape, with one namespace, shop, of two running pods (web-1, web-2): access
// reviews allowed, other lists empty, watches open with nothing to say. For tests of what
// a start does, not of what a cluster says.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

export interface TwoPodApiserver {
  /** A kubeconfig (written into the directory given) whose current context is this server. */
  kubeconfig: string;
  close(): Promise<void>;
}

const pod = (i: number) => ({
  metadata: { name: `web-${i}`, namespace: 'shop', uid: `uid-${i}`, resourceVersion: `${10 + i}`, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:05Z' } } }] },
});

export async function startTwoPodApiserver(dir: string): Promise<TwoPodApiserver> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch') === 'true') return void res.writeHead(200).flushHeaders();
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => res.end(JSON.stringify({ ...JSON.parse(body), status: { allowed: true } })));
      return;
    }
    if (url.pathname === '/version') return void res.end('{"major":"1","minor":"34"}');
    const items = url.pathname === '/api/v1/namespaces/shop/pods' ? [pod(1), pod(2)] : [];
    res.end(JSON.stringify({ kind: 'List', metadata: { resourceVersion: '99' }, items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: me, user: {token: t}}]
contexts: [{name: local, context: {cluster: local, user: me}}]
current-context: local
`,
  );
  return {
    kubeconfig,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
