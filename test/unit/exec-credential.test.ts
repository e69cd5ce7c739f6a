// kubeconfig exec credential plugins, with a real plugin script (no cluster): run once per
// process however many clients and concurrent requests ask, again near the credential's
// expirationTimestamp or after a 401, KUBERNETES_EXEC_INFO as client-go sets it, and a
// failure that names the command and its stderr's first line but never the credential.
import { createServer, type Server } from 'node:http';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExecCredentialPlugin, ExecPluginError, refreshMarginMs, type ExecConfig } from '../../src/sources/exec-credential.js';
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { loadKubeconfig, selectContext } from '../../src/sources/kubernetes-kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'podlife-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A plugin as cloud CLIs are: prints an ExecCredential whose token is "tok-N" (N = this
 * call's number), appends a line per call to CALLS, and saves KUBERNETES_EXEC_INFO and
 * $EXTRA (set through the kubeconfig's env) to INFO. EXPIRES sets expirationTimestamp.
 */
const plugin = join(dir, 'plugin.sh');
writeFileSync(
  plugin,
  `#!/bin/sh
echo call >> "$CALLS"
n=$(wc -l < "$CALLS" | tr -d ' ')
printf '%s\\n%s\\n' "$KUBERNETES_EXEC_INFO" "$EXTRA" > "$INFO"
if [ -n "$FAIL" ]; then printf '\\nerror: %s\\nsecond line\\n' "$FAIL" >&2; exit 3; fi
if [ -n "$GARBAGE" ]; then echo "not json tok-$n"; exit 0; fi
exp=""
if [ -n "$EXPIRES" ]; then exp=",\\"expirationTimestamp\\":\\"$EXPIRES\\""; fi
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"tok-%s"%s}}\\n' "\${ANSWER_VERSION:-client.authentication.k8s.io/v1}" "$n" "$exp"
`,
);
chmodSync(plugin, 0o755);

let counter = 0;
function paths() {
  counter++;
  return { calls: join(dir, `calls-${counter}`), info: join(dir, `info-${counter}`) };
}
function callsIn(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

function exec(files: { calls: string; info: string }, extra: Partial<ExecConfig> = {}, env: Record<string, string> = {}): ExecConfig {
  const vars = { CALLS: files.calls, INFO: files.info, ...env };
  return {
    apiVersion: 'client.authentication.k8s.io/v1',
    command: plugin,
    interactiveMode: 'Never',
    env: Object.entries(vars).map(([name, value]) => ({ name, value })),
    ...extra,
  };
}

describe('ExecCredentialPlugin', () => {
  it('runs the plugin once for many concurrent callers and hands them the same credential', async () => {
    const files = paths();
    const p = new ExecCredentialPlugin(exec(files), null);
    const got = await Promise.all(Array.from({ length: 8 }, () => p.credential()));
    expect(new Set(got.map((c) => c.token))).toEqual(new Set(['tok-1']));
    expect(callsIn(files.calls)).toBe(1);
    await p.credential();
    expect(callsIn(files.calls)).toBe(1);
  });

  it('runs again only near expirationTimestamp: a fifth of the life early, at most a minute', async () => {
    expect(refreshMarginMs(20_000)).toBe(4_000);
    expect(refreshMarginMs(3_600_000)).toBe(60_000);
    const files = paths();
    let now = Date.parse('2030-01-01T00:00:00Z');
    const p = new ExecCredentialPlugin(exec(files, {}, { EXPIRES: '2030-01-01T00:00:20Z' }), null, { clock: () => now });
    expect((await p.credential()).token).toBe('tok-1');
    now += 15_000; // 5 s left of 20: not yet
    expect((await p.credential()).token).toBe('tok-1');
    expect(callsIn(files.calls)).toBe(1);
    now += 1_500; // 3.5 s left: inside the 4 s margin
    expect((await p.credential()).token).toBe('tok-2');
    expect(callsIn(files.calls)).toBe(2);
  });

  it('a 401 seen by many requests runs the plugin once more, not once per request', async () => {
    const files = paths();
    const p = new ExecCredentialPlugin(exec(files), null);
    const first = await p.credential();
    for (let i = 0; i < 5; i++) p.rejected(first);
    const again = await Promise.all([p.credential(), p.credential(), p.credential()]);
    expect(again.map((c) => c.token)).toEqual(['tok-2', 'tok-2', 'tok-2']);
    // A late 401 to the old credential does not throw away the new one.
    p.rejected(first);
    expect((await p.credential()).token).toBe('tok-2');
    expect(callsIn(files.calls)).toBe(2);
  });

  it('sets KUBERNETES_EXEC_INFO as client-go does, the kubeconfig env, and spec.cluster only when provideClusterInfo', async () => {
    const files = paths();
    const cluster = { name: 'c', server: 'https://10.1.2.3:6443', caData: 'Q0EtREFUQQ==', tlsServerName: 'api.example', skipTLSVerify: false, disableCompression: false };
    await new ExecCredentialPlugin(exec(files, {}, { EXTRA: 'from-kubeconfig' }), cluster).credential();
    const [info, extra] = readFileSync(files.info, 'utf8').split('\n');
    expect(JSON.parse(info!)).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
    expect(extra).toBe('from-kubeconfig');

    const withCluster = paths();
    await new ExecCredentialPlugin(exec(withCluster, { provideClusterInfo: true }), cluster).credential();
    expect(JSON.parse(readFileSync(withCluster.info, 'utf8').split('\n')[0]!).spec).toEqual({
      interactive: false,
      cluster: { server: 'https://10.1.2.3:6443', 'tls-server-name': 'api.example', 'certificate-authority-data': 'Q0EtREFUQQ==' },
    });
  });

  it('interactiveMode: IfAvailable prompts only with a free terminal, Never never, Always refuses without one', async () => {
    const spec = async (mode: ExecConfig['interactiveMode'], terminal: boolean) => {
      const files = paths();
      await new ExecCredentialPlugin(exec(files, { interactiveMode: mode }), null, { terminal: () => terminal }).credential();
      return JSON.parse(readFileSync(files.info, 'utf8').split('\n')[0]!).spec.interactive as boolean;
    };
    expect(await spec('IfAvailable', true)).toBe(true);
    expect(await spec('IfAvailable', false)).toBe(false);
    expect(await spec('Never', true)).toBe(false);
    const always = new ExecCredentialPlugin(exec(paths(), { interactiveMode: 'Always' }), null, { terminal: () => false });
    await expect(always.credential()).rejects.toThrow(/needs a terminal \(interactiveMode: Always\)/);
  });

  it('takes v1beta1 too, and refuses an answer in another version than the kubeconfig asked for', async () => {
    const beta = paths();
    const ok = new ExecCredentialPlugin(exec(beta, { apiVersion: 'client.authentication.k8s.io/v1beta1' }, { ANSWER_VERSION: 'client.authentication.k8s.io/v1beta1' }), null);
    expect((await ok.credential()).token).toBe('tok-1');
    expect(JSON.parse(readFileSync(beta.info, 'utf8').split('\n')[0]!).apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    const mismatch = new ExecCredentialPlugin(exec(paths(), { apiVersion: 'client.authentication.k8s.io/v1beta1' }), null);
    await expect(mismatch.credential()).rejects.toThrow(/answered client.authentication.k8s.io\/v1 but the kubeconfig asks for client.authentication.k8s.io\/v1beta1/);
    const alpha = new ExecCredentialPlugin(exec(paths(), { apiVersion: 'client.authentication.k8s.io/v1alpha1' }), null);
    await expect(alpha.credential()).rejects.toThrow(/apiVersion "client.authentication.k8s.io\/v1alpha1" is not supported/);
  });

  it('a failing plugin is named with its stderr first line; bad output never quotes stdout; a missing command says so', async () => {
    const failing = new ExecCredentialPlugin(exec(paths(), {}, { FAIL: 'the SSO session has expired' }), null);
    const error = await failing.credential().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecPluginError);
    expect((error as Error).message).toBe(`credential plugin "${plugin}" failed: exit 3: error: the SSO session has expired`);

    const garbage = new ExecCredentialPlugin(exec(paths(), {}, { GARBAGE: '1' }), null);
    const bad = (await garbage.credential().catch((e: unknown) => e)) as Error;
    expect(bad.message).toMatch(/not an ExecCredential/);
    expect(bad.message).not.toContain('tok-');

    const missing = new ExecCredentialPlugin({ ...exec(paths()), command: join(dir, 'no-such-plugin'), installHint: 'install it with: brew install thing' }, null);
    await expect(missing.credential()).rejects.toThrow(/no-such-plugin" failed: command not found \(install it with: brew install thing\)/);
  });

  it('after a failure, callers within the cooldown share the error; then it runs again', async () => {
    const files = paths();
    let now = 1_000_000;
    const p = new ExecCredentialPlugin(exec(files, {}, { FAIL: 'down' }), null, { clock: () => now, failureCooldownMs: 1_000 });
    await expect(p.credential()).rejects.toThrow(/down/);
    await expect(p.credential()).rejects.toThrow(/down/);
    expect(callsIn(files.calls)).toBe(1);
    now += 1_001;
    await expect(p.credential()).rejects.toThrow(/down/);
    expect(callsIn(files.calls)).toBe(2);
  });
});

describe('KubeHttp with an exec user', () => {
  let server: Server;
  let port = 0;
  /** Tokens the fake apiserver accepts; everything else is 401. */
  const accepted = new Set<string>();
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      seen.push(token);
      res.setHeader('content-type', 'application/json');
      if (!accepted.has(token)) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
      }
      res.end(JSON.stringify({ kind: 'PodList', items: [], metadata: { resourceVersion: '1' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    accepted.clear();
    seen.length = 0;
  });

  function kubeconfigFor(files: { calls: string; info: string }): string {
    const file = join(dir, `kubeconfig-${counter}.yaml`);
    const env = [`{name: CALLS, value: "${files.calls}"}`, `{name: INFO, value: "${files.info}"}`].join(', ');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
current-context: plugin
clusters:
- {name: local, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}
users:
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: "${plugin}", interactiveMode: Never, env: [${env}]}
contexts:
- {name: plugin, context: {cluster: local, user: sso, namespace: demo}}
`,
    );
    return file;
  }

  it('one plugin run for a whole source start (several clients, several informers), where the client library ran it six times', async () => {
    const files = paths();
    accepted.add('tok-1');
    const loaded = loadKubeconfig({ kubeconfig: kubeconfigFor(files) });
    // What the CLI does: a probe on one client, then a source on a client of its own.
    const probe = new KubeHttp(selectContext(loaded).access);
    expect((await probe.request({ path: '/version' })).status).toBe(200);
    await probe.close();
    const source = new KubernetesSource({ target: selectContext(loaded), namespace: 'demo', clockProbes: 3 });
    const statuses: string[] = [];
    source.start({ upsertGroup: () => {}, removeGroup: () => {}, resync: () => {}, listPage: () => {}, event: () => {}, status: (s) => statuses.push(s.state) });
    await expect.poll(() => statuses.includes('live') && seen.length >= 8, { timeout: 10_000 }).toBe(true);
    await source.close();
    expect(callsIn(files.calls)).toBe(1);
    expect(new Set(seen)).toEqual(new Set(['tok-1']));
  });

  it('a 401 runs the plugin again and the request is retried with the new token, unseen by the caller', async () => {
    const files = paths();
    accepted.add('tok-2');
    const http = new KubeHttp(selectContext(loadKubeconfig({ kubeconfig: kubeconfigFor(files) })).access);
    const answers = await Promise.all([1, 2, 3].map(() => http.getJson<{ kind: string }>('/api/v1/namespaces/demo/pods')));
    expect(answers.map((a) => a.data.kind)).toEqual(['PodList', 'PodList', 'PodList']);
    expect(callsIn(files.calls)).toBe(2);
    // A credential the apiserver keeps refusing comes back as the 401 it is (one retry only).
    accepted.clear();
    const refused = await http.request({ path: '/api/v1/namespaces/demo/pods' });
    expect(refused.status).toBe(401);
    expect(callsIn(files.calls)).toBe(3);
    await http.close();
  });
});
