// A burst of stops, as a drain makes them: 30 pods (exec `sleep 3` preStop, TERM ignored,
// grace 12) deleted in one request. The kubelet begins its kills staggered, up to about a
// second late, and deletionTimestamp has whole seconds: the screen (read every 30 ms)
// must never show a TERM before containerd's StopContainer for that container.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubernetesSource } from '../../src/sources/kubernetes.js';
import { Store } from '../../src/store/store.js';
import { ScreenPhaseWatch } from '../support/screen-phases.js';
import { TmuxScreen } from '../support/tmux.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, waitFor } from './kubernetes-cluster.js';
import { containerdLogMissing, nodeStop, type NodeStop } from './node-log.js';

const { target, missing: noCluster } = await clusterOrMissingReason();
const missing = firstMissing(noCluster, containerdLogMissing(), tmuxMissing());
const PODS = 30;
const BOUND_MS = 250;
const IMAGE = 'registry.local/podlife/busybox:1.36';

describeWhere(missing, 'a burst of 30 deletes against containerd\'s log', () => {
  const scratch = useScratchNamespace('podlife-burst', () => target!);
  const store = new Store();
  const nodes = new Map<string, NodeStop>();
  let requestedAt = 0;
  let watch: ScreenPhaseWatch;
  let screen: TmuxScreen | undefined;
  let source: KubernetesSource | undefined;

  beforeAll(async () => {
    const { namespace, cluster } = scratch;
    for (let i = 0; i < PODS; i++) {
      await cluster.createObject(namespace, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `burst-${String(i).padStart(2, '0')}`, labels: { burst: 'yes' } },
        spec: {
          terminationGracePeriodSeconds: 12,
          containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['/bin/sh', '-c', "trap '' TERM; while :; do sleep 1; done"], lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 3'] } } } }],
        },
      });
    }
    source = new KubernetesSource({ target: target!, namespace });
    source.start(store.sinkFor('kubernetes', source.context));
    await waitFor(`${PODS} containers Running`, () => store.allRows().filter((r) => r.state === 'Running').length === PODS, 240_000);
    const ids = new Map(store.allRows().map((r) => [`${r.group}/${r.name}`, r.id!.replace(/^\w+:\/\//, '')]));

    screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 200, rows: PODS + 12 });
    await screen.waitFor((s) => (s.match(/burst-\d\d\s+main\s+Running/g) ?? []).length === PODS, 'every row Running on screen', 60_000);
    watch = new ScreenPhaseWatch(screen, 30);
    await watch.start();

    requestedAt = Date.now();
    const res = await cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods?labelSelector=burst%3Dyes`, body: {} });
    expect(res.status).toBeLessThan(300);
    await waitFor('every row past its TERM on screen', () => [...ids.keys()].every((row) => watch.firstFrom(row, 'TERM')), 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${screen!.screen()}`);
    });
    watch.stop();
    for (const [row, id] of ids) {
      nodes.set(row, await waitFor(`containerd to log the TERM of ${row}`, () => {
        const stop = nodeStop(id);
        return stop.term !== undefined ? stop : undefined;
      }, 30_000));
    }
    report();
  }, 420_000);

  afterAll(async () => {
    watch?.stop();
    screen?.close();
    await source?.close();
  });

  it('no row shows TERM before the node sent it (beyond the 250 ms bound)', () => {
    const early = [...nodes].flatMap(([row, node]) => {
      const seen = watch.firstFrom(row, 'TERM')!;
      return node.term! - seen.before > BOUND_MS ? [`${row}: screen ${seen.before - requestedAt} ms, node ${node.term! - requestedAt} ms ("${seen.label}")`] : [];
    });
    expect(early, early.join('\n')).toEqual([]);
  });

  it('every row reaches TERM on screen within a second of the node (the burst\'s lag is the benchmark\'s business)', () => {
    const late = [...nodes].flatMap(([row, node]) => {
      const seen = watch.firstPossible(row, 'TERM')!;
      return seen.at - node.term! > 1000 ? [`${row}: ${seen.at - node.term!} ms late`] : [];
    });
    expect(late, late.join('\n')).toEqual([]);
  });

  function report(): void {
    const rel = (at: number) => `${((at - requestedAt) / 1000).toFixed(3)}s`;
    const deltas = [...nodes].map(([row, node]) => watch.firstFrom(row, 'TERM')!.before - node.term!);
    const terms = [...nodes.values()].map((n) => n.term!);
    console.info(
      `[burst-stops] node TERM ${rel(Math.min(...terms))}–${rel(Math.max(...terms))} after the request; TERM claimed on screen − node (poll before the claim): min ${Math.min(...deltas)} ms, max ${Math.max(...deltas)} ms\n` +
        [...nodes].map(([row, n]) => `${row} node ${rel(n.term!)} | ${watch.sightings(row).map((s) => `${s.label.split(' · ')[0]} @${rel(s.at)}`).join(' → ')}`).join('\n'),
    );
  }
});
