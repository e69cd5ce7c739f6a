// The one small interface every backend implements (see DESIGN.md: sources/).
import type { RawRecord } from '../record/raw-record.js';
import type { ConnectionStatus, ContainerRow, LifecycleEvent, SourceKind } from '../lifecycle/types.js';

/** What a source pushes into; the store implements it. */
export interface SourceSink {
  /** The source has (re)listed everything: rows not in `rows` are gone (no ghost rows). */
  resync(rows: ContainerRow[]): void;
  /**
   * One page of a list that comes in pages: its rows are shown at once. The first page
   * begins the list; once the last is in, rows that no page of it had are gone, as after
   * resync. (A list in one page is a resync.)
   */
  listPage(rows: ContainerRow[], page: { first: boolean; last: boolean }): void;
  /** All rows of one group (pod / container), replacing the previous rows of that group. */
  upsertGroup(groupKey: string, rows: ContainerRow[]): void;
  /** The group's object was deleted. */
  removeGroup(groupKey: string, at: number): void;
  event(event: LifecycleEvent): void;
  status(status: ConnectionStatus): void;
}

/** Identifies what to stop: a row's group (pod) or container. */
export interface TerminateTarget {
  groupKey: string;
  namespace: string;
  group: string;
  /** Docker: the container id. */
  id?: string;
}

export interface TerminateOptions {
  graceSeconds: number;
  /** stop = graceful with the grace above; kill = Kubernetes `--now` (grace 1) / Docker SIGKILL. */
  mode: 'stop' | 'kill';
  /** Kubernetes only: grace 0, the pod object is removed at once; the user was told what that means. */
  force?: boolean;
  /** Names the request in the pod's stop cause ("podlife delete", "Ctrl-D"); default from mode. */
  requestedBy?: string;
}

/** One line a container wrote, with the runtime's stamp when it gave one. */
export interface LogLine {
  /** Epoch ms on the node's (engine's) clock. */
  at?: number;
  text: string;
}

export interface LogOptions {
  /** Keep streaming new lines (live tail) until the signal aborts or the container ends. */
  follow: boolean;
  /** The instance before the current one (a crash loop's last run). */
  previous: boolean;
  /** At most this many lines from before now. */
  tailLines?: number;
  signal: AbortSignal;
}

/** What the keys that change or read more of the cluster need rights for. */
export type SourceAction = 'delete' | 'logs' | 'rolloutRestart';

export interface Source {
  readonly kind: SourceKind;
  readonly context: string;
  /** Kubernetes namespace in view ('' = all namespaces / not applicable). */
  readonly namespace: string;
  /** Begins listing and watching; returns at once, pushes into the sink until close(). */
  start(sink: SourceSink): void;
  /** Asks the backend to stop/delete; resolves when the request was accepted. */
  terminate(target: TerminateTarget, options: TerminateOptions): Promise<void>;
  /** A container's log (Kubernetes pods/log, Docker's engine logs); absent for replays. */
  logs?(target: TerminateTarget & { container: string; startedAt?: number }, options: LogOptions): AsyncIterable<LogLine>;
  /** `kubectl rollout restart` of a Deployment (Kubernetes only). */
  restartRollout?(target: { namespace: string; deployment: string }): Promise<void>;
  /** Kubernetes: evict the pod (policy/v1 Eviction): a PodDisruptionBudget may refuse it. */
  evict?(target: TerminateTarget): Promise<void>;
  /** Why the cluster will refuse this action (RBAC, asked at start), before anything is sent; undefined when allowed or not known. */
  notAllowed?(action: SourceAction): string | undefined;
  /** Stops watching and frees every connection and timer. */
  close(): Promise<void>;
  /** False for replays: actions that would change a cluster are disabled. */
  readonly canModify: boolean;
  /** Pods the source's feed keeps memory of (PODLIFE_STATS_FILE reports it). */
  rememberedPods?(): number;
}

export interface ContextEntry {
  name: string;
  current: boolean;
  detail?: string;
}

/**
 * Lists the contexts a source kind can switch between (kubeconfig or Docker contexts).
 * A list already in memory is returned as is, not as a promise: the picker then opens
 * with its items in the same update, and no "loading…" frame is ever drawn.
 */
export interface ContextCatalog {
  contexts(): ContextEntry[] | Promise<ContextEntry[]>;
}

/** A source's pure half: raw records in, sink calls out. No I/O, no timers. */
export interface Feed {
  apply(record: RawRecord): void;
}

/** The clock rows are judged against: Date.now live, a virtual clock in replay. */
export type Clock = () => number;
