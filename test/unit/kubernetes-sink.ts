// A SourceSink that remembers every call, for feed and source tests.
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import type { SourceSink } from '../../src/sources/source.js';

export type SinkCall =
  | { kind: 'resync'; rows: ContainerRow[] }
  | { kind: 'page'; rows: ContainerRow[]; first: boolean; last: boolean }
  | { kind: 'upsert'; groupKey: string; rows: ContainerRow[] }
  | { kind: 'remove'; groupKey: string; at: number }
  | { kind: 'event'; event: LifecycleEvent }
  | { kind: 'status'; status: ConnectionStatus };

export class RecordingSink implements SourceSink {
  readonly calls: SinkCall[] = [];
  resync(rows: ContainerRow[]): void {
    this.calls.push({ kind: 'resync', rows });
  }
  listPage(rows: ContainerRow[], page: { first: boolean; last: boolean }): void {
    this.calls.push({ kind: 'page', rows, ...page });
  }
  upsertGroup(groupKey: string, rows: ContainerRow[]): void {
    this.calls.push({ kind: 'upsert', groupKey, rows });
  }
  removeGroup(groupKey: string, at: number): void {
    this.calls.push({ kind: 'remove', groupKey, at });
  }
  event(event: LifecycleEvent): void {
    this.calls.push({ kind: 'event', event });
  }
  status(status: ConnectionStatus): void {
    this.calls.push({ kind: 'status', status });
  }
  last<K extends SinkCall['kind']>(kind: K): Extract<SinkCall, { kind: K }> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) if (this.calls[i]!.kind === kind) return this.calls[i] as Extract<SinkCall, { kind: K }>;
    return undefined;
  }
  all<K extends SinkCall['kind']>(kind: K): Extract<SinkCall, { kind: K }>[] {
    return this.calls.filter((c) => c.kind === kind) as Extract<SinkCall, { kind: K }>[];
  }
}
