// A kubeconfig user's legacy auth-provider (oidc; gcp and azure, which kubectl no longer
// has): the client library's authenticators compute its Authorization header, refreshing
// and caching tokens in ways of their own. Loaded only for such a user (kube-credentials.ts):
// the library's index brings its generated API models along.
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeCluster, KubeUser } from './kubeconfig-entries.js';

export function authProviderHeader(user: KubeUser, cluster: KubeCluster): () => Promise<string | undefined> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // Only the header is taken from it: TLS is podlife's own, so none of the cluster's is given.
    clusters: [{ name: cluster.name, server: cluster.server, skipTLSVerify: true }],
    users: [{ name: user.name, authProvider: user.authProvider }],
    contexts: [{ name: 'podlife', cluster: cluster.name, user: user.name }],
    currentContext: 'podlife',
  });
  return async () => {
    const options: { headers?: Record<string, string> } = {};
    await kubeConfig.applyToHTTPSOptions(options);
    return options.headers?.Authorization;
  };
}
