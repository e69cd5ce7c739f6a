// OOM kills as the Docker source really received them (podlife --record on dockerd 20.10,
// test/docker/capture-oom-races.sh), replayed through the feed: an inspect taken after the
// `oom` event still says OOMKilled false while the container runs, and it arrived before the
// `die`. The row must never say "Error" for what the engine records as an OOM kill.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DockerInspect } from '../../src/lifecycle/docker.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { readRecording } from '../../src/record/reader.js';
import { DockerFeed, type DockerEventMessage } from '../../src/sources/docker-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { FakeSink } from './docker-fixtures.js';

const recordingFile = (name: string) => fileURLToPath(new URL(`../fixtures/docker/recordings/${name}.ndjson`, import.meta.url));

function recorded(name: string): RawRecord[] {
  return readRecording(recordingFile(name)).records;
}

const isEvent = (r: RawRecord, action: string) => r.type === 'docker.event' && (r.data as DockerEventMessage).Action === action;
const inspected = (r: RawRecord) => (r.type === 'docker.inspect' ? (r.data as DockerInspect) : undefined);

/** What the feed pushed for the container, every version in order. */
function replay(records: RawRecord[]): { versions: ContainerRow[]; feed: DockerFeed } {
  const sink = new FakeSink();
  const feed = new DockerFeed(sink, 'default');
  for (const record of records) feed.apply(record);
  const versions = sink.calls.flatMap((c) => (c.kind === 'upsertGroup' ? c.rows : c.kind === 'resync' ? c.rows : []));
  return { versions, feed };
}

/** The engine's own last word on the container: the last inspect in the recording. */
function engineRecord(records: RawRecord[]): DockerInspect {
  return records.map(inspected).filter((i) => i !== undefined).at(-1)!;
}

describe.each([
  ['oom-137-race', 137],
  ['oom-child-exit-3', 3],
])('Docker feed: %s as recorded', (name, exitCode) => {
  const records = recorded(name);

  it('the recording holds the race: oom, then an inspect of the running container (OOMKilled false), then die', () => {
    const oom = records.findIndex((r) => isEvent(r, 'oom'));
    const die = records.findIndex((r) => isEvent(r, 'die'));
    expect(oom).toBeGreaterThan(0);
    expect(die).toBeGreaterThan(oom);
    const between = records.slice(oom + 1, die).map(inspected).filter((i) => i !== undefined);
    expect(between.some((i) => i.State.Status === 'running' && i.State.OOMKilled === false)).toBe(true);
    expect(engineRecord(records).State).toMatchObject({ Status: 'exited', OOMKilled: true, ExitCode: exitCode });
  });

  it('no row claims a reason other than OOMKilled once it is Terminated; the last one says OOMKilled', () => {
    const { versions } = replay(records);
    const terminated = versions.filter((r) => r.state === 'Terminated');
    expect(terminated.length).toBeGreaterThan(0);
    expect(terminated.map((r) => r.reason ?? 'unknown').filter((reason) => reason !== 'OOMKilled' && reason !== 'unknown')).toEqual([]);
    expect(terminated[0]).toMatchObject({ exitCode }); // the exit shows at the `die`, before any inspect
    expect(versions.at(-1)).toMatchObject({ state: 'Terminated', reason: 'OOMKilled', exitCode });
  });
});

describe('Docker feed: inspects that arrive late', () => {
  const records = recorded('oom-137-race');
  const die = records.findIndex((r) => isEvent(r, 'die'));
  const runningAfterOom = [...records.slice(0, die)].reverse().find((r) => inspected(r)?.State.Status === 'running')!;

  it('an inspect taken before the die (still running) that arrives after it does not bring the row back to Running', () => {
    const late = { ...runningAfterOom, t: records[die]!.t + 1 };
    const reordered = [...records.slice(0, die + 1).filter((r) => r !== runningAfterOom), late, ...records.slice(die + 1)];
    const { versions } = replay(reordered);
    const firstExit = versions.findIndex((r) => r.state === 'Terminated');
    expect(firstExit).toBeGreaterThan(0);
    expect(versions.slice(firstExit).map((r) => r.state)).not.toContain('Running');
    expect(versions.at(-1)).toMatchObject({ state: 'Terminated', reason: 'OOMKilled', exitCode: 137 });
  });

  it('the oom mark ends with its run: a later run that exits 1 (engine: OOMKilled false) says Error', () => {
    const exited = engineRecord(records);
    const later = (ms: number) => new Date(Date.parse(exited.State.FinishedAt!) + ms).toISOString();
    // The same container started again (a start event missed across a relist) and exited 1.
    const rerun: DockerInspect = {
      ...exited,
      State: { ...exited.State, OOMKilled: false, ExitCode: 1, StartedAt: later(5000), FinishedAt: later(6000) },
    };
    const last = records.at(-1)!;
    const { versions } = replay([...records, { ...last, type: 'docker.list', data: [rerun], t: last.t + 7000 }]);
    expect(versions.at(-1)).toMatchObject({ state: 'Terminated', reason: 'Error', exitCode: 1 });
  });
});
