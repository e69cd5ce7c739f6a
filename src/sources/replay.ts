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

/** The contexts a recording holds ("a,b" for a `--context a,b` session). */
export function recordedContexts(recording: Recording): string[] {
  return recording.header.context.split(',').map((c) => c.trim()).filter(Boolean);
}

/**
 * Plays one recorded context. A `--context a,b` recording replays as one source per
 * context, each into its own sink, like the live session: a list of one context then
 * resyncs only that context's rows, never the other's.
 */
export class ReplaySource implements Source {
  readonly kind = 'replay' as const;
  readonly canModify = false;
  readonly context: string;
  readonly namespace: string;
  private readonly records: Recording['records'];
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    private readonly recording: Recording,
    readonly clock: VirtualClock,
    private readonly file: string,
    context?: string,
  ) {
    const contexts = recordedContexts(recording);
    this.context = context ?? contexts[0] ?? '';
    this.namespace = recording.header.namespace;
    // A one-context recording is played whole, whatever context its records name.
    this.records = contexts.length > 1 ? recording.records.filter((r) => r.context === this.context) : recording.records;
  }

  start(sink: SourceSink): void {
    const feed: Feed = this.recording.header.source === 'docker' ? new DockerFeed(sink, this.context) : new KubernetesFeed(sink, this.context);
    sink.status({ source: 'replay', context: this.context, state: 'connecting', since: this.clock.now() });
    const step = () => {
      const records = this.records;
      const now = this.clock.now();
      while (this.next < records.length && records[this.next]!.t <= now) feed.apply(records[this.next++]!);
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
