// A SourceSink that keeps what a source pushed: the current rows (as a store would), every
// row version per group, statuses and events, so the integration tests can assert on them.
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import type { SourceSink } from '../../src/sources/source.js';

export class RecordingSink implements SourceSink {
  readonly rows = new Map<string, ContainerRow>();
  readonly history = new Map<string, ContainerRow[]>();
  readonly statuses: ConnectionStatus[] = [];
  readonly events: LifecycleEvent[] = [];
  readonly resyncs: ContainerRow[][] = [];
  readonly removed: string[] = [];

  resync(rows: ContainerRow[]): void {
    this.resyncs.push(rows);
    this.rows.clear();
    for (const row of rows) this.keep(row);
  }

  listPage(): void {
    throw new Error('the Docker source lists in one piece (resync)');
  }

  upsertGroup(groupKey: string, rows: ContainerRow[]): void {
    this.rows.delete(groupKey);
    for (const row of rows) this.keep(row);
  }

  removeGroup(groupKey: string): void {
    this.removed.push(groupKey);
    this.rows.delete(groupKey);
  }

  event(event: LifecycleEvent): void {
    this.events.push(event);
  }

  status(status: ConnectionStatus): void {
    this.statuses.push(status);
  }

  /** The current row of a container, by id. */
  row(id: string): ContainerRow | undefined {
    for (const row of this.rows.values()) if (row.id === id) return row;
    return undefined;
  }

  /** Every version of a container's row that was pushed, oldest first. */
  versions(id: string): ContainerRow[] {
    for (const [, rows] of this.history) if (rows[0]?.id === id) return rows;
    return [];
  }

  lastStatus(): ConnectionStatus | undefined {
    return this.statuses.at(-1);
  }

  private keep(row: ContainerRow): void {
    // Docker groups hold one row each, so the group key identifies the row.
    this.rows.set(row.groupKey, row);
    const list = this.history.get(row.groupKey) ?? [];
    list.push(row);
    this.history.set(row.groupKey, list);
  }
}
