// Issue 12's "done when", on the real cluster: two fresh namespaces each hold a pod
// `twin`. Ambiguous or bad `podlife delete` invocations are refused with exit 2 and
// kubectl-clear words, and both pods are untouched afterwards (same uid, no
// deletionTimestamp). Flags that do not apply to the dashboard are refused the same way.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhere } from '../support/requirements.js';
import { runCli } from '../support/run-cli.js';
import { createPod, sleeperPod } from './fault-pods.js';
import { CONTEXT, Cluster, clusterOrMissingReason } from './kubernetes-cluster.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(missing, `podlife delete refuses ambiguous targets and bad grace values`, () => {
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const namespaces = [`podlife-twin-a-${stamp}`, `podlife-twin-b-${stamp}`];
  let cluster: Cluster;
  const uids = new Map<string, string>();
  const refusals: string[] = [];

  beforeAll(async () => {
    cluster = new Cluster(target!);
    for (const ns of namespaces) {
      await cluster.createNamespace(ns);
      await createPod(cluster, ns, sleeperPod('twin'));
      uids.set(ns, (await cluster.getPod(ns, 'twin')).metadata.uid);
    }
  }, 60_000);

  afterAll(async () => {
    // The refusals exactly as printed, for the closing note.
    console.log(`[delete-targets] refusals as printed:\n${refusals.join('\n')}`);
    for (const ns of namespaces) await cluster?.deleteNamespace(ns);
    await cluster?.close();
  });

  /** Runs podlife, expects exit 2 with a "podlife: …" message and no delete request printed. */
  async function refused(args: string[]): Promise<string> {
    const r = await runCli([...args, '--context', CONTEXT]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).not.toContain('delete requested');
    const message = r.stderr.split('\n')[0]!;
    expect(message).toMatch(/^podlife: /);
    expect(r.stderr).toContain('Run podlife --help for the flags.');
    refusals.push(`$ podlife ${args.join(' ')}\n${message}`);
    return message;
  }

  it('pod/twin -A: refused as kubectl refuses it (with and without --watch, --now, --force)', async () => {
    for (const extra of [[], ['--watch'], ['--now'], ['--force']]) {
      expect(await refused(['delete', 'pod/twin', '-A', ...extra])).toMatch(/^podlife: a resource cannot be retrieved by name across all namespaces: .*-n NAMESPACE/);
    }
  });

  it('--grace=-3 and --grace=abc (and -3 as a separate word, 1.5, 0 without --force) are refused', async () => {
    const [a, b] = namespaces;
    expect(await refused(['delete', 'pod/twin', '-n', a!, '--grace=-3'])).toBe('podlife: --grace must be a whole number of seconds, 0 or more (got "-3")');
    expect(await refused(['delete', 'pod/twin', '-n', a!, '--grace=abc'])).toBe('podlife: --grace must be a whole number of seconds, 0 or more (got "abc")');
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--grace', '-3', '--watch'])).toBe('podlife: --grace must be a whole number of seconds, 0 or more (got "-3")');
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--grace', '1.5'])).toBe('podlife: --grace must be a whole number of seconds, 0 or more (got "1.5")');
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--grace', '0'])).toMatch(/^podlife: --grace 0 is a force delete: .* Add --force to do that anyway, or use --now \(grace 1\)/);
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--grace', '5', '--force'])).toMatch(/^podlife: --force and --grace greater than 0 cannot be specified together/);
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--now', '--force'])).toMatch(/^podlife: --now \(grace 1\) and --force \(grace 0\) cannot be specified together/);
    expect(await refused(['delete', 'pod/twin', '-n', b!, '--now', '--grace', '3'])).toMatch(/^podlife: --now and --grace cannot be specified together/);
    expect(await refused(['delete', 'pod/twin', '-l', 'podlife-fault=1'])).toMatch(/^podlife: name cannot be provided when a selector is specified/);
    expect(await refused(['delete', 'pod/twin', '-n', a!, '-o', 'json'])).toBe('podlife: -o/--output only applies to the dashboard (podlife), podlife timeline, podlife rollout and podlife drain, not to podlife delete');
  });

  it('the dashboard refuses --grace, --now, --force and --watch (like --speed without --replay)', async () => {
    expect(await refused(['--grace', '5'])).toBe('podlife: --grace only applies to podlife delete and podlife drain, not to the dashboard (podlife)');
    expect(await refused(['--now'])).toBe('podlife: --now only applies to podlife delete, not to the dashboard (podlife)');
    expect(await refused(['--force'])).toBe('podlife: --force only applies to podlife delete and podlife drain, not to the dashboard (podlife)');
    expect(await refused(['--watch'])).toBe('podlife: --watch only applies to podlife delete, podlife timeline and podlife rollout, not to the dashboard (podlife)');
    expect(await refused(['timeline', 'pod/twin', '-A'])).toMatch(/^podlife: a resource cannot be retrieved by name across all namespaces/);
  });

  it('both twins are untouched: same uid, no deletionTimestamp, still Running', async () => {
    for (const ns of namespaces) {
      const pod = await cluster.getPod(ns, 'twin');
      expect(pod.metadata.uid).toBe(uids.get(ns));
      expect(pod.metadata.deletionTimestamp).toBeUndefined();
    }
  });
});
