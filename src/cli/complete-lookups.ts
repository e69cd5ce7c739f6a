// Where shell completion finds names: context names from the kubeconfig files, read
// without the Kubernetes client (loading it costs about a second); namespaces, pods and
// deployments from the cluster, with the client loaded only then and a short deadline.
// Every failure is an empty list: a completion prints nothing rather than an error.
import { readFileSync } from 'node:fs';
import { kubeconfigFiles } from '../sources/kubeconfig-files.js';
import { parseYamlSubset, type YamlNode } from '../settings/yaml-subset.js';
import type { ClusterScope, CompletionLookups } from './complete.js';

/** How long a cluster lookup may take before the completion gives up on it. */
export const CLUSTER_LOOKUP_MS = 2_000;

export function clusterLookups(env: NodeJS.ProcessEnv = process.env): CompletionLookups {
  return {
    contexts: async (scope) => {
      try {
        return contextNames(scope, env);
      } catch {
        // Outside the subset the fast reader knows (a block scalar, say): the client reads it.
        try {
          const { loadKubeconfig } = await import('../sources/kubernetes-kubeconfig.js');
          return loadKubeconfig({ kubeconfig: scope.kubeconfig, env }).contexts.map((c) => c.name);
        } catch {
          return [];
        }
      }
    },
    namespaces: (scope) => names(scope, env, () => '/api/v1/namespaces'),
    pods: (scope) => names(scope, env, (ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`),
    deployments: (scope) => names(scope, env, (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`),
    nodes: (scope) => names(scope, env, () => '/api/v1/nodes'),
  };
}

/** The contexts of every kubeconfig file in merge order, first definition winning. */
function contextNames(scope: ClusterScope, env: NodeJS.ProcessEnv): string[] {
  const seen = new Set<string>();
  for (const file of kubeconfigFiles({ kubeconfig: scope.kubeconfig, env }).files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const name of contextsIn(parseYamlSubset(text))) seen.add(name);
  }
  return [...seen];
}

function contextsIn(root: YamlNode | undefined): string[] {
  if (root?.kind !== 'map') return [];
  const contexts = root.entries.find((e) => e.key === 'contexts')?.value;
  if (contexts?.kind !== 'list') return [];
  return contexts.items.flatMap((item) => {
    const name = item.kind === 'map' ? item.entries.find((e) => e.key === 'name')?.value : undefined;
    return name?.kind === 'scalar' && name.value !== null && name.value !== '' ? [String(name.value)] : [];
  });
}

async function names(scope: ClusterScope, env: NodeJS.ProcessEnv, path: (namespace: string) => string): Promise<string[]> {
  try {
    const [{ loadKubeconfig, selectContext }, { KubeHttp }] = await Promise.all([import('../sources/kubernetes-kubeconfig.js'), import('../sources/kubernetes-http.js')]);
    const target = selectContext(loadKubeconfig({ kubeconfig: scope.kubeconfig, env }), scope.context);
    const http = new KubeHttp(target.access);
    try {
      const { data } = await http.getJson<{ items?: { metadata?: { name?: string } }[] }>(path(scope.namespace || target.namespace), { limit: 1000 }, AbortSignal.timeout(CLUSTER_LOOKUP_MS));
      return (data.items ?? []).flatMap((item) => (item.metadata?.name ? [item.metadata.name] : []));
    } finally {
      await http.close();
    }
  } catch {
    return [];
  }
}
