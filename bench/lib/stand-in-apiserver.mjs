// A stand-in kube-apiserver for start-time figures without a cluster: HTTPS (a throwaway
// self-signed certificate made with openssl), one namespace of N pods copied from a real
// pod object (test/fixtures), lists gzip-encoded as kube-apiserver sends them (above
// 128 KB, when asked), watches held open, every access review allowed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const POD = new URL('../../test/fixtures/kubernetes/lifecycle-running.json', import.meta.url);

export async function standInApiserver({ namespace = 'bench', pods = 500 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'podlife-stand-in-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd: dir, stdio: 'pipe' });
  const template = JSON.parse(readFileSync(POD, 'utf8'));
  const items = Array.from({ length: pods }, (_, i) => {
    const pod = structuredClone(template);
    Object.assign(pod.metadata, { name: `pod-${String(i).padStart(5, '0')}`, namespace, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(1000 + i) });
    return pod;
  });
  const podList = Buffer.from(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '2000' }, items }));
  const podListGzip = gzipSync(podList);
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const url = new URL(req.url, 'https://x');
    const json = { 'content-type': 'application/json', date: new Date().toUTCString() };
    if (url.searchParams.get('watch') === 'true') return void res.writeHead(200, json).flushHeaders();
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => res.writeHead(201, json).end(JSON.stringify({ ...JSON.parse(body), status: { allowed: true } })));
      return;
    }
    if (url.pathname === '/version') return void res.writeHead(200, json).end('{"major":"1","minor":"34","gitVersion":"v1.34.4"}');
    if (url.pathname === `/api/v1/namespaces/${namespace}/pods`) {
      if (/gzip/.test(req.headers['accept-encoding'] ?? '')) return void res.writeHead(200, { ...json, 'content-encoding': 'gzip' }).end(podListGzip);
      return void res.writeHead(200, json).end(podList);
    }
    res.writeHead(200, json).end('{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"2000"},"items":[]}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: stand-in, cluster: {server: "https://127.0.0.1:${server.address().port}", certificate-authority: cert.pem}}]
users: [{name: bench, user: {token: bench-token}}]
contexts: [{name: stand-in, context: {cluster: stand-in, user: bench, namespace: ${namespace}}}]
current-context: stand-in
`,
  );
  return {
    kubeconfig,
    namespace,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
