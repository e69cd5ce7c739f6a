// Record a live source, replay the recording, and compare: the replay must go through
// the same sequence of rows the live session showed, at the same (virtual) times.
import { join } from 'node:path';
import { expect } from 'vitest';
import { viewTermination } from '../../src/lifecycle/termination.js';
import type { ContainerRow, Termination } from '../../src/lifecycle/types.js';
import { createRecorder, type Recorder } from '../../src/record/recorder.js';
import { readRecording, type Recording } from '../../src/record/reader.js';
import { ReplaySource, VirtualClock } from '../../src/sources/replay.js';
import type { SourceSink } from '../../src/sources/source.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { Store } from '../../src/store/store.js';
import { testDir } from './test-dir.js';

/** What the screen would show: every row without its connection flag, in display order. */
export function screenRows(store: Store): string {
  return JSON.stringify(store.allRows().map(({ stale: _stale, ...row }) => row));
}

/** Snapshots a store after every record a source feeds it, stamped with the clock. */
export class SnapshotTimeline {
  readonly snapshots: { at: number; rows: string }[] = [];
  constructor(readonly store: Store) {}
  sink(inner: SourceSink): SourceSink {
    const take = () => {
      const rows = screenRows(this.store);
      if (this.snapshots.at(-1)?.rows !== rows) this.snapshots.push({ at: this.store.clock(), rows });
    };
    const wrap =
      <A extends unknown[]>(f: (...args: A) => void) =>
      (...args: A) => {
        f(...args);
        take();
      };
    return { resync: wrap(inner.resync), listPage: wrap(inner.listPage), upsertGroup: wrap(inner.upsertGroup), removeGroup: wrap(inner.removeGroup), event: wrap(inner.event), status: wrap(inner.status) };
  }
  distinct(): string[] {
    return this.snapshots.map((s) => s.rows);
  }
}

export interface LiveRecording {
  file: string;
  recorder: Recorder;
  /** Tap for the live source: writes to the recording and remembers receive times. */
  tap: (record: RawRecord) => void;
}

export function startRecording(source: 'docker' | 'kubernetes', context: string, namespace: string): LiveRecording {
  const file = join(testDir('podlife-rt-'), 'session.ndjson.gz');
  const recorder = createRecorder(file, { source, context, namespace });
  return { file, recorder, tap: (record) => recorder.tap(record) };
}

/** Plays a recording at `speed` into a fresh store; resolves when the replay ended. */
export async function replayInto(file: string, speed: number): Promise<{ recording: Recording; timeline: SnapshotTimeline }> {
  const recording = readRecording(file);
  const clock = new VirtualClock(recording.records[0]!.t, speed);
  const store = new Store({ clock: clock.now });
  const timeline = new SnapshotTimeline(store);
  const source = new ReplaySource(recording, clock, file);
  await new Promise<void>((resolve) => {
    const inner = store.sinkFor('replay', source.context);
    source.start(
      timeline.sink({
        ...inner,
        status: (status) => {
          inner.status(status);
          if (status.state === 'ended') resolve();
        },
      }),
    );
  });
  await source.close();
  store.dispose();
  return { recording, timeline };
}

/**
 * The replay showed the same rows as the live session, in the same order, each at the
 * same virtual time as live (within `slackMs`, timers being what they are).
 */
export function compareTimelines(live: SnapshotTimeline, replay: SnapshotTimeline, slackMs: number): { mismatches: string[]; worstLagMs: number } {
  const mismatches: string[] = [];
  let worstLagMs = 0;
  const liveRows = live.distinct();
  const replayRows = replay.distinct();
  if (liveRows.length !== replayRows.length) mismatches.push(`live showed ${liveRows.length} distinct screens, the replay ${replayRows.length}`);
  for (let i = 0; i < Math.min(liveRows.length, replayRows.length); i++) {
    if (liveRows[i] !== replayRows[i]) {
      mismatches.push(`screen ${i} differs:\n live:   ${liveRows[i]!.slice(0, 400)}\n replay: ${replayRows[i]!.slice(0, 400)}`);
      break;
    }
    const lag = Math.abs(replay.snapshots[i]!.at - live.snapshots[i]!.at);
    worstLagMs = Math.max(worstLagMs, lag);
    if (lag > slackMs) mismatches.push(`screen ${i} shown at ${lag} ms from its live time (allowed ${slackMs})`);
  }
  return { mismatches, worstLagMs };
}

export type { ContainerRow };

type FinalRow = ContainerRow;

/**
 * Ends a live recording and replays it at `speed`: asserts the replay showed the same
 * screens at the same virtual times and ended on the live session's last screen.
 * Returns the final rows of both.
 */
export async function replayMatchesLive(live: SnapshotTimeline, recording: LiveRecording, label: string, speed = 10): Promise<{ live: FinalRow[]; replay: FinalRow[] }> {
  await recording.recorder.close();
  const liveFinal = screenRows(live.store);
  live.store.dispose();
  const replay = await replayInto(recording.file, speed);
  const { mismatches, worstLagMs } = compareTimelines(live, replay.timeline, 150 * speed);
  expect(mismatches).toEqual([]);
  expect(replay.timeline.distinct().at(-1)).toBe(liveFinal);
  console.info(`[record-replay ${label}] ${live.snapshots.length} screens, ${replay.recording.records.length} records, worst lag ${worstLagMs} ms virtual at ${speed}×`);
  return { live: JSON.parse(liveFinal) as FinalRow[], replay: JSON.parse(replay.timeline.distinct().at(-1)!) as FinalRow[] };
}

/** The bar's view agrees at every 100 ms from the request to just after the exit; returns the phases seen. */
export function phasesAgree(live: Termination, replayed: Termination): Set<string> {
  const phases = new Set<string>();
  for (let at = live.requestedAt; at <= live.exitedAt! + 500; at += 100) {
    expect(viewTermination(replayed, at)).toEqual(viewTermination(live, at));
    phases.add(viewTermination(live, at).phase);
  }
  return phases;
}
