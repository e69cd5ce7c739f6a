// Small pod manifests for the fault tests: the busybox image the local cluster imported,
// never pulled (imagePullPolicy: Never), grace 1 s so cleanup is quick.
import type { Cluster } from './kubernetes-cluster.js';

const IMAGE = 'registry.local/podlife/busybox:1.36';

export function sleeperPod(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'podlife-fault': '1' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'trap "exit 0" TERM; sleep 100000 & wait $!'], ...extra }],
    },
  };
}

/** Exits 3 a second after each start: the kubelet restarts it (restartCount climbs). */
export function crasherPod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'podlife-fault': '1' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      restartPolicy: 'Always',
      containers: [{ name: 'crasher', image: IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'sleep 1; exit 3'] }],
    },
  };
}

/** Creates a pod through the shared apiserver; retries while the namespace's default ServiceAccount appears. */
export async function createPod(cluster: Cluster, namespace: string, pod: Record<string, unknown>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await cluster.post(`/api/v1/namespaces/${namespace}/pods`, pod);
      return;
    } catch (err) {
      if (Date.now() > deadline || !/serviceaccount|service account/i.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function deletePod(cluster: Cluster, namespace: string, name: string, graceSeconds = 0): Promise<void> {
  await cluster.http.request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/${name}`, body: { gracePeriodSeconds: graceSeconds } });
}

/** name → restartCount of the first container, as the shared apiserver has them now. */
export async function podsNow(cluster: Cluster, namespace: string): Promise<Map<string, number>> {
  const { data } = await cluster.http.getJson<{ items: { metadata: { name: string }; status?: { containerStatuses?: { restartCount: number }[] } }[] }>(
    `/api/v1/namespaces/${namespace}/pods`,
  );
  return new Map(data.items.map((p) => [p.metadata.name, p.status?.containerStatuses?.[0]?.restartCount ?? 0]));
}
