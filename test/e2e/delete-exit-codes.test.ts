// Every documented `podlife delete --watch` exit code (README "Exit codes", --help),
// each produced by a real pod on the real cluster whose script fixes what must happen:
// it exits 0 on TERM, it is ended by TERM (143 = 128+15), it ignores TERM until the KILL,
// its object is force-deleted (by podlife or by someone else), a finalizer keeps it past
// --timeout, a bad flag, a 403.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWhere } from '../support/requirements.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { createPod } from './fault-pods.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace } from './kubernetes-cluster.js';
import { limitedToken, writeKubeconfig } from './limited-user.js';

const { target, missing } = await clusterOrMissingReason();
const IMAGE = 'registry.local/podlife/busybox:1.36';

/** One container `main` running `script` under sh; the pod's own grace is `grace`. */
function pod(name: string, script: string, grace: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', script] }] },
  };
}

describeWhere(missing, `podlife delete --watch exit codes on real pods`, () => {
  const scratch = useScratchNamespace('podlife-exit', () => target!);
  const dir = mkdtempSync(join(tmpdir(), 'podlife-exit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function running(spec: Record<string, unknown>): Promise<string> {
    const name = (spec.metadata as { name: string }).name;
    await createPod(scratch.cluster, scratch.namespace, spec);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const p = await scratch.cluster.getPod(scratch.namespace, name);
      if (p.status?.containerStatuses?.[0]?.state?.running) return name;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`pod ${name} never ran`);
  }

  const deleteWatch = (name: string, ...extra: string[]): Promise<CliResult> =>
    runCli(['delete', `pod/${name}`, '--context', CONTEXT, '-n', scratch.namespace, '--watch', '--yes', ...extra], {}, 90_000);

  it(`${EXIT.ok}: the container traps TERM and exits 0`, async () => {
    const name = await running(pod('clean', 'trap "exit 0" TERM; while true; do sleep 0.2; done', 10));
    const r = await deleteWatch(name);
    expect(r.stdout).toContain('main: exited 0');
    expect(r.stdout).toContain('pod gone; exit 0: every container was seen to exit 0');
    expect(r.code, r.stdout + r.stderr).toBe(EXIT.ok);
  }, 120_000);

  it(`${EXIT.failed}: the main process is ended by TERM (exit 143), and the output says why`, async () => {
    // A shell wrapper that forwards TERM to its child and exits with the child's status: 128+15.
    const name = await running(pod('term143', 'sleep 100000 & child=$!; trap "kill -TERM $child; wait $child; exit \\$?" TERM; wait $child', 10));
    const r = await deleteWatch(name);
    expect(r.stdout).toContain('main: exited 143 (128+15: ended by SIGTERM, which the process did not handle');
    expect(r.stdout).toContain('pod gone; exit 3: a container exited non-zero');
    expect(r.code, r.stdout + r.stderr).toBe(EXIT.failed);
  }, 120_000);

  it(`${EXIT.killed}: the container ignores TERM and is KILLed at its 2 s deadline`, async () => {
    const name = await running(pod('stubborn', 'trap "" TERM; while true; do sleep 0.2; done', 2));
    const r = await deleteWatch(name);
    expect(r.stdout).toMatch(/main: KILLed at the 2 s deadline \(exit 137[,)]/);
    expect(r.stdout).toContain('pod gone; exit 4: a container was KILLed at the grace deadline');
    expect(r.code, r.stdout + r.stderr).toBe(EXIT.killed);
  }, 120_000);

  it(`${EXIT.unseen}: --force — the pod object goes at once, the exit is never reported`, async () => {
    const name = await running(pod('forced', 'trap "" TERM; while true; do sleep 0.2; done', 30));
    const r = await deleteWatch(name, '--force');
    expect(r.stderr).toContain('podlife: warning: --force (grace 0): the pod object is removed at once');
    expect(r.stdout).toContain('grace 0s');
    expect(r.stdout).toMatch(/main: exit not seen: force delete/);
    expect(r.stdout).toContain("pod gone; exit 5: a container's exit was not seen");
    expect(r.code, r.stdout + r.stderr).toBe(EXIT.unseen);
  }, 120_000);

  it(`${EXIT.unseen}: someone else force-deletes the pod while podlife waits out its grace — gone before its final status arrived`, async () => {
    const name = await running(pod('overtaken', 'trap "" TERM; while true; do sleep 0.2; done', 30));
    const watching = deleteWatch(name);
    // Once podlife's graceful delete is in (deletionTimestamp set), force it from another client.
    for (const deadline = Date.now() + 30_000; ; ) {
      const p = await scratch.cluster.getPod(scratch.namespace, name);
      if (p.metadata.deletionTimestamp) break;
      if (Date.now() > deadline) throw new Error('podlife never deleted the pod');
      await new Promise((r) => setTimeout(r, 100));
    }
    await scratch.cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${scratch.namespace}/pods/${name}`, body: { gracePeriodSeconds: 0 } });
    const r = await watching;
    expect(r.stdout).toContain('grace 30s');
    expect(r.stdout).toContain('main: exit not seen: the pod was gone before its final status arrived (last seen Running');
    expect(r.code, r.stdout + r.stderr).toBe(EXIT.unseen);
  }, 120_000);

  it(`${EXIT.timedOut}: --timeout — the container exited, a finalizer keeps the pod, and podlife names it and leaves it`, async () => {
    const spec = pod('held', 'trap "exit 0" TERM; while true; do sleep 0.2; done', 5);
    (spec.metadata as { finalizers?: string[] }).finalizers = ['example.com/hold'];
    try {
      const name = await running(spec);
      const r = await deleteWatch(name, '--timeout', '20s');
      expect(r.stdout, r.stdout).toMatch(/^\S+Z pod\/held: containers stopped; the pod is held by finalizer example\.com\/hold \(not podlife's to remove\)$/m);
      expect(r.stdout).toContain('\nmain: exited 0\n');
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
        "delete timed out after 20 s with pod/held still there: its containers stopped; the pod is held by finalizer example.com/hold (not podlife's to remove); exit 7",
      );
      expect(r.code, r.stdout + r.stderr).toBe(EXIT.timedOut);
      // Still there, the finalizer untouched.
      const after = await scratch.cluster.getPod(scratch.namespace, name);
      expect(after.metadata.deletionTimestamp).toBeDefined();
      expect(after.metadata.finalizers).toEqual(['example.com/hold']);
    } finally {
      // Else the pod, and the scratch namespace with it, would stay for ever.
      await scratch.cluster.http.request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${scratch.namespace}/pods/held`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { finalizers: null } },
      });
    }
  }, 120_000);

  it(`${EXIT.usage}: bad usage — nothing is sent, the pod is untouched`, async () => {
    const name = await running(pod('untouched', 'trap "exit 0" TERM; while true; do sleep 0.2; done', 1));
    const uid = (await scratch.cluster.getPod(scratch.namespace, name)).metadata.uid;
    const r = await deleteWatch(name, '--grace=abc');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('podlife: --grace must be a whole number of seconds, 0 or more (got "abc")');
    const after = await scratch.cluster.getPod(scratch.namespace, name);
    expect(after.metadata.uid).toBe(uid);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
  }, 120_000);

  describe('as a user who may read pods but not delete them', () => {
    let kubeconfig = '';
    beforeAll(async () => {
      const token = await limitedToken(scratch.cluster, scratch.namespace);
      kubeconfig = join(dir, 'limited.yaml');
      writeKubeconfig(kubeconfig, token, [{ name: 'limited', user: 'token', namespace: scratch.namespace }]);
    });

    it(`${EXIT.error}: the delete is refused (403); the pod is untouched`, async () => {
      const name = await running(pod('guarded', 'trap "exit 0" TERM; while true; do sleep 0.2; done', 1));
      const r = await runCli(['delete', `pod/${name}`, '--kubeconfig', kubeconfig, '--context', 'limited', '--watch', '--yes'], {}, 60_000);
      expect(r.stderr).toContain(`forbidden: cannot delete pods in namespace ${scratch.namespace} (context limited)`);
      expect(r.code).toBe(EXIT.error);
      expect((await scratch.cluster.getPod(scratch.namespace, name)).metadata.deletionTimestamp).toBeUndefined();
    }, 120_000);
  });
});
