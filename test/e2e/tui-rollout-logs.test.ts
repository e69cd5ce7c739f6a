// Issue 13's keys in a real terminal (tmux) on the real cluster: l shows a pod's live log,
// o groups rows by owner, R restarts the selected pod's Deployment after a confirmation
// naming it, its namespace and context (the Deployment's revision moves on, as the API says).
import { afterEach, expect, it } from 'vitest';
import { TmuxScreen } from '../support/tmux.js';
import { CONTEXT, clusterOrMissingReason, useScratchNamespace } from './kubernetes-cluster.js';
import { describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';

const { target, missing } = await clusterOrMissingReason();

describeWhere(firstMissing(missing, tmuxMissing()), 'rollout restart, owner groups and logs in a terminal on the local cluster', () => {
  const scratch = useScratchNamespace('podlife-tui-why', () => target!);
  const { namespace } = scratch;
  let screen: TmuxScreen | undefined;
  afterEach(() => screen?.close());

  const applyDemo = (file: string) => scratch.cluster.createDemoObjects(namespace, file);
  const revision = async () => (await scratch.cluster.http.getJson<{ metadata: { annotations?: Record<string, string> } }>(`/apis/apps/v1/namespaces/${namespace}/deployments/web`)).data.metadata.annotations?.['deployment.kubernetes.io/revision'];

  it('l: the live log; o: an OWNER column with deployment/web; R, y: a rollout restart', async () => {
    await applyDemo('rollout-web.yaml');
    await applyDemo('sigterm-logger.yaml');
    const s = (screen = new TmuxScreen(['--context', CONTEXT, '-n', namespace], { KUBECONFIG: process.env.KUBECONFIG, NO_COLOR: '1' }, { columns: 160, rows: 20 }));
    await s.waitForText(/sigterm-logger\s+app\s+Running/, 60_000);
    await s.waitFor((text) => (text.match(/web-\S+\s+app\s+Running/g) ?? []).length === 2, 'two web pods Running', 60_000);

    s.keys('/sigterm', true);
    s.keys('Enter');
    s.keys('l');
    const log = await s.waitForText(/\d\d:\d\d:\d\d started/, 20_000);
    expect(log).toContain('Log of sigterm-logger/app (live)');
    s.keys('Escape');
    await s.waitFor((text) => !text.includes('Log of'), 'the log view closed');
    s.keys('Escape'); // clears the filter
    await s.waitFor((text) => /web-\S+\s+app/.test(text), 'every row back');

    s.keys('o');
    const grouped = await s.waitForText('OWNER');
    expect(grouped).toMatch(/deployment\/web\s+web-\S+\s+app/);

    s.keys('/web', true);
    s.keys('Enter');
    expect(await revision()).toBe('1');
    s.keys('R');
    const confirm = await s.waitForText('Restart deployment/web');
    expect(confirm).toContain(`Restart deployment/web (rollout restart) in namespace ${namespace} on context ${CONTEXT}?`);
    s.keys('y');
    await s.waitForText('rollout restart requested');
    const deadline = Date.now() + 20_000;
    while ((await revision()) !== '2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await revision()).toBe('2');
  }, 180_000);
});
