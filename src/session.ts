// Owns the active sources (one per context in view: `--context a,b` watches several
// clusters side by side) and swaps them when the user switches context or namespace,
// without restarting the app: the old watches are closed, their rows dropped, and new
// sources start pushing into the same store.
import type { ContainerRow, SourceKind } from './lifecycle/types.js';
import type { ContextCatalog, LogLine, LogOptions, Source, SourceAction, TerminateOptions } from './sources/source.js';
import type { Store } from './store/store.js';

export interface SourceProvider {
  readonly kind: SourceKind;
  readonly catalog?: ContextCatalog;
  /** Throws an Error with a user-facing message when the context cannot be used. undefined namespace: the context's own. */
  create(context: string, namespace: string | undefined): Source;
  /** Namespaces to offer in the namespace picker (Kubernetes only). */
  namespaces?(context: string): Promise<string[]>;
}

export interface SessionOptions {
  /** One context, or several separated by commas. */
  context: string;
  namespace: string;
  readonly: boolean;
  /** No -n/-A was given: a context switch moves to the new context's own namespace, like k9s. */
  followContextNamespace?: boolean;
}

/** "a,b" → ['a', 'b'] (blank names and repeats dropped). */
export function splitContexts(context: string): string[] {
  return [...new Set(context.split(',').map((c) => c.trim()).filter(Boolean))];
}

/** What the UI asks of the sources, named here: ui/ knows the session, not the sources. */
export type { SourceAction, TerminateOptions } from './sources/source.js';

export class Session {
  private sources: Source[] = [];
  private readonly listeners = new Set<() => void>();
  /** Every context in view, in the order asked for. */
  contexts: string[];
  /** The namespace asked for (-n, -A, :ns), or undefined: each context its own default. */
  private requestedNamespace: string | undefined;
  /** When the sources in view began watching (store clock): earlier moments are unknown to podlife. */
  watchStartedAt = 0;
  readonly readonly: boolean;

  constructor(
    readonly store: Store,
    readonly provider: SourceProvider,
    private readonly options: SessionOptions,
  ) {
    this.contexts = splitContexts(options.context);
    this.requestedNamespace = options.followContextNamespace ? undefined : options.namespace;
    this.readonly = options.readonly;
  }

  /**
   * The namespace in view: one name when every context shows the same ('' = all), else
   * each context's own, as "NS (CONTEXT), …".
   */
  get namespace(): string {
    if (this.sources.length === 0) return this.requestedNamespace ?? this.options.namespace;
    const names = new Set(this.sources.map((s) => s.namespace));
    if (names.size === 1) return this.sources[0]!.namespace;
    return this.sources.map((s) => `${s.namespace || 'all'} (${s.context})`).join(', ');
  }

  /** Pods the sources' feeds keep memory of (the stats file's feedPods). */
  rememberedPods(): number {
    return this.sources.reduce((n, s) => n + (s.rememberedPods?.() ?? 0), 0);
  }

  /** Each namespace in view once ('' = all), or the one asked for before the sources start. */
  get namespaces(): string[] {
    if (this.sources.length === 0) return [this.requestedNamespace ?? this.options.namespace];
    return [...new Set(this.sources.map((s) => s.namespace))];
  }

  /** The first context in view (the only one, unless several were asked for). */
  get context(): string {
    return this.contexts[0] ?? '';
  }

  get source(): Source | undefined {
    return this.sources[0];
  }

  get kind(): SourceKind {
    return this.provider.kind;
  }

  /** Why an action that changes a cluster is not allowed, or undefined when it is. */
  modifyBlockedReason(): string | undefined {
    if (this.readonly) return 'podlife runs with --readonly: delete, stop and kill are disabled';
    if (this.sources.some((s) => !s.canModify)) return 'this is a replay: nothing can be deleted, stopped or killed';
    return undefined;
  }

  /** Why the cluster of `context` (the first in view when not given) will refuse `action` (RBAC, asked at start), if it will. */
  notAllowed(action: SourceAction, context?: string): string | undefined {
    const source = (context !== undefined && this.sources.find((s) => s.context === context)) || this.sources[0];
    return source?.notAllowed?.(action);
  }

  /** For the footer and help: refused in every context in view (the reasons, joined), else undefined. */
  notAllowedEverywhere(action: SourceAction): string | undefined {
    const reasons = this.sources.map((s) => s.notAllowed?.(action));
    return reasons.length > 0 && reasons.every(Boolean) ? reasons.join('; ') : undefined;
  }

  start(): void {
    this.watchStartedAt = this.store.clock();
    this.sources = this.contexts.map((context) => this.provider.create(context, this.requestedNamespace));
    for (const source of this.sources) source.start(this.store.sinkFor(source.kind, source.context));
    this.notify();
  }

  /**
   * Switches to other context(s) ("a" or "a,b") and optionally namespace. Throws, keeping
   * the current ones, when any cannot be used.
   */
  async switchTo(context: string, namespace?: string): Promise<void> {
    const contexts = splitContexts(context);
    if (contexts.length === 0) throw new Error('no context given');
    // Without -n, another context brings its own namespace (like k9s); each context its own.
    const ownNamespace = namespace === undefined && this.options.followContextNamespace === true && contexts.join(',') !== this.contexts.join(',');
    const requested = namespace ?? (ownNamespace ? undefined : this.requestedNamespace);
    // Create first: an unknown context throws here and the current sources keep running.
    const next = contexts.map((name) => this.provider.create(name, requested));
    for (const previous of this.sources) {
      await previous.close();
      this.store.dropScope(previous.kind, previous.context);
    }
    this.sources = next;
    this.contexts = contexts;
    this.watchStartedAt = this.store.clock();
    this.requestedNamespace = requested;
    for (const source of next) source.start(this.store.sinkFor(source.kind, source.context));
    this.notify();
  }

  /** Every context in view moves to the namespace ('' = all). */
  async switchNamespace(namespace: string): Promise<void> {
    await this.switchTo(this.contexts.join(','), namespace);
  }

  async terminate(row: ContainerRow, options: TerminateOptions): Promise<void> {
    const blocked = this.modifyBlockedReason();
    if (blocked) throw new Error(blocked);
    // With several contexts in view, the row's own context decides where the request goes.
    const source = this.sources.find((s) => s.context === row.context) ?? (this.sources.length === 1 ? this.sources[0] : undefined);
    if (!source) throw new Error(`context ${row.context} is no longer in view`);
    await source.terminate({ groupKey: row.groupKey, namespace: row.namespace, group: row.group, id: row.id }, options);
  }

  /** The container's log from the source of the row's own context. */
  logs(row: ContainerRow, options: LogOptions): AsyncIterable<LogLine> {
    const source = this.sourceOf(row);
    if (!source.logs) throw new Error(source.kind === 'replay' ? 'a replay has no logs: they are not recorded (unless --record-logs) and cannot be fetched' : `no logs from ${source.kind}`);
    return source.logs({ groupKey: row.groupKey, namespace: row.namespace, group: row.group, id: row.id, container: row.name, startedAt: row.startedAt }, options);
  }

  /** `kubectl rollout restart` of the row's Deployment. */
  async restartRollout(row: ContainerRow): Promise<void> {
    const blocked = this.modifyBlockedReason();
    if (blocked) throw new Error(blocked);
    const deployment = row.owner?.deployment;
    if (!deployment) throw new Error(`pod ${row.group} is not controlled by a Deployment`);
    const source = this.sourceOf(row);
    if (!source.restartRollout) throw new Error('rollout restart is only for Kubernetes');
    await source.restartRollout({ namespace: row.namespace, deployment });
  }

  /** Evicts the row's pod (policy/v1 Eviction); a budget's refusal is thrown, and shown on the row. */
  async evict(row: ContainerRow): Promise<void> {
    const blocked = this.modifyBlockedReason();
    if (blocked) throw new Error(blocked);
    const source = this.sourceOf(row);
    if (!source.evict) throw new Error('eviction is for Kubernetes pods');
    await source.evict({ groupKey: row.groupKey, namespace: row.namespace, group: row.group, id: row.id });
  }

  private sourceOf(row: ContainerRow): Source {
    const source = this.sources.find((s) => s.context === row.context) ?? (this.sources.length === 1 ? this.sources[0] : undefined);
    if (!source) throw new Error(`context ${row.context} is no longer in view`);
    return source;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close()));
    this.sources = [];
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
