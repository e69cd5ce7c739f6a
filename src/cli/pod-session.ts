// Shared by the pod subcommands (delete, timeline): parse pod/NAME, connect to the
// Kubernetes context, and wait until the pod's rows are known.
import type { ContainerRow } from '../lifecycle/types.js';
import { waitForStore } from './wait-for-store.js';
import { Session } from '../session.js';
import { Store } from '../store/store.js';
import { UsageError, type Options } from './options.js';
import { resolveSource } from './resolve-source.js';
import type { RawTap } from '../record/raw-record.js';

export interface PodSession {
  pod: string;
  store: Store;
  session: Session;
  /** "pod NAME in namespace NS (context CTX)", for messages. */
  where: string;
  close(): Promise<void>;
}

/** Parses the pod/NAME argument (kubectl also takes pods/ and po/). */
export function podArgument(args: string[], usage: string): string {
  const [target, ...extra] = args;
  const match = /^(?:pods?|po)\/(.+)$/.exec(target ?? '');
  if (!match || extra.length) throw new UsageError(`usage: ${usage}`);
  return match[1]!;
}

/** `observe` sees every raw record the source receives (the rollout command reads ReplicaSets from them). */
export async function openPodSession(options: Options, pod: string, command: string, observe?: RawTap): Promise<PodSession> {
  const resolved = await resolveSource({ ...options, source: options.source === 'auto' ? 'kubernetes' : options.source }, observe);
  if (resolved.provider.kind !== 'kubernetes') throw new UsageError(`podlife ${command} works on Kubernetes pods`);
  const store = new Store({ clock: resolved.clock });
  const session = new Session(store, resolved.provider, { context: resolved.context, namespace: resolved.namespace, readonly: options.readonly });
  session.start();
  return {
    pod,
    store,
    session,
    where: `pod ${pod} in namespace ${session.namespace} (context ${session.context})`,
    close: async () => {
      await session.close();
      await resolved.dispose?.();
    },
  };
}

/** Resolves with the pod's rows once listed; rejects naming the pod when it is not there. */
export function waitForPod({ store, session, pod }: PodSession): Promise<ContainerRow[]> {
  return waitForStore<ContainerRow[]>(store, session.context, () => {
    const status = store.statusList().find((s) => s.context === session.context);
    const rows = store.allRows().filter((r) => r.group === pod && r.goneAt === undefined);
    if (rows.length) return { value: rows };
    if (status?.state === 'live') return { error: new Error(`pod ${pod} not found in namespace ${session.namespace} (context ${session.context})`) };
    if (status?.state === 'error') return { error: new Error(status.message ?? `cannot list pods in ${session.namespace}`) };
    return undefined;
  });
}
