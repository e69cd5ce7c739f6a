// Helpers for end-to-end tests against the real local cluster (npm run cluster:up):
// reachability check with the reason it is missing, a scratch namespace, demo pods from demo/*.yaml,
// and a sink that keeps the rows' history so tests can wait for states.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAllYaml, loadYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import { KubeHttp, errorFrom } from '../../src/sources/kubernetes-http.js';
import { resolveKubeTarget, type KubeTarget } from '../../src/sources/kubernetes-kubeconfig.js';
import type { SourceSink } from '../../src/sources/source.js';

export const CONTEXT = 'podlife-local';

/**
 * The local cluster's target, or why it cannot be used here (give the reason to
 * describeWhere: under CI=true the suite then fails with it; by hand it skips).
 */
export async function clusterOrMissingReason(context = CONTEXT): Promise<{ target?: KubeTarget; missing?: string }> {
  if (!process.env.KUBECONFIG) return { missing: 'KUBECONFIG is not set; bring the cluster up with `eval "$(npm run --silent cluster:up | tail -1)"`' };
  let target: KubeTarget;
  try {
    target = resolveKubeTarget({ context });
  } catch (err) {
    return { missing: `no ${context} context: ${(err as Error).message}` };
  }
  const http = new KubeHttp(target.access);
  try {
    await http.getJson('/version', undefined, AbortSignal.timeout(5000));
    return { target };
  } catch (err) {
    return { missing: `cluster at ${target.server} not reachable: ${(err as Error).message}` };
  } finally {
    await http.close();
  }
}

/**
 * A namespace of its own for one describe block: created before all its tests, deleted
 * (with everything in it) after. `cluster` is the API client, set once the hooks ran.
 */
export function useScratchNamespace(prefix: string, target: () => KubeTarget): { readonly namespace: string; readonly cluster: Cluster } {
  const scope = { namespace: `${prefix}-${process.pid}-${Date.now().toString(36)}`, cluster: undefined as unknown as Cluster };
  beforeAll(async () => {
    scope.cluster = new Cluster(target());
    await scope.cluster.createNamespace(scope.namespace);
  });
  afterAll(async () => {
    await scope.cluster?.deleteNamespace(scope.namespace);
    await scope.cluster?.close();
  });
  return scope;
}

export interface DemoObject {
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The API group path of each kind the tests create. */
const OBJECT_PATHS: Record<string, string> = { Pod: 'api/v1', Service: 'api/v1', Deployment: 'apis/apps/v1', EndpointSlice: 'apis/discovery.k8s.io/v1' };

export class Cluster {
  readonly http: KubeHttp;
  constructor(readonly target: KubeTarget) {
    this.http = new KubeHttp(target.access);
  }

  async post(path: string, body: unknown): Promise<unknown> {
    const res = await this.http.request({ method: 'POST', path, body });
    if (res.status >= 300) throw await errorFrom(res);
    return JSON.parse(await res.text());
  }

  async createNamespace(name: string): Promise<void> {
    await this.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${name}`, body: { gracePeriodSeconds: 0 } }).catch(() => undefined);
  }

  /** Creates a demo/*.yaml pod; retries while the namespace's default ServiceAccount appears. */
  async createDemoPod(namespace: string, file: string): Promise<{ name: string }> {
    const path = fileURLToPath(new URL(`../../demo/${file}`, import.meta.url));
    const pod = loadYaml<{ kind: string; metadata: { name: string; namespace?: string } }>(readFileSync(path, 'utf8'));
    await this.createObject(namespace, { ...pod, kind: 'Pod' });
    return { name: pod.metadata.name };
  }

  /** Creates every object of a demo/*.yaml file (Pods, Deployments, Services). */
  async createDemoObjects(namespace: string, file: string): Promise<void> {
    const path = fileURLToPath(new URL(`../../demo/${file}`, import.meta.url));
    for (const object of loadAllYaml(readFileSync(path, 'utf8')) as DemoObject[]) await this.createObject(namespace, object);
  }

  /** Creates one object in the namespace; retries while the namespace's default ServiceAccount appears. */
  async createObject(namespace: string, object: DemoObject): Promise<Record<string, any>> {
    const path = OBJECT_PATHS[object.kind];
    if (!path) throw new Error(`no API path known for kind ${object.kind}`);
    const body = { ...object, metadata: { ...object.metadata, namespace } };
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return (await this.post(`/${path}/namespaces/${namespace}/${object.kind === 'EndpointSlice' ? 'endpointslices' : `${object.kind.toLowerCase()}s`}`, body)) as Record<string, any>;
      } catch (err) {
        if (Date.now() > deadline || !/serviceaccount|service account/i.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async getPod(namespace: string, name: string): Promise<Record<string, any>> {
    return (await this.http.getJson<Record<string, any>>(`/api/v1/namespaces/${namespace}/pods/${name}`)).data;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** Keeps what the store would keep, plus every version of every row with its arrival time. */
export class CollectingSink implements SourceSink {
  readonly groups = new Map<string, ContainerRow[]>();
  readonly history: { t: number; row: ContainerRow }[] = [];
  readonly events: LifecycleEvent[] = [];
  readonly statuses: ConnectionStatus[] = [];
  readonly removed = new Map<string, number>();

  resync(rows: ContainerRow[]): void {
    this.groups.clear();
    for (const row of rows) this.groups.set(row.groupKey, [...(this.groups.get(row.groupKey) ?? []), row]);
    this.note(rows);
  }
  /** Group keys the pages of the list under way had so far. */
  private listed = new Set<string>();
  listPage(rows: ContainerRow[], page: { first: boolean; last: boolean }): void {
    if (page.first) this.listed = new Set();
    const byGroup = new Map<string, ContainerRow[]>();
    for (const row of rows) byGroup.set(row.groupKey, [...(byGroup.get(row.groupKey) ?? []), row]);
    for (const [groupKey, groupRows] of byGroup) {
      this.listed.add(groupKey);
      this.groups.set(groupKey, groupRows);
    }
    this.note(rows);
    if (page.last) for (const groupKey of [...this.groups.keys()]) if (!this.listed.has(groupKey)) this.groups.delete(groupKey);
  }
  upsertGroup(groupKey: string, rows: ContainerRow[]): void {
    this.groups.set(groupKey, rows);
    this.note(rows);
  }
  removeGroup(groupKey: string, at: number): void {
    this.groups.delete(groupKey);
    this.removed.set(groupKey, at);
  }
  event(event: LifecycleEvent): void {
    this.events.push(event);
  }
  status(status: ConnectionStatus): void {
    this.statuses.push(status);
  }

  row(key: string): ContainerRow | undefined {
    for (const rows of this.groups.values()) for (const row of rows) if (row.key === key) return row;
    return undefined;
  }

  rowsSeen(key: string): { t: number; row: ContainerRow }[] {
    return this.history.filter((h) => h.row.key === key);
  }

  private note(rows: ContainerRow[]): void {
    const t = Date.now();
    for (const row of rows) this.history.push({ t, row });
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, sink?: CollectingSink): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const tail = sink ? `; last rows: ${JSON.stringify(sink.history.slice(-3).map((h) => ({ key: h.row.key, state: h.row.state, reason: h.row.reason })))}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
