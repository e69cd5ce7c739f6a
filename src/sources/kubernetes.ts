// The live Kubernetes source: pods (and their Events) of one context and namespace, by
// list + watch, every response recorded through the tap and then mapped by the feed.
// I/O, reconnects and clock-skew measurement live here; the mapping does not.
import type { ConnectionStatus, ListingProgress } from '../lifecycle/types.js';
import { redactEndpointSlice, redactEvent, redactPod, redactReplicaSet } from '../record/redact.js';
import { ClockOffsetEstimator } from './clock-offset.js';
import { KubeHttp, KubeHttpError, errorFrom, type KubeResponse } from './kubernetes-http.js';
import { ExecPluginError } from './exec-credential.js';
import { DEFAULT_TIMING, Informer, type InformerTiming, type ListPage } from './kubernetes-informer.js';
import { NAMESPACE_LIST_PAGE_SIZE } from './first-page-size.js';
import { WatchIdleError } from './kubernetes-watch.js';
import { ReaderThreadSwitch, type ReaderThreadPolicy } from './reader-thread-switch.js';
import type { KubeTarget } from './kubernetes-kubeconfig.js';
import { K8S_RECORD, KubernetesFeed, type PodListData } from './kubernetes-feed.js';
import { RELATION_RECORD } from './kubernetes-pod-relations.js';
import { LOG_RECORD, StopLogFollower } from './kubernetes-stop-logs.js';
import type { PodJson } from '../lifecycle/kubernetes-json.js';
import type { Clock, LogLine, LogOptions, Source, SourceAction, SourceSink, TerminateOptions, TerminateTarget } from './source.js';
import type { RawRecord, RawTap } from '../record/raw-record.js';
import { readLog } from './kubernetes-logs.js';
import { DRAIN_RECORD, DrainWatch } from './kubernetes-drain-watch.js';
import { evictionRefusal } from './kubernetes-eviction.js';
import type { NodeJson, PodDisruptionBudgetJson, WatchEventJson } from '../lifecycle/kubernetes-json.js';
import { ACTION_CHECKS, reviewAccess, type AccessReport } from './kubernetes-access.js';

export interface KubernetesSourceOptions {
  /** From resolveKubeTarget({kubeconfig, context}) or selectContext(loaded, name). */
  target: KubeTarget;
  /** -n; '' = all namespaces (-A); undefined = the context's default namespace. */
  namespace?: string;
  /** -l / --selector, as kubectl takes it. */
  labelSelector?: string;
  /** Pods only (e.g. spec.nodeName=NODE: a drain follows one node's pods). */
  fieldSelector?: string;
  /** The recorder: sees every raw record before the feed does. */
  tap?: RawTap;
  clock?: Clock;
  timing?: Partial<InformerTiming>;
  /** Date-header probes at start (default 8, 125 ms apart); 0 measures from list/watch responses only. */
  clockProbes?: number;
  /** When the watches move to the stream reader's thread (default: once the source is busy, reader-thread-switch.ts). */
  readerThread?: ReaderThreadPolicy;
}

/** delete/kill failed: forbidden, not found, or the apiserver said no. */
export class KubernetesActionError extends Error {
  override readonly name = 'KubernetesActionError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type FeedState = 'connecting' | 'live' | 'disconnected' | 'error';

export class KubernetesSource implements Source {
  readonly kind = 'kubernetes' as const;
  readonly canModify = true;
  readonly context: string;
  readonly namespace: string;

  private readonly http: KubeHttp;
  private readonly clock: Clock;
  private readonly timing: InformerTiming;
  private readonly offset = new ClockOffsetEstimator();
  private readonly abort = new AbortController();
  /** Where the watches are read: the stream reader's thread once this source is busy. */
  private readonly readerThread: ReaderThreadPolicy;
  private readonly running: Promise<void>[] = [];
  private feed?: KubernetesFeed;
  private pods: { state: FeedState; since: number; message?: string } = { state: 'connecting', since: 0 };
  /** The pod list under way, while more pages are to come. */
  private listing?: ListingProgress;
  private eventsProblem?: string;
  /** EndpointSlices / ReplicaSets that cannot be watched (RBAC): pods still work, the header says what is missing. */
  private readonly relationProblems = new Map<string, string>();
  private lastStatus?: ConnectionStatus;
  private cordonedNodes: string[] = [];
  /** Nodes and budgets, for drains that others run (see kubernetes-drain-watch.ts). */
  private readonly drains = new DrainWatch(
    (holds) => this.record(DRAIN_RECORD.holds, { holds }),
    (nodes) => {
      this.cordonedNodes = nodes;
      this.pushStatus();
    },
  );
  /** What the server said this user may do here (undefined until it answered). */
  private access?: AccessReport;

  constructor(private readonly options: KubernetesSourceOptions) {
    this.context = options.target.context;
    this.namespace = options.namespace ?? options.target.namespace;
    this.clock = options.clock ?? Date.now;
    this.timing = { ...DEFAULT_TIMING, ...(this.namespace ? { listPageSize: NAMESPACE_LIST_PAGE_SIZE } : {}), ...options.timing };
    this.http = new KubeHttp(options.target.access, this.clock);
    this.readerThread = options.readerThread ?? new ReaderThreadSwitch();
  }

  start(sink: SourceSink): void {
    if (this.feed) throw new Error('KubernetesSource.start() called twice');
    const feed = new KubernetesFeed(sink, this.context);
    this.feed = feed;
    this.pods = { state: 'connecting', since: this.clock() };
    this.pushStatus();
    const signal = this.abort.signal;
    const base = this.namespace ? `/api/v1/namespaces/${encodeURIComponent(this.namespace)}` : '/api/v1';
    const onResponse = (response: KubeResponse) => this.sampleClock(response);
    // A recording that falls behind pauses the watches rather than buffering without end.
    const beforeRead = () => this.options.tap?.backlog?.();

    // The pods' first page goes out alone: every other request (rights, clock probes,
    // events, relations, drains) waits until it is answered and drawn, or a second at most.
    // On a start a dozen connections opened at once held the first page's answer behind
    // their TLS handshakes and replies on the one thread that draws it. setImmediate: the
    // store draws a change from setImmediate too, queued as the page was applied, so first.
    let podsAnswered!: () => void;
    const podsFirstAnswer = new Promise<void>((resolve) => (podsAnswered = () => setImmediate(resolve)));
    /** The pods of the pod list under way, for the drain marks once it is complete. */
    let listedPods: PodJson[] = [];
    // A stopping container's last log lines, for its timeline.
    const stopLogs = new StopLogFollower(this.http, (data) => this.record(LOG_RECORD, data), signal);
    const pods = new Informer(
      this.http,
      `${base}/pods`,
      { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector },
      {
        onList: () => undefined, // not called: onListPage takes the list page by page
        onListPage: (page) => {
          this.listPage(page);
          podsAnswered();
          if (this.mayReadLogs()) for (const pod of page.items) stopLogs.podSeen(pod as PodJson);
          if (page.first) listedPods = [];
          for (const pod of page.items) listedPods.push(pod as PodJson);
          if (!page.last) return;
          this.drains.podsListed(listedPods);
          listedPods = [];
        },
        // Stamped as they came off the socket once the source is busy: a delete's sighting
        // (and the KILL predicted from it) is not made late by a frame drawn meanwhile, as in
        // a drain's burst.
        readerThread: this.readerThread,
        onWatchEvent: (event, arrivedAt) => {
          this.record(K8S_RECORD.pod, event, arrivedAt);
          if (event.type !== 'DELETED' && this.mayReadLogs()) stopLogs.podSeen(event.object as PodJson);
          this.drains.podEvent(event as unknown as WatchEventJson<PodJson>);
        },
        onLive: () => (this.setPods('live'), podsAnswered()),
        onFailure: (err) => (this.podsFailed(err), podsAnswered()),
        onResponse,
        beforeRead,
        // The recording allowlist is exactly what the mapping reads: keep nothing else.
        // A pod's labels (what budgets select) are read here first, and go no further.
        keep: (pod) => (this.drains.podSeen(pod), redactPod(pod)),
      },
      this.timing,
    );
    // Events of pods only; all of them, not just the selected pods' (an Event has no labels).
    const events = new Informer(
      this.http,
      `${base}/events`,
      { fieldSelector: 'involvedObject.kind=Pod' },
      {
        onList: (list) => this.record(K8S_RECORD.eventList, list),
        // Off-thread as the pods: a Killing event's sighting bounds when a kubelet stop began.
        readerThread: this.readerThread,
        onWatchEvent: (event, arrivedAt) => this.record(K8S_RECORD.event, event, arrivedAt),
        onLive: () => this.setEventsProblem(undefined),
        onFailure: (err) => this.setEventsProblem(`events unavailable: ${describeError(err)}`),
        onResponse,
        beforeRead,
        keep: redactEvent,
      },
      this.timing,
    );
    // What surrounds the pods: which Services' EndpointSlices list them, which ReplicaSets own them.
    const related = (path: string, what: string, list: string, item: string, keep: (o: unknown) => unknown) =>
      new Informer(
        this.http,
        path,
        {},
        {
          onList: (data) => this.record(list, data),
          // Off-thread as the pods: a slice's sighting is when podlife places an endpoint's
          // removal against the container's TERM.
          readerThread: this.readerThread,
          onWatchEvent: (event, arrivedAt) => this.record(item, event, arrivedAt),
          onLive: () => this.setRelationProblem(what, undefined),
          onFailure: (err) => this.setRelationProblem(what, `${what} unavailable: ${describeError(err)}`),
          onResponse,
          beforeRead,
          keep,
        },
        this.timing,
      );
    const apis = this.namespace ? (group: string) => `/apis/${group}/namespaces/${encodeURIComponent(this.namespace)}` : (group: string) => `/apis/${group}`;
    const slices = related(`${apis('discovery.k8s.io/v1')}/endpointslices`, 'endpointslices', RELATION_RECORD.sliceList, RELATION_RECORD.slice, redactEndpointSlice);
    const replicaSets = related(`${apis('apps/v1')}/replicasets`, 'replicasets', RELATION_RECORD.replicaSetList, RELATION_RECORD.replicaSet, redactReplicaSet);
    // Pods at once; the rest once the server said which of them this user may read.
    const readers = { events, endpointslices: slices, replicasets: replicaSets } as const;
    this.running.push(pods.run(signal));
    const afterFirstPage = Promise.race([podsFirstAnswer, sleep(FIRST_PAGE_HEAD_START_MS, signal)]);
    this.running.push(
      afterFirstPage.then(async () => {
        if (signal.aborted) return;
        await Promise.all([this.probeClock(signal), this.startReaders(readers, signal), ...this.watchDrains(apis, onResponse, signal)]);
      }),
    );
  }

  /** Asks what the user may do, then watches only the kinds it may read; the header names the others. */
  private async startReaders(readers: Record<string, Informer>, signal: AbortSignal): Promise<void> {
    const access = await reviewAccess(this.http, this.namespace);
    if (signal.aborted) return;
    this.access = access;
    this.pushStatus();
    await Promise.all(Object.entries(readers).filter(([name]) => !access.noAccess.includes(name)).map(([, informer]) => informer.run(signal)));
  }

  /** Why the server will refuse `action` here, known before asking; undefined when allowed or not known. */
  notAllowed(action: SourceAction): string | undefined {
    // -A asked the cluster scope: a user refused there may still be allowed in the row's namespace.
    if (!this.namespace || !this.access?.refused.has(action)) return undefined;
    return `not allowed: you may not ${ACTION_CHECKS[action].doing} in namespace ${this.namespace} (context ${this.context})`;
  }

  async terminate(target: TerminateTarget, options: TerminateOptions): Promise<void> {
    const gracePeriodSeconds = deleteGraceSeconds(options);
    const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.group)}`;
    let response: KubeResponse;
    try {
      response = await this.http.request({
        method: 'DELETE',
        path,
        body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds },
        signal: AbortSignal.timeout(this.timing.requestTimeoutMs),
      });
    } catch (err) {
      if (err instanceof ExecPluginError) throw new KubernetesActionError(`delete pod ${target.group} failed: ${err.message}`);
      throw new KubernetesActionError(`delete pod ${target.group} failed: cannot reach ${this.http.server} (context ${this.context}): ${describeError(err)}`);
    }
    this.sampleClock(response);
    if (response.status >= 200 && response.status < 300) {
      // The pod's stop cause names this session's delete (a replay shows it too).
      const by = options.requestedBy ?? (options.mode === 'kill' ? 'Ctrl-K' : 'Ctrl-D');
      const meta = await response
        .text()
        .then((body) => (JSON.parse(body) as { metadata?: { uid?: string; deletionTimestamp?: string } }).metadata)
        .catch(() => undefined);
      // The delete was made between the request and its answer: a window far narrower than
      // the whole second deletionTimestamp gives (kubernetes-feed.ts).
      const made = meta?.deletionTimestamp ? { sentAt: response.sentAt, answeredAt: response.receivedAt, deletionTimestamp: meta.deletionTimestamp } : {};
      this.record(RELATION_RECORD.podlifeDelete, { namespace: target.namespace, name: target.group, uid: meta?.uid, graceSeconds: gracePeriodSeconds, by, ...made });
      return;
    }
    const error = await errorFrom(response);
    if (response.status === 403) {
      throw new KubernetesActionError(`forbidden: cannot delete pods in namespace ${target.namespace} (context ${this.context})`, 403);
    }
    if (response.status === 404) throw new KubernetesActionError(`pod ${target.group} no longer exists`, 404);
    throw new KubernetesActionError(`delete pod ${target.group} in namespace ${target.namespace} (context ${this.context}) failed: ${error.message}`, response.status);
  }

  /**
   * Nodes (cluster-wide) and the namespace's PodDisruptionBudgets, for the drain marks.
   * Without the rights (403) each is said once in the status and not asked again.
   */
  private watchDrains(apis: (group: string) => string, onResponse: (r: KubeResponse) => void, signal: AbortSignal): Promise<void>[] {
    const watch = <T>(path: string, what: string, listed: (items: T[]) => void, changed: (event: WatchEventJson<T>) => void) => {
      const own = new AbortController();
      const informer = new Informer(
        this.http,
        path,
        {},
        {
          onList: (list) => listed(list.items as T[]),
          onWatchEvent: (event) => changed(event as unknown as WatchEventJson<T>),
          onLive: () => this.setRelationProblem(what, undefined),
          onFailure: (err) => {
            const forbidden = err instanceof KubeHttpError && err.status === 403;
            this.setRelationProblem(what, forbidden ? `${what} not watched (no rights to list them): drains of others are not shown` : `${what} unavailable: ${describeError(err)}`);
            if (forbidden) own.abort();
          },
          onResponse,
        },
        this.timing,
      );
      return informer.run(AbortSignal.any([signal, own.signal]));
    };
    return [
      watch<NodeJson>('/api/v1/nodes', 'nodes', (items) => this.drains.nodesListed(items), (e) => this.drains.nodeEvent(e)),
      watch<PodDisruptionBudgetJson>(`${apis('policy/v1')}/poddisruptionbudgets`, 'poddisruptionbudgets', (items) => this.drains.budgetsListed(items), (e) => this.drains.budgetEvent(e)),
    ];
  }

  /** POST pods/NAME/eviction with the pod's own grace; a budget's refusal (429) is recorded onto the pod's rows, then thrown. */
  async evict(target: TerminateTarget): Promise<void> {
    const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.group)}/eviction`;
    let response: KubeResponse;
    try {
      const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: target.group, namespace: target.namespace } };
      response = await this.http.request({ method: 'POST', path, body, signal: AbortSignal.timeout(this.timing.requestTimeoutMs) });
    } catch (err) {
      throw new KubernetesActionError(`evict pod ${target.group} failed: cannot reach ${this.http.server} (context ${this.context}): ${describeError(err)}`);
    }
    this.sampleClock(response);
    if (response.status >= 200 && response.status < 300) {
      await response.text().catch(() => '');
      this.record(DRAIN_RECORD.eviction, { namespace: target.namespace, name: target.group });
      return;
    }
    const error = await errorFrom(response);
    if (response.status === 429) {
      const known = this.drains.budgetsFor(target.namespace, target.group);
      const refused = evictionRefusal(error.message, error.causes, known.labels, known.budgets, target.namespace, this.clock());
      this.record(DRAIN_RECORD.eviction, { namespace: target.namespace, name: target.group, refused });
      const by = refused.budget ? `budget ${refused.budget.name} (disruptionsAllowed ${refused.budget.disruptionsAllowed}, healthy ${refused.budget.currentHealthy}/${refused.budget.desiredHealthy})` : refused.message;
      throw new KubernetesActionError(`eviction of pod ${target.group} refused by ${by}`, 429);
    }
    if (response.status === 403) throw new KubernetesActionError(`forbidden: cannot create pods/eviction in namespace ${target.namespace} (context ${this.context})`, 403);
    if (response.status === 404) throw new KubernetesActionError(`pod ${target.group} no longer exists`, 404);
    throw new KubernetesActionError(`evict pod ${target.group} in namespace ${target.namespace} (context ${this.context}) failed: ${error.message}`, response.status);
  }

  logs(target: TerminateTarget & { container: string }, options: LogOptions): AsyncIterable<LogLine> {
    return readLog(this.http, {
      namespace: target.namespace,
      pod: target.group,
      container: target.container,
      follow: options.follow,
      previous: options.previous,
      tailLines: options.tailLines,
      signal: AbortSignal.any([options.signal, this.abort.signal]),
    });
  }

  /** What `kubectl rollout restart` does: stamp the pod template, so the Deployment rolls out anew. */
  async restartRollout({ namespace, deployment }: { namespace: string; deployment: string }): Promise<void> {
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(deployment)}`;
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date(this.clock()).toISOString() } } } } };
    let response: KubeResponse;
    try {
      response = await this.http.request({ method: 'PATCH', path, body, contentType: 'application/merge-patch+json', signal: AbortSignal.timeout(this.timing.requestTimeoutMs) });
    } catch (err) {
      if (err instanceof ExecPluginError) throw new KubernetesActionError(`rollout restart of deployment/${deployment} failed: ${err.message}`);
      throw new KubernetesActionError(`rollout restart of deployment/${deployment} failed: cannot reach ${this.http.server} (context ${this.context}): ${describeError(err)}`);
    }
    if (response.status >= 200 && response.status < 300) return void (await response.text().catch(() => ''));
    const error = await errorFrom(response);
    if (response.status === 403) throw new KubernetesActionError(`forbidden: cannot patch deployments in namespace ${namespace} (context ${this.context})`, 403);
    if (response.status === 404) throw new KubernetesActionError(`deployment ${deployment} no longer exists in namespace ${namespace}`, 404);
    throw new KubernetesActionError(`rollout restart of deployment/${deployment} in namespace ${namespace} (context ${this.context}) failed: ${error.message}`, response.status);
  }

  private mayReadLogs(): boolean {
    return !this.access?.noAccess.includes('pods/log');
  }

  rememberedPods(): number {
    return this.feed?.rememberedPods ?? 0;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.running);
    await this.http.close();
  }

  /** Server minus local clock as measured so far (undefined before any response). */
  get clockOffsetMs(): number | undefined {
    return this.offset.offsetMs;
  }

  /** `arrivedAt`: when the record's bytes came off the socket, for a watch read on the reader thread. */
  private record(type: string, data: unknown, arrivedAt?: number): void {
    if (this.abort.signal.aborted || !this.feed) return;
    const record: RawRecord = { t: this.clock(), type, context: this.context, data };
    if (arrivedAt !== undefined && arrivedAt < record.t) record.arrivedAt = arrivedAt;
    this.options.tap?.(record);
    this.feed.apply(record);
  }

  /** A page of the pod list: recorded (so shown) at once; while more are to come, the header says how far the list is. */
  private listPage(page: ListPage): void {
    const data: PodListData = { items: page.items as PodJson[], resourceVersion: page.resourceVersion };
    if (!page.first) data.continued = true;
    if (!page.last) data.more = true;
    if (page.remainingItemCount !== undefined) data.remainingItemCount = page.remainingItemCount;
    this.record(K8S_RECORD.podList, data);
    if (page.last) {
      this.listing = undefined; // the informer says live next
      return;
    }
    const listed = (page.first ? 0 : (this.listing?.listed ?? 0)) + page.items.length;
    this.listing = page.remainingItemCount === undefined ? { listed } : { listed, estimatedTotal: listed + page.remainingItemCount };
    this.readerThread.podsExpected(this.listing.estimatedTotal ?? listed);
    this.pushStatus();
  }

  private setPods(state: FeedState, message?: string): void {
    // "Disconnected since" counts from the first failure, not from each retry.
    const since = state === this.pods.state ? this.pods.since : this.clock();
    this.pods = { state, since, message };
    this.pushStatus();
  }

  private setEventsProblem(problem: string | undefined): void {
    if (problem === this.eventsProblem) return;
    this.eventsProblem = problem;
    this.pushStatus();
  }

  private setRelationProblem(what: string, problem: string | undefined): void {
    if (this.relationProblems.get(what) === problem) return;
    if (problem === undefined) this.relationProblems.delete(what);
    else this.relationProblems.set(what, problem);
    this.pushStatus();
  }

  private podsFailed(err: unknown): void {
    this.listing = undefined; // the next list begins again at its first page
    const where = this.namespace ? `namespace ${this.namespace}` : 'all namespaces';
    if (err instanceof ExecPluginError) {
      // Not the network: the sign-in. Rows stay (marked stale) and the informers retry.
      this.setPods('error', `${err.message} (context ${this.context}); retrying`);
    } else if (err instanceof KubeHttpError && err.status === 401) {
      this.setPods('error', `unauthorized: ${this.http.server} rejected the credentials of context ${this.context} (listing pods in ${where}); log in again or fix the user in your kubeconfig`);
    } else if (err instanceof KubeHttpError && err.status === 403) {
      this.setPods(
        'error',
        `forbidden: cannot list/watch pods in ${where} (context ${this.context}): ${err.message}; ask for list/watch on pods, or pick a namespace you can read (-n)`,
      );
    } else {
      this.setPods('disconnected', `lost connection to ${this.http.server} (context ${this.context}, ${where}): ${describeError(err)}; retrying`);
    }
  }

  private pushStatus(): void {
    if (this.abort.signal.aborted) return;
    const live = this.pods.state === 'live';
    const message = [this.pods.message, ...(live ? [this.eventsProblem, ...this.relationProblems.values()] : [])].filter(Boolean).join('; ') || undefined;
    const status: ConnectionStatus = { source: 'kubernetes', context: this.context, state: this.pods.state, since: this.pods.since };
    if (message) status.message = message;
    if (this.cordonedNodes.length) status.cordonedNodes = this.cordonedNodes;
    const offset = this.offset.offsetMs;
    if (offset !== undefined) status.clockOffsetMs = offset;
    const uncertainty = this.offset.uncertaintyMs;
    if (uncertainty !== undefined) status.clockOffsetUncertaintyMs = uncertainty;
    if (this.access?.noAccess.length) status.noAccess = this.access.noAccess;
    if (this.listing) status.listing = this.listing;
    const last = this.lastStatus;
    this.lastStatus = status;
    this.record(K8S_RECORD.status, status);
  }

  private sampleClock(response: KubeResponse): void {
    const date = response.headers.date;
    if (!date) return;
    const before = this.offset.offsetMs;
    this.offset.add({ sentAt: response.sentAt, receivedAt: response.receivedAt, date });
    const after = this.offset.offsetMs;
    // Header redraws only for changes that matter on a bar drawn in tenths of a second.
    if (after !== undefined && (before === undefined || Math.abs(after - (this.lastStatus?.clockOffsetMs ?? before)) >= 20)) this.pushStatus();
  }

  /** A few cheap GET /version spread over a second: Date headers tick once a second. */
  private async probeClock(signal: AbortSignal): Promise<void> {
    const probes = this.options.clockProbes ?? 8;
    for (let i = 0; i < probes && !signal.aborted; i++) {
      try {
        const response = await this.http.request({ path: '/version', signal: AbortSignal.any([signal, AbortSignal.timeout(this.timing.requestTimeoutMs)]) });
        await response.text().catch(() => '');
        this.sampleClock(response);
      } catch {
        return; // the informers report connection trouble; the offset can wait
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 / probes + 3));
    }
  }
}

/** How long the rest of a start's requests wait for the pods' first page at most. */
export const FIRST_PAGE_HEAD_START_MS = 1_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * The gracePeriodSeconds of the DELETE, like kubectl: grace 0 only when forced; --now (kill)
 * is grace 1 so the kubelet still reports the container's end before the object goes.
 */
export function deleteGraceSeconds(options: TerminateOptions): number {
  return options.force ? 0 : options.mode === 'kill' ? 1 : Math.max(1, Math.round(options.graceSeconds));
}

function describeError(err: unknown): string {
  if (err instanceof WatchIdleError) return err.message;
  if (err instanceof KubeHttpError) return `${err.message} (HTTP ${err.status})`;
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
