// --latency-log FILE: how long each record received from a source takes to reach the
// terminal, and how many frames are written. Benchmarks read the file; nothing else does.
// Off by default, and then nothing here runs: callers hold an `undefined` probe.
//
// A record counts as shown by the first frame rendered after the store delivered it to
// the UI (the store notifies at most once per frame; the App re-renders from that
// notification, before any further I/O can run). The frame is timed when Ink has
// written it (its onRender callback comes after the write).
import { appendFileSync, writeFileSync } from 'node:fs';
import type { RawRecord } from '../record/raw-record.js';

/** One NDJSON line per frame, flushed to the file once a second. */
export interface LatencyFrameLine {
  /** Epoch ms when the frame was done. */
  t: number;
  /** Bytes reached the terminal (false: the frame was identical to the last one). */
  wrote: boolean;
  /** Receive → frame latency (ms) of each record this frame was the first to reflect. */
  lat: number[];
}

export class LatencyProbe {
  /** performance.now() receive stamps of records not yet on screen, oldest first. */
  private pending: number[] = [];
  /** How many of `pending` the UI was handed at the last store notification. */
  private delivered = 0;
  private wroteSinceFrame = false;
  private lines: string[] = [];
  private readonly timer: NodeJS.Timeout;
  private restoreWrite?: () => void;

  constructor(private readonly file: string) {
    writeFileSync(file, '');
    this.timer = setInterval(() => this.flush(), 1000);
    this.timer.unref();
  }

  /**
   * The source's tap: every raw record (a watch event, a list) is stamped as it arrives.
   * A watch read on the stream reader's thread came off its socket before the main
   * thread took it (arrivedAt): the wait for the hand-over counts too.
   */
  readonly tap = (record: RawRecord): void => {
    if (record.type === 'status') return;
    const handedOverMs = record.arrivedAt === undefined ? 0 : Math.max(0, record.t - record.arrivedAt);
    this.pending.push(performance.now() - handedOverMs);
  };

  /** Store listener: everything received so far is in what the UI renders next. */
  readonly storeNotified = (): void => {
    this.delivered = this.pending.length;
  };

  /** Ink's onRender: the frame is written (or was identical and skipped). */
  readonly frameDone = (): void => {
    const now = performance.now();
    const lat: number[] = [];
    for (let i = 0; i < this.delivered; i++) lat.push(Math.round((now - this.pending[i]!) * 10) / 10);
    if (this.delivered > 0) this.pending.splice(0, this.delivered);
    this.delivered = 0;
    const line: LatencyFrameLine = { t: Date.now(), wrote: this.wroteSinceFrame, lat };
    this.wroteSinceFrame = false;
    this.lines.push(JSON.stringify(line));
  };

  /** Notes whether a frame put bytes on the terminal. */
  watchWrites(stream: NodeJS.WriteStream): void {
    const original = stream.write;
    const probe = this;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if ((typeof chunk === 'string' || chunk instanceof Uint8Array) && chunk.length > 0) probe.wroteSinceFrame = true;
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    this.restoreWrite = () => {
      stream.write = original;
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.restoreWrite?.();
    this.lines.push(JSON.stringify({ t: Date.now(), end: true, unrendered: this.pending.length }));
    this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    appendFileSync(this.file, this.lines.join('\n') + '\n');
    this.lines = [];
  }
}
