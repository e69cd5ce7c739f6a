// Loads the Docker fixtures captured by test/docker/capture-fixtures.sh, and a sink that
// records every call the feed makes, for the docker-*.test.ts unit tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DockerInspect } from '../../src/lifecycle/docker.js';
import type { DockerEventMessage } from '../../src/sources/docker-feed.js';
import type { ConnectionStatus, ContainerRow, LifecycleEvent } from '../../src/lifecycle/types.js';
import type { SourceSink } from '../../src/sources/source.js';

const dir = fileURLToPath(new URL('../fixtures/docker/', import.meta.url));

export function inspectFixture(name: string): DockerInspect {
  return JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as DockerInspect;
}

export function eventsFixture(name: string): DockerEventMessage[] {
  return readFileSync(`${dir}events/${name}.ndjson`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DockerEventMessage);
}

/** timeNano of an event as local epoch ms (the same clock here). */
export function eventMs(message: DockerEventMessage): number {
  return Number(BigInt(message.timeNano!) / 1_000_000n);
}

export type SinkCall =
  | { kind: 'resync'; rows: ContainerRow[] }
  | { kind: 'upsertGroup'; groupKey: string; rows: ContainerRow[] }
  | { kind: 'removeGroup'; groupKey: string; at: number }
  | { kind: 'event'; event: LifecycleEvent }
  | { kind: 'status'; status: ConnectionStatus };

export class FakeSink implements SourceSink {
  readonly calls: SinkCall[] = [];
  resync(rows: ContainerRow[]): void { this.calls.push({ kind: 'resync', rows }); }
  upsertGroup(groupKey: string, rows: ContainerRow[]): void { this.calls.push({ kind: 'upsertGroup', groupKey, rows }); }
  removeGroup(groupKey: string, at: number): void { this.calls.push({ kind: 'removeGroup', groupKey, at }); }
  event(event: LifecycleEvent): void { this.calls.push({ kind: 'event', event }); }
  status(status: ConnectionStatus): void { this.calls.push({ kind: 'status', status }); }
  listPage(): void { throw new Error('the Docker feed lists in one piece: listPage is the Kubernetes pod list\'s'); }

  /** The last row pushed for a group (by upsert or resync). */
  lastRow(groupKey: string): ContainerRow | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i]!;
      if (call.kind === 'upsertGroup' && call.groupKey === groupKey) return call.rows[0];
      if (call.kind === 'resync') return call.rows.find((r) => r.groupKey === groupKey);
    }
    return undefined;
  }

  events(): LifecycleEvent[] {
    return this.calls.flatMap((c) => (c.kind === 'event' ? [c.event] : []));
  }
}
