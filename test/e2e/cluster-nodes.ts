// The local cluster's nodes: which are Ready, and whether a suite that needs a second one
// (a drain whose pods must move) has it. `PODLIFE_NODES=2 npm run cluster:up` starts node
// 127.0.0.2 beside 127.0.0.1; CI sets PODLIFE_NODES=2 for the tests too, so there a
// cluster that came up with one node fails such a suite, while by hand it is skipped.
import { KubeHttp } from '../../src/sources/kubernetes-http.js';
import type { KubeTarget } from '../../src/sources/kubernetes-kubeconfig.js';

/** How many nodes the cluster was asked for (PODLIFE_NODES, as cluster:up reads it; 1 if unset). */
export const EXPECTED_NODES = Number(process.env.PODLIFE_NODES ?? '1');

interface NodeList {
  items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

/** Every node's name and whether it is Ready, by name. */
export async function clusterNodes(target: KubeTarget): Promise<{ name: string; ready: boolean }[]> {
  const http = new KubeHttp(target.access);
  try {
    const { data } = await http.getJson<NodeList>('/api/v1/nodes', undefined, AbortSignal.timeout(10_000));
    return data.items
      .map((n) => ({ name: n.metadata.name, ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await http.close();
  }
}

/** Why there is no second Ready node to move pods to, if there is none. */
export function secondNodeMissing(nodes: { name: string; ready: boolean }[]): string | undefined {
  const ready = nodes.filter((n) => n.ready);
  if (ready.length >= 2) return undefined;
  const listed = nodes.map((n) => `${n.name}${n.ready ? '' : ' (NotReady)'}`).join(', ') || 'none';
  return `a second Ready node is needed (PODLIFE_NODES=${EXPECTED_NODES}), the cluster has ${ready.length} (nodes: ${listed}); bring it up with PODLIFE_NODES=2 npm run cluster:up`;
}
