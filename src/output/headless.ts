// podlife without Ink, for pipes and scripts: `--output table|json|ndjson`, `--once`.
// table streams like `kubectl get -w` (the full table once synced, then one line per
// changed row); ndjson streams one JSON line per row change; json prints one snapshot.
import type { ConnectionStatus, ContainerRow } from '../lifecycle/types.js';
import type { Session } from '../session.js';
import { columnsFor, type ColumnId } from '../render/row-cells.js';
import { chooseColumns } from '../render/column-choice.js';
import { rowToJson } from './row-json.js';
import { alignColumns, tableHeader, tableLine } from '../render/table-text.js';

export type OutputFormat = 'table' | 'json' | 'ndjson';

export interface HeadlessOptions {
  format: OutputFormat;
  once: boolean;
  /** The settings file's columns, in its order (default: every column that applies). */
  columnChoice?: readonly ColumnId[];
  /** How long to wait for the first sync before giving up. */
  syncTimeoutMs?: number;
  write?: (text: string) => void;
  writeError?: (text: string) => void;
}

/** Resolves with the process exit status. */
export function runHeadless(session: Session, options: HeadlessOptions): Promise<number> {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const writeError = options.writeError ?? ((t: string) => process.stderr.write(t));
  const store = session.store;
  const once = options.once || options.format === 'json';
  // A replay prints the columns of what it recorded, known once rows arrive.
  const columnsOf = (rows: readonly ContainerRow[]) => {
    const kind = session.kind === 'replay' ? (rows[0]?.source ?? 'kubernetes') : session.kind;
    return chooseColumns(columnsFor(kind, { showNamespace: kind !== 'docker', showContext: session.contexts.length > 1 }), options.columnChoice);
  };
  let columns = columnsOf([]);

  return new Promise<number>((resolve) => {
    let synced = false;
    const lastStatus = new Map<string, string>();
    const printed = new Map<string, string>();
    const finish = (code: number) => {
      unsubscribe();
      clearTimeout(timer);
      resolve(code);
    };
    const timer = setTimeout(() => {
      if (synced) return;
      const status = store.statusList()[0];
      writeError(`podlife: no answer from ${session.context} within ${(options.syncTimeoutMs ?? 20_000) / 1000}s${status?.message ? `: ${status.message}` : ''}\n`);
      finish(1);
    }, options.syncTimeoutMs ?? 20_000);

    const report = (status: ConnectionStatus) => {
      if (status.state === 'live' || status.state === 'connecting') return;
      const line = `${status.state}: ${status.message ?? ''}`;
      if (lastStatus.get(status.context) === line) return;
      lastStatus.set(status.context, line);
      if (options.format === 'ndjson') write(JSON.stringify({ type: 'status', ...status, since: new Date(status.since).toISOString() }) + '\n');
      else writeError(`podlife: ${status.context} ${line}\n`);
    };

    // Every context in view must have synced (or, for a replay, ended) before the first print.
    const onChange = (changed: ReadonlySet<string>) => {
      const all = store.statusList();
      const statuses = session.contexts.map((context) => all.find((s) => s.context === context));
      for (const status of statuses) if (status) report(status);
      if (!synced && statuses.some((s) => s?.state === 'error')) return finish(1);
      // A replay of several contexts ends when every one has played out.
      const ended = statuses.every((s) => s?.state === 'ended');
      if (!synced) {
        if (!statuses.every((s) => s?.state === 'live' || s?.state === 'ended')) return;
        synced = true;
        printSnapshot(store.allRows());
        if (once || ended) return finish(0);
        return;
      }
      printChanges(changed);
      if (ended) finish(0);
    };

    const printSnapshot = (rows: readonly ContainerRow[]) => {
      const now = store.clock();
      columns = columnsOf(rows);
      if (options.format === 'json') write(JSON.stringify(rows.map((r) => rowToJson(r, now)), null, 2) + '\n');
      else if (options.format === 'ndjson') for (const row of rows) emitNdjson(row, now);
      else write(alignColumns([tableHeader(columns), ...rows.map((r) => remember(r, tableLine(r, columns, now)))]).join('\n') + '\n');
    };

    const remember = (row: ContainerRow, line: string) => {
      printed.set(row.key, line);
      return line;
    };

    const emitNdjson = (row: ContainerRow, now: number) => {
      // Compare without the time stamp, so an unchanged row is not printed again.
      const body = JSON.stringify(rowToJson(row, now));
      if (printed.get(row.key) === body) return;
      printed.set(row.key, body);
      write(`{"type":"row","at":"${new Date(now).toISOString()}",${body.slice(1)}\n`);
    };

    const printChanges = (changed: ReadonlySet<string>) => {
      const now = store.clock();
      for (const key of changed) {
        const row = store.row(key);
        if (!row) {
          if (!printed.delete(key)) continue;
          if (options.format === 'ndjson') write(JSON.stringify({ type: 'removed', at: new Date(now).toISOString(), key }) + '\n');
          continue;
        }
        if (options.format === 'ndjson') emitNdjson(row, now);
        else {
          const line = tableLine(row, columns, now);
          if (printed.get(key) !== line) write(remember(row, line) + '\n');
        }
      }
    };

    const unsubscribe = store.subscribe(onChange);
  });
}
