// No credential, token or Secret value is ever printed, logged or recorded: a pod with an
// env var from a Secret (and a plain one), watched with a token kubeconfig, through every
// output podlife has: -o json, -o ndjson, --record, and the TUI's detail pane.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, sleeperPod } from './fault-pods.js';
import { Cluster, clusterOrMissingReason } from './kubernetes-cluster.js';
import { limitedToken, writeKubeconfig } from './limited-user.js';
import { describeWhere, itWhere, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `secrets never leave the cluster through podlife`, () => {
  const ns = `podlife-fault-secret-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podlife-fault-secret-'));
  const kubeconfig = join(dir, 'token.yaml');
  const SECRET_VALUE = `s3cret-${randomBytes(12).toString('hex')}`;
  const PLAIN_VALUE = `plain-${randomBytes(12).toString('hex')}`;
  let token = '';
  let cluster: Cluster;
  const outputs: { what: string; text: string }[] = [];

  /** Neither the Secret's value nor the token, anywhere; the plain env value neither (recordings drop env). */
  const expectClean = (what: string, text: string) => {
    outputs.push({ what, text });
    expect(text, what).not.toContain(SECRET_VALUE);
    expect(text, what).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(text, what).not.toContain(token);
    expect(text, what).not.toContain(token.slice(0, 40)); // nor a prefix of it
  };

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(ns);
    await cluster.post(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: SECRET_VALUE } });
    token = await limitedToken(cluster, ns);
    writeKubeconfig(kubeconfig, token, [{ name: 'token-ctx', user: 'token', namespace: ns }]);
    await createPod(
      cluster,
      ns,
      sleeperPod('app', {
        env: [
          { name: 'PLAIN', value: PLAIN_VALUE },
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
      }),
    );
    // Running means the kubelet resolved the Secret into the container's env.
    for (let i = 0; i < 120; i++) {
      const pod = await cluster.getPod(ns, 'app');
      if (pod.status?.containerStatuses?.[0]?.state?.running) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 60_000);

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

  it('--record FILE keeps neither the Secret value, the token nor env values', async () => {
    const file = join(dir, 'rec.ndjson');
    const r = await runCli(['--kubeconfig', kubeconfig, '--once', '-o', 'ndjson', '--record', file]);
    expect(r.code, r.stderr).toBe(0);
    const recording = readFileSync(file, 'utf8');
    expect(recording).toContain('"app"');
    expectClean('the recording', recording);
    expect(recording).not.toContain(PLAIN_VALUE);
    expect(recording).not.toContain('secretKeyRef');
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
    expect(recording).not.toContain(PLAIN_VALUE);
    expect(outputs.length).toBeGreaterThanOrEqual(6);
  });
});
