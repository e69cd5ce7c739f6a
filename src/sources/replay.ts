// --replay FILE: a source like the others, driven by recorded receive times on a virtual
// clock. The recorded raw records go through the same feed the live source used, so the
// rows, bars and phases are the ones the live session showed, at --speed N times the pace.
import type { Recording } from '../record/reader.js';
import { DockerFeed } from './docker-feed.js';
import { KubernetesFeed } from './kubernetes-feed.js';
import type { Clock, Feed, Source, SourceSink } from './source.js';

/** Recorded time t maps to real time via: virtual = first + (real − start) × speed. */
export class VirtualClock {
  private readonly realStart = performance.now();
  constructor(
    private readonly virtualStart: number,
    readonly speed: number,
  ) {}
  readonly now: Clock = () => this.virtualStart + (performance.now() - this.realStart) * this.speed;
  /** Real milliseconds until the virtual clock reads `t`. */
  realDelayUntil(t: number): number {
    return Math.max(0, (t - this.now()) / this.speed);
  }
}

/**
 * Where the virtual clock starts: at the first record that shows something (a pod or a
 * container), less a moment, so a recording's idle lead-in does not play as a blank screen.
 */
export function replayStart(recording: Recording): number {
  const first = recording.records[0]?.t ?? Date.now();
  const content = recording.records.find((r) => r.type !== 'status' && hasItems(r.data));
  return content ? Math.max(first, content.t - 500) : first;
}

function hasItems(data: unknown): boolean {
  if (Array.isArray(data)) return data.length > 0;
  const items = (data as { items?: unknown[] } | null)?.items;
  return !Array.isArray(items) || items.length > 0;
}

export class ReplaySource implements Source {
  readonly kind = 'replay' as const;
  readonly canModify = false;
  readonly context: string;
  readonly namespace: string;
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    private readonly recording: Recording,
    readonly clock: VirtualClock,
    private readonly file: string,
  ) {
    // A multi-context recording ("a,b") replays from one source; its rows keep their own contexts.
    this.context = recording.header.context.split(',')[0]!;
    this.namespace = recording.header.namespace;
  }

  start(sink: SourceSink): void {
    // One feed per recorded context: a `--context a,b` recording replays as two clusters.
    const feeds = new Map<string, Feed>();
    const feedFor = (context: string): Feed => {
      let feed = feeds.get(context);
      if (!feed) {
        feed = this.recording.header.source === 'docker' ? new DockerFeed(sink, context) : new KubernetesFeed(sink, context);
        feeds.set(context, feed);
      }
      return feed;
    };
    sink.status({ source: 'replay', context: this.context, state: 'connecting', since: this.clock.now() });
    const step = () => {
      const records = this.recording.records;
      const now = this.clock.now();
      while (this.next < records.length && records[this.next]!.t <= now) {
        const record = records[this.next++]!;
        feedFor(record.context).apply(record);
      }
      if (this.next < records.length) {
        this.timer = setTimeout(step, this.clock.realDelayUntil(records[this.next]!.t));
      } else {
        sink.status({ source: 'replay', context: this.context, state: 'ended', since: now, message: `replay of ${this.file} finished (recorded ${this.recording.header.recordedAt})` });
      }
    };
    step();
  }

  async terminate(): Promise<void> {
    throw new Error('this is a replay: nothing can be deleted, stopped or killed');
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
