// Owns the active source and swaps it when the user switches context or namespace,
// without restarting the app: the old watches are closed, their rows dropped, and a new
// source starts pushing into the same store.
import type { ContainerRow, SourceKind } from './lifecycle/types.js';
import type { ContextCatalog, Source, TerminateOptions } from './sources/source.js';
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
  context: string;
  namespace: string;
  readonly: boolean;
  /** No -n/-A was given: a context switch moves to the new context's own namespace, like k9s. */
  followContextNamespace?: boolean;
}

export class Session {
  private current: Source | undefined;
  private readonly listeners = new Set<() => void>();
  context: string;
  namespace: string;
  readonly readonly: boolean;

  constructor(
    readonly store: Store,
    readonly provider: SourceProvider,
    private readonly options: SessionOptions,
  ) {
    this.context = options.context;
    this.namespace = options.namespace;
    this.readonly = options.readonly;
  }

  get source(): Source | undefined {
    return this.current;
  }

  get kind(): SourceKind {
    return this.provider.kind;
  }

  /** Why an action that changes a cluster is not allowed, or undefined when it is. */
  modifyBlockedReason(): string | undefined {
    if (this.readonly) return 'podlife runs with --readonly: delete, stop and kill are disabled';
    if (this.current && !this.current.canModify) return 'this is a replay: nothing can be deleted, stopped or killed';
    return undefined;
  }

  start(): void {
    this.current = this.provider.create(this.context, this.namespace);
    this.current.start(this.store.sinkFor(this.current.kind, this.current.context));
    this.notify();
  }

  /** Switches to another context (and optionally namespace). Throws, keeping the old one, when it cannot. */
  async switchTo(context: string, namespace?: string): Promise<void> {
    // Create first: an unknown context throws here and the current source keeps running.
    const ownNamespace = namespace === undefined && this.options.followContextNamespace === true && context !== this.context;
    const next = this.provider.create(context, ownNamespace ? undefined : (namespace ?? this.namespace));
    const previous = this.current;
    if (previous) {
      await previous.close();
      this.store.dropScope(previous.kind, previous.context);
    }
    this.current = next;
    this.context = context;
    if (namespace !== undefined) this.namespace = namespace;
    else if (ownNamespace) this.namespace = next.namespace;
    next.start(this.store.sinkFor(next.kind, next.context));
    this.notify();
  }

  async switchNamespace(namespace: string): Promise<void> {
    await this.switchTo(this.context, namespace);
  }

  async terminate(row: ContainerRow, options: TerminateOptions): Promise<void> {
    const blocked = this.modifyBlockedReason();
    if (blocked) throw new Error(blocked);
    if (!this.current) throw new Error('no source is connected');
    await this.current.terminate({ groupKey: row.groupKey, namespace: row.namespace, group: row.group, id: row.id }, options);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = undefined;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
