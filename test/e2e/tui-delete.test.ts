// The built podlife in a real terminal (tmux) on the real cluster: the article's lifecycle
// pod goes Running, Ctrl-D deletes it after a confirmation naming context, namespace and
// pod, the bar shows the preStop phase for ~5 s, then the row ends Terminated (dimmed)
// with the measured outcome; a pod whose preStop overruns its grace shows KILL when the
// node sends it. Also: context switching with :ctx and the picker, and `podlife delete
// --watch`.
import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { PODLIFE_BIN, TmuxScreen } from '../support/tmux.js';
import { ScreenPhaseWatch } from '../support/screen-phases.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace, waitFor } from './kubernetes-cluster.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';
import { containerdLogMissing, nodeStop } from './node-log.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(firstMissing(missing, tmuxMissing(), containerdLogMissing()), `podlife in a terminal on the local cluster`, () => {
  const scratch = useScratchNamespace('podlife-tui', () => target!);
  const { namespace } = scratch;
  let screen: TmuxScreen | undefined;
  const env = () => ({ KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' });

  let watch: ScreenPhaseWatch | undefined;
  afterEach(() => {
    watch?.stop();
    watch = undefined;
    screen?.close();
  });

  it('lifecycle pod: ContainerCreating → Running; Ctrl-D, y → preStop bar ~5 s → Terminated, dimmed, with the outcome', async () => {
    const s = (screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], env(), { columns: 160, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
    await scratch.cluster.createDemoPod(namespace, 'lifecycle-pod.yaml');
    await s.waitForText(/lifecycle\s+web\s+Waiting\s+ContainerCreating|lifecycle\s+web\s+Running/, 30_000);
    await s.waitForText(/lifecycle\s+web\s+Running\s+ready\s+0\s+\d+s\s+post,pre/, 60_000);

    const running = await scratch.cluster.getPod(namespace, 'lifecycle');
    const containerId = String(running.status.containerStatuses[0].containerID).replace(/^\w+:\/\//, '');

    s.keys('C-d');
    const confirm = await s.waitForText('Delete pod lifecycle');
    expect(confirm).toContain(`Delete pod lifecycle in namespace ${namespace} on context ${CONTEXT}?`);
    expect(confirm).toContain('Grace period: 30 s');
    // Each bar phase's first sighting, with when the read before it was asked for.
    watch = new ScreenPhaseWatch(s, 20);
    await watch.start();
    s.keys('y');
    const deletedAt = Date.now();

    // KILL's moment is a range until the kubelet's start is pinned ("KILL in 30-32s").
    const hook = await s.waitForText(/\] preStop \d\.\d\/30s · KILL in \d+(-\d+)?s/, 10_000);
    expect(hook).toMatch(/lifecycle\s+web\s+Running/);
    // Still in preStop 3 s later: the hook sleeps 5 s before TERM.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(s.screen()).toMatch(/\] preStop [34]\.\d\/30s/);
    // The hook may end from 5 s after the delete was made, and this session made it: after
    // the key was sent. A screen that says so before then claims too soon (from the stamped
    // second alone it would open up to a second sooner; podlife knows its own request).
    // before: when the last read that still said preStop was asked for; the window opened after it.
    const window = await waitFor('"preStop or TERM" on screen', () => watch!.first('lifecycle/web', 'preStop-or-TERM'), 20_000);
    expect(window.at - deletedAt, '"preStop or TERM" before the hook could have ended').toBeGreaterThanOrEqual(5_000);
    const done = await s.waitForText(/exited 0 after \d\.\d s of 30 s/, 20_000);
    expect(done).toMatch(/lifecycle\s+web\s+Terminat/);
    expect(done).toMatch(/preStop [4-7]\.\d s, exited 0 after [5-8]\.\d s of 30 s/);
    const measured = Number(/exited 0 after (\d\.\d) s/.exec(done)![1]);
    // What the kubelet did: the container's finishedAt (whole seconds) after our request.
    const seconds = (Date.now() - deletedAt) / 1000;
    expect(measured).toBeLessThanOrEqual(seconds + 0.5);
    // And not late: the node's TERM (containerd's log) came when the hook ended; the screen
    // no longer said preStop a quarter second after it.
    const nodeTerm = await waitFor('containerd to log the TERM', () => nodeStop(containerId).term, 15_000);
    expect(window.before - nodeTerm, '"preStop or TERM" on screen late').toBeLessThanOrEqual(250);
    // The pod object goes; its row stays, marked gone (†), with the outcome.
    await s.waitForText(/lifecycle\s+web\s+Terminated†/, 30_000);
  }, 150_000);

  // A namespace of its own: the row of a pod stopped by another test would stay on screen, dimmed, and take the selection.
  const killScratch = useScratchNamespace('podlife-tui-kill', () => target!);

  it('a preStop that overruns: KILL on screen from its own delete, not before the grace and the kubelet\'s 2 s, nor after the node\'s KILL', async () => {
    const { namespace: killNamespace } = killScratch;
    const s = (screen = new TmuxScreen(['--context', CONTEXT, '-n', killNamespace], env(), { columns: 160, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${killNamespace}`);
    await killScratch.cluster.createDemoPod(killNamespace, 'prestop-overrun.yaml');
    await s.waitForText(/prestop-overrun\s+stubborn\s+Running\s+ready/, 60_000);
    const running = await killScratch.cluster.getPod(killNamespace, 'prestop-overrun');
    const containerId = String(running.status.containerStatuses[0].containerID).replace(/^\w+:\/\//, '');

    s.keys('C-d');
    const confirm = await s.waitForText('Delete pod prestop-overrun');
    expect(confirm).toContain('Grace period: 5 s');
    // The delete goes out after the key: the earliest this session's request can have been made.
    watch = new ScreenPhaseWatch(s, 20);
    await watch.start();
    const keyAt = Date.now();
    s.keys('y');
    // The hook (20 s) outlasts the grace (5 s): the kubelet sends TERM at the grace's end and
    // KILL 2 s after it (its minimum), so KILL is due no sooner than 7 s after the request.
    // While the kubelet's start is known only as a window, KILL's moment is a range: its
    // countdown at 0 ("KILL in 0-1s") says it may be going out (firstPossible), "KILL due"
    // that it is (firstFrom).
    const row = 'prestop-overrun/stubborn';
    const claim = await waitFor('KILL on screen', () => watch!.firstFrom(row, 'KILL'), 30_000);
    expect(claim.at - keyAt, 'KILL on screen before the kubelet could have sent it').toBeGreaterThanOrEqual(7_000);
    const done = await s.waitForText(/prestop-overrun\s+stubborn\s+Terminat.*killed after \d\.\d s of 5 s/, 30_000);
    expect(done).toMatch(/killed after [6-9]\.\d s of 5 s/);
    // And not late: a quarter second after containerd's KILL the screen said KILL may be going out.
    const nodeKill = await waitFor('containerd to log the KILL', () => nodeStop(containerId).kill, 15_000);
    expect(watch.firstPossible(row, 'KILL')!.before - nodeKill, 'KILL on screen late').toBeLessThanOrEqual(250);
  }, 150_000);

  it('switches context with :ctx and with the picker, the header following', async () => {
    const s = (screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], env(), { columns: 160, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
    s.keys(':ctx podlife-local-demo', true);
    s.keys('Enter');
    // -n was given: the namespace asked for stays.
    await s.waitForText(`podlife kubernetes podlife-local-demo ns:${namespace}`);
    await s.waitForText('switched to context podlife-local-demo');
    s.keys('c');
    // Wait for the items themselves (not the title), then check the rest of the list.
    const picker = await s.waitForText('* podlife-local-demo');
    expect(picker).toContain('Contexts');
    expect(picker).not.toContain('loading');
    expect(picker).toMatch(/podlife-local\s+cluster podlife-local/);
    s.keys('k');
    s.keys('Enter');
    await s.waitForText(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
    s.keys(':ctx nowhere', true);
    s.keys('Enter');
    await s.waitForText('context "nowhere" not found');
    expect(s.screen()).toContain(`podlife kubernetes ${CONTEXT} ns:${namespace}`);
  }, 60_000);

  it('without -n, :ctx brings the context\'s own namespace; n lists the namespaces, :ns switches', async () => {
    const s = (screen = new TmuxScreen(['--context', CONTEXT], env(), { columns: 160, rows: 20 }));
    await s.waitForText(`podlife kubernetes ${CONTEXT} ns:default`);
    s.keys(':ctx podlife-local-demo', true);
    s.keys('Enter');
    await s.waitForText('podlife kubernetes podlife-local-demo ns:podlife-demo');
    s.keys('n');
    await s.waitForText('Namespaces');
    await s.waitForText(namespace);
    s.keys('Escape');
    // A key right after Esc would read as Alt+key (the terminal's own ambiguity): pause.
    await new Promise((r) => setTimeout(r, 300));
    s.keys(`:ns ${namespace}`, true);
    s.keys('Enter');
    await s.waitForText(`podlife kubernetes podlife-local-demo ns:${namespace}`);
  }, 60_000);

  it('podlife delete pod/NAME --watch prints the phases and exits with the outcome', async () => {
    await waitForCreate(
      () => scratch.cluster.createDemoPod(namespace, 'lifecycle-pod.yaml'),
      () => scratch.cluster.getPod(namespace, 'lifecycle').catch(() => undefined),
      60_000,
    );
    let pod: Record<string, any> | undefined;
    for (const deadline = Date.now() + 60_000; !(pod?.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp); ) {
      if (Date.now() > deadline) throw new Error(`pod lifecycle not Running after 60 s: phase ${pod?.status?.phase}, deleting ${Boolean(pod?.metadata?.deletionTimestamp)}`);
      await new Promise((r) => setTimeout(r, 250));
      pod = await scratch.cluster.getPod(namespace, 'lifecycle').catch(() => undefined);
    }
    const out = execFileSync(process.execPath, [PODLIFE_BIN, 'delete', 'pod/lifecycle', '--context', CONTEXT, '-n', namespace, '--watch', '--yes'], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(out).toContain(`delete requested: pod lifecycle in namespace ${namespace} (context ${CONTEXT}), grace 30s`);
    expect(out).toMatch(/web: hook \(\d+\/30s, KILL in \d+(-\d+)?s\)/);
    // An exec `sleep 5` runs at least 5 s; when it ended is not reported, so no TERM is claimed.
    expect(out).toMatch(/web: hook-or-term \(\d+\/30s/);
    expect(out).toMatch(/web: done: preStop \d\.\d s, exited 0 after \d\.\d s of 30 s/);
    expect(out).toContain('pod gone');
  }, 120_000);
});

/**
 * Creates the pod; if the name is taken, uses that pod unless it is terminating (an
 * earlier test's delete), in which case it retries until the name is free.
 */
async function waitForCreate(create: () => Promise<unknown>, existing: () => Promise<Record<string, any> | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await create();
      return;
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
      if (!(await existing())?.metadata?.deletionTimestamp) return;
      if (Date.now() > deadline) throw new Error(`the name is still held by a terminating pod after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
