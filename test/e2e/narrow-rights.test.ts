// A user with narrow rights, for real: a ServiceAccount allowed only to read pods in one
// namespace. podlife asks the apiserver what it may do (SelfSubjectAccessReview) at start:
// it shows the rows, names once in the header the kinds it cannot read, marks the keys it
// may not use as not allowed (footer and help, with the namespace) and refuses them at
// once, without a confirmation; -A without cluster-wide rights is one line and exit 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, podsNow, sleeperPod } from './fault-pods.js';
import { Cluster, clusterOrMissingReason } from './kubernetes-cluster.js';
import { LIMITED_SA, limitedToken, writeKubeconfig } from './limited-user.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(firstMissing(missing, tmuxMissing()), 'a user allowed only to read pods in one namespace', () => {
  const namespace = `podlife-narrow-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'podlife-narrow-'));
  const kubeconfig = join(dir, 'pods-only.yaml');
  let cluster: Cluster;
  let screen: TmuxScreen | undefined;

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(namespace);
    const token = await limitedToken(cluster, namespace, ['pods']);
    writeKubeconfig(kubeconfig, token, [{ name: 'pods-only', user: 'token', namespace }]);
    await createPod(cluster, namespace, sleeperPod('victim'));
  }, 60_000);

  afterEach(() => {
    screen?.close();
    screen = undefined;
  });

  afterAll(async () => {
    await cluster?.deleteNamespace(namespace);
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rows, what it cannot see named once in the header, delete and logs marked and refused at once with the namespace', async () => {
    const s = (screen = new TmuxScreen(['--kubeconfig', kubeconfig], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 160, rows: 32 }));
    await s.waitForText(/victim\s+main\s+Running/, 60_000);
    const first = await s.waitForText('no access: events, endpointslices, replicasets, pods/log', 20_000);
    expect(first.match(/no access:/g)).toHaveLength(1);
    expect(first).not.toMatch(/forbidden|unavailable|error since|disconnected/);
    const footer = first.trimEnd().split('\n').at(-1)!;
    expect(footer).toContain('l logs (not allowed)');
    expect(footer).toContain('Ctrl-D delete (not allowed)');
    expect(footer).toMatch(/\/ filter · Enter detail/); // the others are usable

    s.keys('C-d');
    await s.waitForText(`not allowed: you may not delete pods in namespace ${namespace} (context pods-only)`);
    expect(s.screen()).not.toContain('Delete pod');
    s.keys('y'); // nothing to confirm
    s.keys('l');
    await s.waitForText(`not allowed: you may not read pod logs in namespace ${namespace} (context pods-only)`);
    s.keys('R');
    await s.waitForText(/not controlled by a Deployment|not allowed: you may not patch deployments/);

    s.keys('?');
    const help = await s.waitForText(/Keys \(Esc or \? to close\)/);
    expect(help).toMatch(/Ctrl-D\s+\(not allowed\) delete the pod/);
    expect(help).toMatch(/\bl\s+\(not allowed\) the container's log/);
    expect(help).toMatch(/\/\s+filter rows/);
    for (const doing of ['delete pods', 'read pod logs', 'patch deployments (rollout restart)']) {
      expect(help).toContain(`not allowed: you may not ${doing} in namespace ${namespace} (context pods-only)`);
    }
    s.keys('Escape');
    // The table back before the next key: Esc and Enter in one read would be Alt-Enter.
    await s.waitFor((t) => !t.includes('Keys (Esc or ? to close)') && /victim\s+main\s+Running/.test(t), 'the table again');

    // The detail pane says why its events are missing.
    s.keys('Enter');
    await s.waitForText('(none: no access to events)');
    s.keys('Escape');
    await s.waitForText(/victim\s+main\s+Running/);
    expect((await podsNow(cluster, namespace)).has('victim')).toBe(true);
    s.keys('q');
    await s.waitForText('[exit 0]');
  }, 120_000);

  it('-A without cluster-wide rights: one line like kubectl\'s that suggests -n, exit 1 (headless and dashboard)', async () => {
    const r = await runCli(['--kubeconfig', kubeconfig, '-A', '--once']);
    expect(r.code).toBe(1);
    const line = `podlife: forbidden: User "system:serviceaccount:${namespace}:${LIMITED_SA}" cannot list/watch pods at the cluster scope (-A, context pods-only); watch one namespace with -n NAMESPACE (this context's own: -n ${namespace})`;
    expect(r.stderr.trim()).toBe(line);
    expect(r.stdout).toBe('');

    const s = (screen = new TmuxScreen(['--kubeconfig', kubeconfig, '-A'], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 250, rows: 10 }));
    await s.waitForText('[exit 1]', 30_000);
    expect(s.joinedScreen()).toContain(line);
  }, 60_000);
});
