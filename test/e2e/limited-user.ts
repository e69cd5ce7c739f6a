// A real, limited identity on the local cluster: a ServiceAccount whose Role lets it read
// pods and events in ONE namespace (no delete), and a kubeconfig using its token. The
// apiserver's own RBAC then answers 403 for anything else: list in another namespace,
// delete anywhere.
import { writeFileSync } from 'node:fs';
import { loadKubeconfig } from '../../src/sources/kubernetes-kubeconfig.js';
import type { Cluster } from './kubernetes-cluster.js';

export const LIMITED_SA = 'podlife-limited';

/** Creates the ServiceAccount, Role (get/list/watch on `resources`) and RoleBinding in `namespace`; returns a fresh token. */
export async function limitedToken(cluster: Cluster, namespace: string, resources: string[] = ['pods', 'events']): Promise<string> {
  await cluster.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: LIMITED_SA } });
  await cluster.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: LIMITED_SA },
    rules: [{ apiGroups: [''], resources, verbs: ['get', 'list', 'watch'] }],
  });
  await cluster.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: LIMITED_SA },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LIMITED_SA },
    subjects: [{ kind: 'ServiceAccount', name: LIMITED_SA, namespace }],
  });
  const created = (await cluster.post(`/api/v1/namespaces/${namespace}/serviceaccounts/${LIMITED_SA}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  })) as { status: { token: string } };
  return created.status.token;
}

export interface KubeconfigContext {
  name: string;
  /** 'token' uses the given bearer token; 'admin' the local cluster's admin client cert. */
  user: 'token' | 'admin';
  namespace?: string;
}

/** Writes a kubeconfig for the local cluster (same server and CA as $KUBECONFIG) with these contexts; the first is current. */
export function writeKubeconfig(file: string, token: string, contexts: KubeconfigContext[], server?: string): void {
  const shared = loadKubeconfig();
  const cluster = shared.clusters[0]!;
  const admin = shared.users.find((u) => u.certFile)!;
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- {name: local, cluster: {server: '${server ?? cluster.server}', certificate-authority: '${cluster.caFile}'}}`,
    'users:',
    `- {name: token, user: {token: '${token}'}}`,
    `- {name: admin, user: {client-certificate: '${admin.certFile}', client-key: '${admin.keyFile}'}}`,
    'contexts:',
    ...contexts.map((c) => `- {name: ${c.name}, context: {cluster: local, user: ${c.user}${c.namespace ? `, namespace: ${c.namespace}` : ''}}}`),
    `current-context: ${contexts[0]!.name}`,
  ];
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
}
