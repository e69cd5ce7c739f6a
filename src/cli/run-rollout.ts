// `podlife rollout deployment/NAME [-n NS] [--watch] [-o json]`: follows a rolling update.
// Old pods stopping (cause, endpoint leaving rotation, preStop/TERM bar, outcome), new
// pods becoming Ready, the ReplicaSets' counts; ends when the rollout is complete (and
// every old pod is gone) or stalls past progressDeadlineSeconds, with a summary.
// Without --watch: the state now, once. With --watch and nothing rolling out yet: waits
// for the next rollout (e.g. `kubectl rollout restart`) and follows it.
import type { DeploymentJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import { selectorString } from '../lifecycle/rollout.js';
import { KubeHttp, KubeHttpError } from '../sources/kubernetes-http.js';
import { Informer } from '../sources/kubernetes-informer.js';
import { loadKubeconfig, selectContext } from '../sources/kubernetes-kubeconfig.js';
import { splitContexts } from '../session.js';
import type { Flags, Options } from './options.js';
import { UsageError } from './options.js';
import { openPodSession, type PodSession } from './pod-session.js';
import { RolloutTracker } from './rollout-tracker.js';
import { RolloutFollower } from './rollout-follower.js';

const USAGE = 'podlife rollout deployment/NAME [-n NAMESPACE] [--watch] [-o json]';

export function deploymentArgument(args: string[]): string {
  const [target, ...extra] = args;
  const match = /^(?:deployments?|deploy)(?:\.apps)?\/(.+)$/.exec(target ?? '');
  if (!match || extra.length) throw new UsageError(`usage: ${USAGE} (only Deployments roll out this way)`);
  return match[1]!;
}

export async function runRollout(options: Options, args: string[], flags: Flags): Promise<number> {
  const name = deploymentArgument(args);
  if (options.namespace === '') throw new UsageError('podlife rollout follows one Deployment: give -n NAMESPACE, not -A');
  if (options.selector) throw new UsageError("podlife rollout watches the Deployment's own pods: -l/--selector does not apply");
  if (options.output === 'ndjson') throw new UsageError('podlife rollout prints lines as they happen, or its summary with -o json; -o ndjson does not apply');
  const target = selectContext(loadKubeconfig({ kubeconfig: options.kubeconfig }), splitContexts(options.context ?? '')[0]);
  const namespace = options.namespace ?? target.namespace;
  const where = `namespace ${namespace} (context ${target.context})`;
  const http = new KubeHttp(target.access);
  const abort = new AbortController();
  let open: PodSession | undefined;
  try {
    const deployment = await getDeployment(http, namespace, name, where);
    const tracker = new RolloutTracker(name, namespace);
    tracker.deployment = deployment;
    open = await openPodSession({ ...options, namespace, selector: selectorString(deployment) }, `deployment/${name}`, 'rollout', (record) => tracker.observe(record));
    const deleted = followDeployment(http, namespace, name, tracker, abort.signal);
    const follower = new RolloutFollower(open, tracker, where, Boolean(flags.watch), options.output === 'json');
    return await Promise.race([follower.run(), deleted.then(() => Promise.reject(new Error(`deployment ${name} was deleted from ${where}`)))]);
  } finally {
    abort.abort();
    await open?.close();
    await http.close();
  }
}

async function getDeployment(http: KubeHttp, namespace: string, name: string, where: string): Promise<DeploymentJson> {
  try {
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(name)}`;
    return (await http.getJson<DeploymentJson>(path, undefined, AbortSignal.timeout(15_000))).data;
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 404) throw new Error(`deployment ${name} not found in ${where}`);
    if (err instanceof KubeHttpError && err.status === 403) throw new Error(`forbidden: cannot get deployments in ${where}: ${err.message}`);
    throw new Error(`cannot read deployment ${name} in ${where}: ${(err as Error).message}`);
  }
}

/** Watches the one Deployment like any other informer; resolves if it is deleted. */
function followDeployment(http: KubeHttp, namespace: string, name: string, tracker: RolloutTracker, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const informer = new Informer(
      http,
      `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments`,
      { fieldSelector: `metadata.name=${name}` },
      {
        onList: (list) => {
          const item = list.items[0] as DeploymentJson | undefined;
          if (item) tracker.deployment = item;
          else resolve();
        },
        onWatchEvent: (event) => {
          const e = event as unknown as WatchEventJson<DeploymentJson>;
          if (e.type === 'DELETED') resolve();
          else if (e.object) tracker.deployment = e.object;
        },
        onLive: () => undefined,
        onFailure: () => undefined, // retried with back-off; the pods' status line tells of outages
      },
    );
    void informer.run(signal);
  });
}
