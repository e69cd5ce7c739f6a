// What the user may do, asked of the apiserver at start (SelfSubjectAccessReview, as
// `kubectl auth can-i` asks), so that a user with narrow rights sees at once which kinds
// podlife cannot read and which keys it may not use, instead of meeting 403s later.
import type { KubeHttp } from './kubernetes-http.js';
import type { SourceAction } from './source.js';

export interface ResourceCheck {
  /** As the header and messages name it: "events", "pods/log". */
  name: string;
  group: string;
  resource: string;
  subresource?: string;
  verbs: string[];
}

/** Every kind the dashboard reads besides pods, with the verbs its reads use. */
export const READ_CHECKS: readonly ResourceCheck[] = [
  { name: 'events', group: '', resource: 'events', verbs: ['list', 'watch'] },
  { name: 'endpointslices', group: 'discovery.k8s.io', resource: 'endpointslices', verbs: ['list', 'watch'] },
  { name: 'replicasets', group: 'apps', resource: 'replicasets', verbs: ['list', 'watch'] },
  { name: 'pods/log', group: '', resource: 'pods', subresource: 'log', verbs: ['get'] },
];

/** What the keys that act on the cluster need. */
export const ACTION_CHECKS: Readonly<Record<SourceAction, ResourceCheck & { doing: string }>> = {
  delete: { name: 'pods', group: '', resource: 'pods', verbs: ['delete'], doing: 'delete pods' },
  logs: { name: 'pods/log', group: '', resource: 'pods', subresource: 'log', verbs: ['get'], doing: 'read pod logs' },
  rolloutRestart: { name: 'deployments', group: 'apps', resource: 'deployments', verbs: ['patch'], doing: 'patch deployments (rollout restart)' },
};

export interface AccessReport {
  /** READ_CHECKS names the user may not read, in READ_CHECKS order. */
  noAccess: string[];
  /** Actions the server said no to. */
  refused: Set<SourceAction>;
}

/**
 * Asks each check (every verb of it) of the server, all at once. A check the server could
 * not answer counts as allowed: podlife then finds out the old way, from the request.
 */
export async function reviewAccess(http: KubeHttp, namespace: string): Promise<AccessReport> {
  const ask = (check: ResourceCheck) => Promise.all(check.verbs.map((verb) => canI(http, { ...check, verb, namespace }))).then((answers) => answers.every((a) => a !== false));
  const reads = await Promise.all(READ_CHECKS.map(ask));
  const actions = Object.entries(ACTION_CHECKS) as [SourceAction, ResourceCheck][];
  const allowed = await Promise.all(actions.map(([, check]) => ask(check)));
  return {
    noAccess: READ_CHECKS.filter((_, i) => !reads[i]).map((c) => c.name),
    refused: new Set(actions.filter((_, i) => !allowed[i]).map(([action]) => action)),
  };
}

/**
 * One SelfSubjectAccessReview: true/false as the server answered, undefined when it did not
 * (no answer within 10 s included).
 */
export async function canI(
  http: KubeHttp,
  attributes: { verb: string; group: string; resource: string; subresource?: string; namespace: string },
): Promise<boolean | undefined> {
  const { verb, group, resource, subresource, namespace } = attributes;
  try {
    const response = await http.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, group, resource, ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}) } },
      },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) return undefined;
    return (JSON.parse(text) as { status?: { allowed?: boolean } }).status?.allowed === true;
  } catch {
    return undefined;
  }
}

/** Who the server says the user is (SelfSubjectReview), for messages; undefined when it does not say. */
export async function whoAmI(http: KubeHttp): Promise<string | undefined> {
  try {
    const response = await http.request({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) return undefined;
    return (JSON.parse(text) as { status?: { userInfo?: { username?: string } } }).status?.userInfo?.username;
  } catch {
    return undefined;
  }
}
