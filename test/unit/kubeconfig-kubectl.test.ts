// podlife reads kubeconfig as kubectl does, checked against kubectl itself: two files in
// two directories, merged through KUBECONFIG in both orders, with every kind of user
// podlife handles (token, tokenFile, both, client certificate, username/password,
// impersonation, an exec plugin, an OIDC auth-provider), paths relative to the file that
// names them. For each
// context, kubectl and podlife each make a request to the same HTTPS server, which notes
// who they said they were: the Authorization and Impersonate-* headers and the client
// certificate. kubectl's `config view` is the oracle for the merge.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { loadKubeconfig, selectContext } from '../../src/sources/kubernetes-kubeconfig.js';
import { describeWhere, firstMissing } from '../support/requirements.js';
import { makeTestPki, opensslMissing, type TestPki } from '../support/test-pki.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const kubectl = join(execFileSync('bash', ['-c', 'source test/cluster/lib.sh && echo "$K8S_BIN"'], { cwd: ROOT, encoding: 'utf8' }).trim(), 'kubectl');
const kubectlMissing = (() => {
  try {
    execFileSync(kubectl, ['version', '--client'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `no kubectl at ${kubectl} (npm run cluster:up builds it)`;
  }
})();

interface Seen {
  authorization?: string;
  impersonate: Record<string, string>;
  clientCertificate?: string;
}

const work = mkdtempSync(join(tmpdir(), 'podlife-kubectl-oracle-'));
const elsewhere = join(work, 'elsewhere');
const seen = new Map<string, Seen>();
let server: Server;
let pki: TestPki;
let files: { a: string; b: string };

function writeFiles(port: number): { a: string; b: string } {
  const a = join(work, 'a');
  const b = join(work, 'b');
  for (const dir of [join(a, 'certs'), join(a, 'tokens'), join(a, 'bin'), join(b, 'tokens'), elsewhere]) mkdirSync(dir, { recursive: true });
  copyFileSync(pki.caFile, join(a, 'certs/ca.crt'));
  const alice = pki.client('alice');
  copyFileSync(alice.certFile, join(a, 'certs/alice.crt'));
  copyFileSync(alice.keyFile, join(a, 'certs/alice.key'));
  writeFileSync(join(a, 'tokens/a.txt'), 'token-from-a-file\n');
  writeFileSync(join(b, 'tokens/b.txt'), 'token-from-b-file\n');
  const plugin = join(a, 'bin/sign-in.sh');
  writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-from-plugin"}}'\n`);
  chmodSync(plugin, 0o755);
  const caData = readFileSync(pki.caFile).toString('base64');
  // An OIDC ID token that has not expired: both use it as it is, asking the issuer nothing.
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const idToken = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://issuer.example', sub: 'ann', aud: 'podlife', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2lnbmF0dXJl`;
  writeFileSync(
    join(a, 'config'),
    `apiVersion: v1
kind: Config
current-context: token
clusters:
- name: local
  cluster: {server: "https://127.0.0.1:${port}", certificate-authority: certs/ca.crt}
users:
- {name: token-user, user: {token: token-from-a}}
- {name: file-user, user: {tokenFile: tokens/a.txt}}
- {name: both-user, user: {token: inline-token, tokenFile: tokens/a.txt}}
- {name: cert-user, user: {client-certificate: certs/alice.crt, client-key: certs/alice.key}}
- {name: basic-user, user: {username: ann, password: secret}}
- {name: impersonating-user, user: {token: token-from-a, as: bob, as-uid: "42", as-groups: [devs, ops], as-user-extra: {scopes: [view, edit]}}}
- {name: plugin-user, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/sign-in.sh, interactiveMode: Never}}}
- {name: oidc-user, user: {auth-provider: {name: oidc, config: {client-id: podlife, idp-issuer-url: "https://issuer.example", id-token: ${idToken}}}}}
contexts:
- {name: token, context: {cluster: local, user: token-user}}
- {name: file, context: {cluster: local, user: file-user, namespace: files}}
- {name: both, context: {cluster: local, user: both-user}}
- {name: cert, context: {cluster: local, user: cert-user}}
- {name: basic, context: {cluster: local, user: basic-user}}
- {name: impersonating, context: {cluster: local, user: impersonating-user}}
- {name: plugin, context: {cluster: local, user: plugin-user}}
- {name: oidc, context: {cluster: local, user: oidc-user}}
`,
  );
  writeFileSync(
    join(b, 'config'),
    `apiVersion: v1
kind: Config
current-context: from-b
clusters:
- name: local
  cluster: {server: "https://localhost:${port}/", certificate-authority-data: ${caData}}
- name: by-name
  cluster: {server: "https://localhost:${port}", certificate-authority-data: ${caData}}
users:
- {name: token-user, user: {token: token-from-b}}
- {name: b-file-user, user: {tokenFile: tokens/b.txt}}
contexts:
- {name: token, context: {cluster: by-name, user: b-file-user, namespace: from-b}}
- {name: from-b, context: {cluster: by-name, user: token-user, namespace: b-namespace}}
`,
  );
  return { a: join(a, 'config'), b: join(b, 'config') };
}

beforeAll(async () => {
  if (kubectlMissing || opensslMissing()) return;
  pki = makeTestPki();
  server = createServer({ ...pki.server, ca: readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const probe = new URL(req.url ?? '/', 'https://x').searchParams.get('probe') ?? '?';
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const impersonate = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('impersonate-')).map(([k, v]) => [k, String(v)]));
    seen.set(probe, { authorization: req.headers.authorization === undefined ? undefined : String(req.headers.authorization), impersonate, clientCertificate: [peer?.subject?.CN ?? []].flat().join(',') || undefined });
    res.setHeader('content-type', 'application/json');
    res.end('{"major":"1","minor":"34"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  files = writeFiles((server.address() as { port: number }).port);
}, 60_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

interface ViewedConfig {
  'current-context'?: string;
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
}

/** kubectl, from a directory of its own: relative paths can only be resolved against the files. Not sync: the server answering it runs here. */
async function kubectlRun(kubeconfigs: string, args: string[]): Promise<string> {
  return (await promisify(execFile)(kubectl, args, { cwd: elsewhere, env: { PATH: process.env.PATH, HOME: work, KUBECONFIG: kubeconfigs }, encoding: 'utf8' })).stdout;
}

describeWhere(firstMissing(kubectlMissing, opensslMissing()), 'kubeconfig as kubectl reads it', () => {
  for (const order of ['a then b', 'b then a'] as const) {
    it(`KUBECONFIG ${order}: the same merged contexts, clusters and current-context as kubectl config view`, async () => {
      const list = (order === 'a then b' ? [files.a, files.b] : [files.b, files.a]).join(delimiter);
      const view = JSON.parse(await kubectlRun(list, ['config', 'view', '-o', 'json'])) as ViewedConfig;
      const loaded = loadKubeconfig({ env: { KUBECONFIG: list, HOME: work } });
      expect(loaded.currentContext).toBe(view['current-context']);
      const byName = <T extends { name: string }>(items: T[]) => [...items].sort((x, y) => x.name.localeCompare(y.name));
      expect(byName(loaded.contexts).map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace }))).toEqual(
        byName(view.contexts).map((c) => ({ name: c.name, cluster: c.context.cluster, user: c.context.user, namespace: c.context.namespace })),
      );
      // podlife keeps a server without its trailing slash (request paths are appended to it).
      expect(byName(loaded.clusters).map((c) => ({ name: c.name, server: c.server }))).toEqual(byName(view.clusters).map((c) => ({ name: c.name, server: c.cluster.server.replace(/\/$/, '') })));
      expect(byName(loaded.users).map((u) => u.name)).toEqual(byName(view.users).map((u) => u.name));
    });

    it(`KUBECONFIG ${order}: every context presents itself to the server as kubectl does`, async () => {
      const list = (order === 'a then b' ? [files.a, files.b] : [files.b, files.a]).join(delimiter);
      const contexts = (await kubectlRun(list, ['config', 'get-contexts', '-o', 'name'])).trim().split('\n');
      expect(contexts.length).toBeGreaterThanOrEqual(9);
      const loaded = loadKubeconfig({ env: { KUBECONFIG: list, HOME: work } });
      for (const context of contexts) {
        const tag = `${order}/${context}`;
        await kubectlRun(list, ['--context', context, 'get', '--raw', `/version?probe=${encodeURIComponent(`kubectl ${tag}`)}`]);
        const http = new KubeHttp(selectContext(loaded, context).access);
        try {
          const response = await http.request({ path: '/version', query: { probe: `podlife ${tag}` } });
          expect(response.status).toBe(200);
        } finally {
          await http.close();
        }
        expect({ context, ...seen.get(`podlife ${tag}`) }).toEqual({ context, ...seen.get(`kubectl ${tag}`) });
      }
      // What kubectl sent, for the record of what was compared: not all alike.
      const kubectlSaw = contexts.map((c) => seen.get(`kubectl ${order}/${c}`));
      expect(new Set(kubectlSaw.map((s) => s?.authorization)).size).toBeGreaterThanOrEqual(6);
      expect(kubectlSaw.some((s) => s?.clientCertificate === 'alice')).toBe(true);
      expect(kubectlSaw.some((s) => s?.impersonate['impersonate-group'] === 'devs, ops')).toBe(true);
    }, 60_000);
  }
});
