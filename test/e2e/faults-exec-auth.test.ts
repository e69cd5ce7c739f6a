// Sign-in through a kubeconfig exec credential plugin, on the real cluster: a plugin that
// hands out ServiceAccount tokens said to expire after 20 s (each bound to a Secret, so
// deleting the Secret makes the apiserver answer 401 for real). podlife runs ~90 s in a
// terminal through several refreshes and a forced 401 with a pod's termination in the
// middle: the rows and the bar stay, the plugin runs again each time and not more. A
// plugin that fails is named in the header with its stderr's first line, the rows stay
// marked stale, and podlife carries on once it works again.
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, sleeperPod } from './fault-pods.js';
import { Cluster, clusterOrMissingReason } from './kubernetes-cluster.js';
import { PLUGIN_CLAIMED_LIFE_S, writeExecPlugin, type PluginCall, type PluginFiles } from './exec-plugin.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();
const SA = 'podlife-sso';

describeWhere(firstMissing(missing, tmuxMissing()), 'exec credential plugins with expiring tokens', () => {
  const namespace = `podlife-exec-auth-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podlife-exec-auth-'));
  let cluster: Cluster;
  let plugin: PluginFiles;
  let screen: TmuxScreen | undefined;

  const calls = (): PluginCall[] =>
    existsSync(plugin.calls)
      ? readFileSync(plugin.calls, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as PluginCall)
      : [];

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(namespace);
    await cluster.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SA } });
    await cluster.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: SA },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'ServiceAccount', name: SA, namespace }],
    });
    plugin = writeExecPlugin(dir, namespace, SA);
    await createPod(cluster, namespace, sleeperPod('bystander'));
  }, 60_000);

  afterEach(() => {
    screen?.close();
    screen = undefined;
    if (existsSync(plugin.fail)) unlinkSync(plugin.fail);
    rmSync(plugin.calls, { force: true });
    rmSync(`${plugin.calls}.token`, { force: true });
  });

  afterAll(async () => {
    await cluster?.deleteNamespace(namespace);
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { NO_COLOR: '1', KUBECONFIG: undefined };

  it('podlife --once runs the plugin once; v1beta1 works too', async () => {
    const r = await runCli(['--kubeconfig', plugin.kubeconfig, '--once', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((row: { group: string }) => row.group)).toContain('bystander');
    expect(calls()).toHaveLength(1);

    const beta = writeExecPlugin(mkdtempSync(join(dir, 'beta-')), namespace, SA, 'client.authentication.k8s.io/v1beta1');
    const b = await runCli(['--kubeconfig', beta.kubeconfig, '--once', '-o', 'json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).map((row: { group: string }) => row.group)).toContain('bystander');
  });

  it('90 s through refreshes and a real 401 with a termination in the middle: rows and bar intact, the plugin called again each time', async () => {
    const victim = sleeperPod('victim');
    const spec = victim.spec as { terminationGracePeriodSeconds: number; containers: Record<string, unknown>[] };
    spec.terminationGracePeriodSeconds = 40;
    spec.containers[0]!.lifecycle = { preStop: { exec: { command: ['sleep', '30'] } } };
    await createPod(cluster, namespace, victim);

    const startedAt = Date.now();
    const s = (screen = new TmuxScreen(['--kubeconfig', plugin.kubeconfig], env, { columns: 160, rows: 20 }));
    await s.waitForText(/victim\s+main\s+Running/, 60_000);
    await s.waitForText(/bystander\s+main\s+Running/, 30_000);
    expect(calls()).toHaveLength(1);

    // Watching the screen the whole time: never disconnected, never unauthorized, the rows always there.
    const problems: string[] = [];
    let filtering = false;
    const watcher = setInterval(() => {
      const now = s.screen();
      if (/disconnected since|error since|unauthorized|rows may be stale/.test(now)) problems.push(now);
      if (!filtering && !/bystander\s+main\s+Running/.test(now)) problems.push(`bystander row missing:\n${now}`);
    }, 500);
    try {
      // Past the claimed expiry: the plugin runs again on the next requests (watches resume every 30 s).
      await waitUntil(() => calls().length >= 2, 'a refresh before the claimed expiry', 60_000);
      const [first, second] = calls();
      expect(second!.at - first!.at).toBeGreaterThan((PLUGIN_CLAIMED_LIFE_S - 10) * 1000);

      // A real 401: the apiserver forgets the current token when its Secret goes. The delete
      // below is the next request, so it meets the 401; podlife signs in again and retries it.
      const before = calls().length;
      await cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/secrets/${calls().at(-1)!.secret}` });
      await waitForTokenRefused(cluster, namespace, `${plugin.calls}.token`);
      filtering = true;
      s.keys('/');
      s.keys('victim', true);
      s.keys('Enter');
      s.keys('C-d');
      await s.waitForText('Delete pod victim');
      s.keys('y');
      await s.waitForText(/victim\s+main\s+Running.*\] preStop [\d.]+\/40s/, 20_000);
      expect(calls().length).toBeGreaterThanOrEqual(before + 1);
      s.keys('Escape');
      await s.waitForText(/bystander\s+main\s+Running/);
      filtering = false;

      // The bar keeps running through later refreshes, until the hook has slept its 30 s.
      await waitUntil(() => Date.now() - startedAt > 90_000, '90 s of running', 120_000);
      const screenNow = s.screen();
      expect(screenNow).toMatch(/bystander\s+main\s+Running/);
      expect(screenNow).toMatch(/victim\s+main\s+(Running.*preStop|Terminated)/);
      const all = calls();
      expect(all.length).toBeGreaterThanOrEqual(3);
      // Once per claimed life (and the 401), not once per request: 90 s of four informers is hundreds of requests.
      expect(all.length).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - startedAt) / ((PLUGIN_CLAIMED_LIFE_S * 4) / 5) / 1000));
    } finally {
      clearInterval(watcher);
    }
    expect(problems).toEqual([]);
    s.keys('q');
    await s.waitForText('[exit 0]');
  }, 240_000);

  it('a failing plugin: --once names it and exits 1; the dashboard keeps the rows (stale), names the plugin and its stderr, and carries on once it works again', async () => {
    writeFileSync(plugin.fail, '');
    const r = await runCli(['--kubeconfig', plugin.kubeconfig, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`credential plugin "${plugin.script}" failed: exit 1: error: the SSO session has expired; run "sso login"`);
    expect(r.stderr).not.toContain('second line');
    unlinkSync(plugin.fail);

    const s = (screen = new TmuxScreen(['--kubeconfig', plugin.kubeconfig], env, { columns: 200, rows: 20 }));
    await s.waitForText(/bystander\s+main\s+Running/, 60_000);
    // The sign-in goes bad: the token is revoked and the plugin cannot get another.
    writeFileSync(plugin.fail, '');
    await cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/secrets/${calls().at(-1)!.secret}` });
    const failed = await s.waitFor((t) => t.replace(/\n/g, ' ').includes('credential plugin') && /bystander\s+main\s+Running/.test(t), 'the plugin failure in the header', 60_000);
    expect(failed.replace(/\s+/g, ' ')).toContain('error: the SSO session has expired');
    expect(failed).toMatch(/bystander\s+main\s+Running.*stale/);
    unlinkSync(plugin.fail);
    await s.waitFor((t) => !t.includes('credential plugin') && !t.includes('stale'), 'live again', 30_000);
    expect(s.screen()).toMatch(/bystander\s+main\s+Running/);
    s.keys('q');
    await s.waitForText('[exit 0]');
  }, 180_000);
});

async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The apiserver caches a token's successful check for a few seconds: wait until the
 * plugin's latest token, its Secret deleted, is really refused.
 */
async function waitForTokenRefused(cluster: Cluster, namespace: string, tokenFile: string): Promise<void> {
  const token = readFileSync(tokenFile, 'utf8');
  const ca = cluster.target.access.cluster.caFile!;
  const status = () =>
    new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${cluster.target.server}/api/v1/namespaces/${namespace}/pods`, { ca: readFileSync(ca), headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  const deadline = Date.now() + 60_000;
  while ((await status()) !== 401) {
    if (Date.now() > deadline) throw new Error('a token bound to a deleted Secret was still accepted after 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}
