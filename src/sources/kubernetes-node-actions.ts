// The requests a drain makes, beside the pod watch: read and cordon the node, list its
// pods, read the namespaces' PodDisruptionBudgets, evict (policy/v1 Eviction) or delete a
// pod, and ask the apiserver what the user may do (SelfSubjectAccessReview) before
// anything changes.
import type { NodeJson, PodDisruptionBudgetJson, PodJson } from '../lifecycle/kubernetes-json.js';
import { budgetNamedIn, type EvictionRefusal } from '../lifecycle/disruption-budgets.js';
import { KubeHttp, KubeHttpError, errorFrom } from './kubernetes-http.js';
import type { KubeTarget } from './kubernetes-kubeconfig.js';

const REQUEST_TIMEOUT_MS = 15_000;

export type EvictResult =
  | { kind: 'accepted' }
  /** 404: the pod is already gone. */
  | { kind: 'gone' }
  /** 429: a budget (named when the apiserver says which) or the apiserver's rate limits. */
  | { kind: 'held'; budget?: string; message: string }
  | { kind: 'failed'; status: number; message: string };

export interface AccessQuestion {
  verb: string;
  resource: string;
  subresource?: string;
  group?: string;
  namespace?: string;
  name?: string;
}

export class NodeActions {
  readonly http: KubeHttp;
  readonly context: string;

  constructor(target: KubeTarget) {
    this.http = new KubeHttp(target.access);
    this.context = target.context;
  }

  async node(name: string): Promise<NodeJson> {
    try {
      return (await this.http.getJson<NodeJson>(`/api/v1/nodes/${encodeURIComponent(name)}`, undefined, AbortSignal.timeout(REQUEST_TIMEOUT_MS))).data;
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 404) throw new Error(`node ${name} not found (context ${this.context})`);
      if (err instanceof KubeHttpError && err.status === 403) throw new Error(`forbidden: cannot get node ${name} (context ${this.context}): ${err.message}`);
      throw new Error(`cannot read node ${name} (context ${this.context}): ${describe(err)}`);
    }
  }

  /** Cordon (true) or uncordon (false): a JSON merge patch of spec.unschedulable, as kubectl sends. */
  async setUnschedulable(name: string, unschedulable: boolean): Promise<void> {
    const response = await this.http.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${encodeURIComponent(name)}`,
      body: { spec: { unschedulable: unschedulable ? true : null } },
      contentType: 'application/merge-patch+json',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status >= 200 && response.status < 300) return void (await response.text().catch(() => ''));
    const error = await errorFrom(response);
    const verb = unschedulable ? 'cordon' : 'uncordon';
    if (response.status === 403) throw new Error(`forbidden: cannot ${verb} node ${name} (patch nodes, context ${this.context}): ${error.message}`);
    throw new Error(`${verb} node ${name} failed (context ${this.context}): ${error.message}`);
  }

  /** Every pod bound to the node, in every namespace (optionally only those the selector picks). */
  async podsOn(node: string, labelSelector?: string): Promise<PodJson[]> {
    try {
      const query = { fieldSelector: `spec.nodeName=${node}`, labelSelector };
      return (await this.http.getJson<{ items: PodJson[] }>('/api/v1/pods', query, AbortSignal.timeout(REQUEST_TIMEOUT_MS))).data.items;
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 403) throw new Error(`forbidden: cannot list pods in every namespace (context ${this.context}), which a drain needs: ${err.message}`);
      if (err instanceof KubeHttpError && err.status === 400) throw new Error(`--pod-selector: ${err.message}`);
      throw new Error(`cannot list the pods of node ${node} (context ${this.context}): ${describe(err)}`);
    }
  }

  /** Pods of a namespace (the replacements a controller made for evicted pods). */
  async podsIn(namespace: string, labelSelector?: string): Promise<PodJson[]> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    return (await this.http.getJson<{ items: PodJson[] }>(path, { labelSelector }, AbortSignal.timeout(REQUEST_TIMEOUT_MS))).data.items;
  }

  async budgets(namespace: string): Promise<PodDisruptionBudgetJson[]> {
    const path = `/apis/policy/v1/namespaces/${encodeURIComponent(namespace)}/poddisruptionbudgets`;
    return (await this.http.getJson<{ items: PodDisruptionBudgetJson[] }>(path, undefined, AbortSignal.timeout(REQUEST_TIMEOUT_MS))).data.items.map((b) => ({
      ...b,
      metadata: { ...b.metadata, namespace },
    }));
  }

  /** POST pods/NAME/eviction; grace undefined: the pod's own. */
  async evict(namespace: string, pod: string, graceSeconds?: number): Promise<EvictResult> {
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod, namespace },
      ...(graceSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: graceSeconds } } : {}),
    };
    const response = await this.http.request({
      method: 'POST',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/eviction`,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { kind: 'accepted' };
    if (response.status === 404) return { kind: 'gone' };
    const status = parseStatus(text);
    const message = status.message ?? `HTTP ${response.status}`;
    if (response.status === 429) {
      const budget = budgetNamedIn(status);
      return budget ? { kind: 'held', budget, message } : { kind: 'held', message };
    }
    if (response.status === 403) return { kind: 'failed', status: 403, message: `forbidden: cannot create pods/eviction in namespace ${namespace} (context ${this.context}): ${message}` };
    return { kind: 'failed', status: response.status, message };
  }

  /** --disable-eviction: a plain DELETE, budgets not consulted. */
  async deletePod(namespace: string, pod: string, graceSeconds?: number): Promise<EvictResult> {
    const response = await this.http.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`,
      body: { apiVersion: 'v1', kind: 'DeleteOptions', ...(graceSeconds !== undefined ? { gracePeriodSeconds: graceSeconds } : {}) },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { kind: 'accepted' };
    if (response.status === 404) return { kind: 'gone' };
    const message = parseStatus(text).message ?? `HTTP ${response.status}`;
    if (response.status === 403) return { kind: 'failed', status: 403, message: `forbidden: cannot delete pods in namespace ${namespace} (context ${this.context}): ${message}` };
    return { kind: 'failed', status: response.status, message };
  }

  /** SelfSubjectAccessReview: whether this user may, and the authorizer's reason when not. */
  async canI(q: AccessQuestion): Promise<{ allowed: boolean; reason?: string }> {
    const attributes = { verb: q.verb, resource: q.resource, group: q.group ?? '', subresource: q.subresource, namespace: q.namespace, name: q.name };
    const response = await this.http.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status < 200 || response.status >= 300) throw new Error(`cannot ask the apiserver what this user may do (context ${this.context}): ${(await errorFrom(response)).message}`);
    const review = JSON.parse(await response.text()) as { status?: { allowed?: boolean; reason?: string } };
    const result: { allowed: boolean; reason?: string } = { allowed: review.status?.allowed === true };
    if (review.status?.reason) result.reason = review.status.reason;
    return result;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function parseStatus(text: string): EvictionRefusal {
  try {
    return JSON.parse(text) as EvictionRefusal;
  } catch {
    return {};
  }
}

function describe(err: unknown): string {
  if (err instanceof KubeHttpError) return `${err.message} (HTTP ${err.status})`;
  const cause = (err as Error & { cause?: { code?: string } }).cause;
  return cause?.code ? `${(err as Error).message} (${cause.code})` : (err as Error).message;
}
