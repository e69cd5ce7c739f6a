// A Source double for UI tests: it pushes the rows it is given (made from real fixtures)
// and records what the UI asked it to terminate. Integration suites use the real sources.
import type { ContainerRow, SourceKind } from '../../src/lifecycle/types.js';
import { Session, type SourceProvider } from '../../src/session.js';
import type { Source, SourceSink, TerminateOptions, TerminateTarget } from '../../src/sources/source.js';
import { Store } from '../../src/store/store.js';

export class StaticSource implements Source {
  readonly terminated: { target: TerminateTarget; options: TerminateOptions }[] = [];
  sink: SourceSink | undefined;
  closed = false;
  constructor(
    readonly kind: SourceKind,
    readonly context: string,
    readonly namespace: string,
    private readonly rows: ContainerRow[],
    readonly canModify = true,
  ) {}
  start(sink: SourceSink): void {
    this.sink = sink;
    sink.resync(this.rows);
    sink.status({ source: this.kind, context: this.context, state: 'live', since: 0 });
  }
  async terminate(target: TerminateTarget, options: TerminateOptions): Promise<void> {
    this.terminated.push({ target, options });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** `namespaces`: what each context's namespace list answers (an Error: it fails); default, kube-system otherwise. */
export function staticSession(
  kind: SourceKind,
  rowsByContext: Record<string, ContainerRow[]>,
  options: { readonly?: boolean; context?: string; namespaces?: Record<string, string[] | Error> } = {},
) {
  const store = new Store({ frameMs: 0 });
  const sources: StaticSource[] = [];
  const provider: SourceProvider = {
    kind,
    catalog: { contexts: () => Object.keys(rowsByContext).map((name) => ({ name, current: name === (options.context ?? Object.keys(rowsByContext)[0]) })) },
    create(context, namespace) {
      const rows = rowsByContext[context];
      if (!rows) throw new Error(`context "${context}" does not exist`);
      const source = new StaticSource(kind, context, namespace ?? '', rows.map((r) => ({ ...r, context })));
      sources.push(source);
      return source;
    },
    namespaces: async (context) => {
      const answer = options.namespaces?.[context] ?? ['default', 'kube-system'];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const session = new Session(store, provider, { context: options.context ?? Object.keys(rowsByContext)[0]!, namespace: 'default', readonly: options.readonly ?? false });
  session.start();
  return { session, store, sources };
}
