// A SourceSink that checks every call the feeds make: rows have a state in
// {Waiting, Running, Terminated} and keys unique within the call. Behind it, a real Store,
// whose rows are checked the same way.
import type { ContainerRow } from '../../src/lifecycle/types.js';
import type { SourceSink } from '../../src/sources/source.js';
import { Store } from '../../src/store/store.js';
import { STATES } from './property-arbitraries.js';

export function checkRows(rows: readonly ContainerRow[], where: string): void {
  const keys = new Set<string>();
  for (const row of rows) {
    if (!STATES.has(row.state)) throw new Error(`${where}: row ${row.key} has state ${String(row.state)}`);
    if (typeof row.key !== 'string' || !row.key) throw new Error(`${where}: a row without a key`);
    if (keys.has(row.key)) throw new Error(`${where}: key ${row.key} twice`);
    keys.add(row.key);
  }
}

export function checkingSink(source: 'kubernetes' | 'docker', context: string): { sink: SourceSink; store: Store } {
  const store = new Store({ frameMs: 0 });
  const inner = store.sinkFor(source, context);
  const sink: SourceSink = {
    resync: (rows) => {
      checkRows(rows, 'resync');
      inner.resync(rows);
    },
    listPage: (rows, page) => {
      checkRows(rows, 'listPage');
      inner.listPage(rows, page);
    },
    upsertGroup: (groupKey, rows) => {
      checkRows(rows, 'upsertGroup');
      if (rows.some((r) => r.groupKey !== groupKey)) throw new Error(`upsertGroup ${groupKey}: a row of another group`);
      inner.upsertGroup(groupKey, rows);
    },
    removeGroup: (groupKey, at) => inner.removeGroup(groupKey, at),
    event: (e) => inner.event(e),
    status: (s) => inner.status(s),
  };
  return { sink, store };
}
