// A cluster that says no, for real: a bogus token (401) and a ServiceAccount whose RBAC
// allows reading pods in one namespace only (403 elsewhere, 403 on delete). Headless runs
// must end non-zero with a message naming context, namespace and what to do; the TUI must
// stay usable (another context via :ctx) and carry on after a refused delete.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { loadKubeconfig, selectContext } from '../../src/sources/kubernetes-kubeconfig.js';
import { KubernetesActionError, KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { createPod, podsNow, sleeperPod } from './fault-pods.js';
import { Cluster, clusterOrMissingReason, waitFor } from './kubernetes-cluster.js';
import { limitedToken, writeKubeconfig } from './limited-user.js';
import { describeWhere, itWhere, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `credentials refused and RBAC limits`, () => {
  const id = `${process.pid}-${Date.now().toString(36)}`;
  const allowed = `podlife-fault-auth-${id}`;
  const other = `podlife-fault-auth-other-${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'podlife-fault-auth-'));
  const limited = join(dir, 'limited.yaml');
  const bogus = join(dir, 'bogus.yaml');
  const BOGUS_TOKEN = `bogus-${id}-not-a-token`;
  let token = '';
  let cluster: Cluster;
  let screen: TmuxScreen | undefined;

  beforeAll(async () => {
    cluster = new Cluster(target!);
    await cluster.createNamespace(allowed);
    await cluster.createNamespace(other);
    token = await limitedToken(cluster, allowed);
    writeKubeconfig(limited, token, [
      { name: 'limited-elsewhere', user: 'token', namespace: other },
      { name: 'limited', user: 'token', namespace: allowed },
      { name: 'admin', user: 'admin', namespace: allowed },
    ]);
    writeKubeconfig(bogus, BOGUS_TOKEN, [{ name: 'bogus', user: 'token', namespace: allowed }]);
    await createPod(cluster, allowed, sleeperPod('victim'));
  }, 60_000);

  afterEach(() => {
    screen?.close();
    screen = undefined;
  });

  afterAll(async () => {
    await cluster?.deleteNamespace(allowed);
    await cluster?.deleteNamespace(other);
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('401 (a bogus token): unauthorized, naming the context, namespace and what to do; exit 1; the token is not printed', async () => {
    const r = await runCli(['--kubeconfig', bogus, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unauthorized: .* rejected the credentials of context bogus/);
    expect(r.stderr).toContain(`namespace ${allowed}`);
    expect(r.stderr).toMatch(/log in again or fix the user in your kubeconfig/);
    expect(r.stderr + r.stdout).not.toContain(BOGUS_TOKEN);
  });

  it('403 on listing pods: forbidden, naming the context, namespace and what to do; exit 1', async () => {
    const r = await runCli(['--kubeconfig', limited, '--context', 'limited-elsewhere', '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`forbidden: cannot list/watch pods in namespace ${other} (context limited-elsewhere)`);
    expect(r.stderr).toMatch(/ask for list\/watch on pods, or pick a namespace you can read \(-n\)/);
    expect(r.stdout).toBe('');
    // The same identity where its Role applies works.
    const ok = await runCli(['--kubeconfig', limited, '--context', 'limited', '--once', '-o', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).map((r: { group: string }) => r.group)).toContain('victim');
  });

  it('a refused delete (403) and a delete of a pod already gone (404): clear messages, the source stays live', async () => {
    const store = new Store({ frameMs: 5 });
    const statuses: ConnectionStatus[] = [];
    const source = new KubernetesSource({
      target: selectContext(loadKubeconfig({ kubeconfig: limited }), 'limited'),
      clockProbes: 0,
      tap: (r) => r.type === 'status' && statuses.push(r.data as ConnectionStatus),
    });
    source.start(store.sinkFor('kubernetes', 'limited'));
    try {
      const row = await waitFor('the victim row', () => store.allRows().find((r) => r.group === 'victim'), 30_000);
      const refused = await source.terminate({ groupKey: row.groupKey, namespace: allowed, group: 'victim' }, { graceSeconds: 1, mode: 'stop' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(KubernetesActionError);
      expect((refused as KubernetesActionError).status).toBe(403);
      expect((refused as Error).message).toBe(`forbidden: cannot delete pods in namespace ${allowed} (context limited)`);
      expect((await podsNow(cluster, allowed)).has('victim')).toBe(true);

      const gone = await source.terminate({ groupKey: `${row.groupKey}-x`, namespace: other, group: 'never-was' }, { graceSeconds: 1, mode: 'kill' }).catch((e: unknown) => e);
      expect((gone as KubernetesActionError).status).toBe(403); // RBAC is checked before existence

      // Carries on: still live, the row still there and still updated.
      await new Promise((r) => setTimeout(r, 500));
      expect(statuses.at(-1)?.state).toBe('live');
      expect(store.allRows().find((r) => r.group === 'victim')?.stale).toBeFalsy();
    } finally {
      await source.close();
      store.dispose();
    }
    const admin = new KubernetesSource({ target: selectContext(loadKubeconfig({ kubeconfig: limited }), 'admin'), clockProbes: 0 });
    const notFound = await admin.terminate({ groupKey: 'x', namespace: allowed, group: 'never-was' }, { graceSeconds: 1, mode: 'stop' }).catch((e: unknown) => e);
    await admin.close();
    expect((notFound as KubernetesActionError).status).toBe(404);
    expect((notFound as Error).message).toBe('pod never-was no longer exists');
  });

  it('podlife delete refused by RBAC: the message, exit 1, the pod is still there', async () => {
    const r = await runCli(['delete', 'pod/victim', '--kubeconfig', limited, '--context', 'limited', '--now', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`forbidden: cannot delete pods in namespace ${allowed} (context limited)`);
    expect((await podsNow(cluster, allowed)).has('victim')).toBe(true);
  });

  it('--readonly: podlife delete is refused even where RBAC would allow it; exit 1, the pod is still there', async () => {
    const r = await runCli(['delete', 'pod/victim', '--kubeconfig', limited, '--context', 'admin', '--now', '--readonly', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('podlife runs with --readonly: delete is disabled');
    expect((await podsNow(cluster, allowed)).has('victim')).toBe(true);
  });

  itWhere(tmuxMissing(), 'TUI as admin: the confirmation names context, namespace and pod, the default is no; --readonly refuses Ctrl-D and Ctrl-K', async () => {
    const s = (screen = new TmuxScreen(['--kubeconfig', limited, '--context', 'admin'], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 160, rows: 20 }));
    await s.waitForText(/victim\s+main\s+Running/, 20_000);
    for (const [key, question] of [
      ['C-d', `Delete pod victim in namespace ${allowed} on context admin?`],
      ['C-k', `Kill (delete with grace 1, like kubectl --now) pod victim in namespace ${allowed} on context admin?`],
    ] as const) {
      s.keys(key);
      // The dialog wraps long lines inside its border.
      await s.waitForText(new RegExp(question.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s│]+')));
      s.keys('Enter'); // the default answer
      await s.waitForText('cancelled: nothing was changed');
    }
    s.keys('q');
    await s.waitForText('[exit 0]');
    s.close();

    const ro = (screen = new TmuxScreen(['--kubeconfig', limited, '--context', 'admin', '--readonly'], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 160, rows: 20 }));
    await ro.waitForText(/victim\s+main\s+Running/, 20_000);
    for (const key of ['C-d', 'C-k']) {
      ro.keys(key);
      await ro.waitForText('podlife runs with --readonly: delete, stop and kill are disabled');
      expect(ro.screen()).not.toContain('Delete pod');
      ro.keys('y'); // nothing to confirm: y does nothing
      ro.keys('Escape');
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect((await podsNow(cluster, allowed)).has('victim')).toBe(true);
    expect(ro.screen()).toMatch(/victim\s+main\s+Running/);
  }, 90_000);

  itWhere(tmuxMissing(), 'TUI: a forbidden context shows the error, :ctx reaches a usable one, a delete it may not do is refused and the app carries on', async () => {
    const s = (screen = new TmuxScreen(['--kubeconfig', limited, '--context', 'limited-elsewhere'], { NO_COLOR: '1', KUBECONFIG: undefined }, { columns: 160, rows: 20 }));
    const denied = await s.waitForText(/error since .*forbidden: cannot list\/watch pods in namespace/, 20_000);
    expect(denied).toContain('limited-elsewhere');
    s.keys(':');
    s.keys('ctx limited', true);
    s.keys('Enter');
    await s.waitForText(/victim\s+main\s+Running/, 20_000);
    expect(s.screen()).not.toContain('error since');
    // The server said at start that this user may not delete: refused at once, no confirmation.
    s.keys('C-d');
    await s.waitForText(`not allowed: you may not delete pods in namespace ${allowed} (context limited)`, 10_000);
    expect(s.screen()).not.toContain('Delete pod');
    s.keys('y');
    s.keys('?');
    // The help itself: the footer always says "? help", and a wait on it let Esc and q reach
    // podlife in one read, as Alt-q, with the help still open.
    await s.waitForText('Keys (Esc or ? to close)');
    s.keys('Escape');
    await s.waitFor((t) => !t.includes('Keys (Esc or ? to close)') && /victim\s+main\s+Running/.test(t), 'the table again');
    expect((await podsNow(cluster, allowed)).has('victim')).toBe(true);
    s.keys('q');
    await s.waitForText('[exit 0]');
  }, 90_000);
});
