// No credential or secret value is ever printed, logged or recorded. The secrets sit
// where podlife really receives them, in the pod object its watch gets: a literal env
// value, a preStop httpGet's Authorization header, an annotation. Plus the kubeconfig's
// token. Checked through every output podlife has: -o json, -o ndjson, --record, and
// the TUI's detail pane. (A Secret behind secretKeyRef would prove nothing: its value is
// never in the pod object, so no podlife could leak it.)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, sleeperPod } from './fault-pods.js';
import { Cluster, clusterOrMissingReason, waitFor } from './kubernetes-cluster.js';
import { limitedToken, writeKubeconfig } from './limited-user.js';
import { describeWhere, itWhere, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `secrets never leave the cluster through podlife`, () => {
  const ns = `podlife-fault-secret-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podlife-fault-secret-'));
  const kubeconfig = join(dir, 'token.yaml');
  const secret = (what: string) => `${what}-${randomBytes(12).toString('hex')}`;
  /** Where each secret sits in the pod object the watch delivers to podlife. */
  const SECRETS = { 'literal env value': secret('envpw'), 'preStop httpGet header': secret('bearer'), annotation: secret('annot') };
  let token = '';
  let cluster: Cluster;
  const outputs: { what: string; text: string }[] = [];

  /** No secret value (nor its base64), no token (nor a prefix of it). */
  const expectClean = (what: string, text: string) => {
    outputs.push({ what, text });
    for (const [where, value] of Object.entries(SECRETS)) {
      expect(text, `${what}: the ${where}`).not.toContain(value);
      expect(text, `${what}: the ${where} in base64`).not.toContain(Buffer.from(value).toString('base64'));
    }
    expect(text, what).not.toContain(token);
    expect(text, what).not.toContain(token.slice(0, 40));
  };

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(ns);
    token = await limitedToken(cluster, ns);
    writeKubeconfig(kubeconfig, token, [{ name: 'token-ctx', user: 'token', namespace: ns }]);
    const pod = sleeperPod('app', {
      env: [{ name: 'DB_PASSWORD', value: SECRETS['literal env value'] }],
      lifecycle: { preStop: { httpGet: { port: 1, path: '/drain', httpHeaders: [{ name: 'Authorization', value: `Bearer ${SECRETS['preStop httpGet header']}` }] } } },
    }) as { metadata: Record<string, unknown> };
    pod.metadata.annotations = { 'example.com/api-token': SECRETS.annotation };
    await createPod(cluster, ns, pod);
    const running = await waitFor('pod app Running', async () => {
      const p = await cluster.getPod(ns, 'app');
      return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    }, 60_000);
    // The check can fail: every secret is in the object podlife's watch receives.
    const received = JSON.stringify(running);
    for (const value of Object.values(SECRETS)) expect(received).toContain(value);
  }, 90_000);

  afterAll(async () => {
    await cluster?.deleteNamespace(ns);
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('-o json and -o ndjson print the row but no secret', async () => {
    for (const format of ['json', 'ndjson']) {
      const r = await runCli(['--kubeconfig', kubeconfig, '--once', '-o', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/"group": ?"app"/);
      expectClean(`-o ${format} stdout`, r.stdout);
      expectClean(`-o ${format} stderr`, r.stderr);
    }
  });

  it('--record FILE keeps no secret value and no token', async () => {
    const file = join(dir, 'rec.ndjson');
    const r = await runCli(['--kubeconfig', kubeconfig, '--once', '-o', 'ndjson', '--record', file]);
    expect(r.code, r.stderr).toBe(0);
    const recording = readFileSync(file, 'utf8');
    expect(recording).toContain('"app"');
    expectClean('the recording', recording);
  });

  itWhere(tmuxMissing(), 'the TUI detail pane (and a recording made from the TUI) shows none of it', async () => {
    const file = join(dir, 'tui.ndjson');
    const s = new TmuxScreen(['--kubeconfig', kubeconfig, '--record', file], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 200, rows: 50 });
    try {
      await s.waitForText(/app\s+main\s+Running/, 20_000);
      s.keys('Enter');
      const detail = await s.waitForText(/^Container .*^Events/ms, 10_000);
      expect(detail).toContain('app');
      expectClean('the detail pane', detail);
      s.keys('q');
      await s.waitForText('[exit 0]');
      expectClean('the screen after quitting', s.screen());
    } finally {
      s.close();
    }
    const recording = readFileSync(file, 'utf8');
    expectClean('the TUI recording', recording);
    expect(outputs.length).toBeGreaterThanOrEqual(6);
  });
});
