// A Docker container's log through the engine (GET /containers/{id}/logs): the same
// lines a `docker logs -t` prints. Without a TTY the engine multiplexes stdout and stderr
// in frames (an 8-byte header: stream, 0, 0, 0, length); with one the bytes are raw. And a
// stopping container's last lines, followed from its stop signal to its exit.
import { parseLogLine } from './kubernetes-logs.js';
import type { LogLine } from './source.js';

/** Frames → payload bytes, in order (stdout and stderr interleaved as written). */
export function* demuxFrames(buffer: Buffer): Generator<Buffer, Buffer> {
  let offset = 0;
  while (buffer.length - offset >= 8) {
    const size = buffer.readUInt32BE(offset + 4);
    if (buffer.length - offset - 8 < size) break;
    yield buffer.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size;
  }
  return buffer.subarray(offset); // an incomplete frame waits for more bytes
}

/** Chunks as the engine sends them → lines with their stamps. */
export async function* dockerLogLines(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, tty: boolean): AsyncGenerator<LogLine> {
  let rest: Buffer = Buffer.alloc(0);
  let text = '';
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (tty) text += bytes.toString('utf8');
    else {
      const frames = demuxFrames(Buffer.concat([rest, bytes]));
      let step = frames.next();
      while (!step.done) {
        text += step.value.toString('utf8');
        step = frames.next();
      }
      rest = step.value;
    }
    let newline: number;
    while ((newline = text.indexOf('\n')) >= 0) {
      yield parseLogLine(text.slice(0, newline).replace(/\r$/, ''));
      text = text.slice(newline + 1);
    }
  }
  if (text) yield parseLogLine(text);
}

/** A stopping container's log on its timeline: at most this many lines, this many streams at once. */
const STOP_LOG_LINES = 20;
const STOP_LOG_STREAMS = 16;

/** The parts of a dockerode container the follower uses. */
interface LoggingContainer {
  inspect(): Promise<unknown>;
  logs(options: Record<string, unknown>): Promise<unknown>;
}

/** Follows a stopping container's log from its stop signal to its exit (a few lines, a few streams at once). */
export class DockerStopLogFollower {
  private readonly started = new Set<string>();
  private streams = 0;

  constructor(
    private readonly container: (id: string) => LoggingContainer,
    private readonly emit: (data: { id: string; at?: string; line: string }) => void,
    private readonly closed: () => boolean,
  ) {}

  /**
   * `since`: the stop signal's event time, in seconds (the engine's). Resolves once the log
   * stream is open (or could not be opened).
   */
  follow(id: string, since: number | undefined): Promise<void> {
    const key = `${id}@${since ?? ''}`;
    if (this.closed() || this.streams >= STOP_LOG_STREAMS || this.started.has(key)) return Promise.resolve();
    this.started.add(key);
    if (this.started.size > 1000) this.started.delete(this.started.values().next().value!);
    this.streams++;
    return new Promise((opened) => {
      void this.read(id, since, opened).finally(() => {
        this.streams--;
        opened();
      });
    });
  }

  private async read(id: string, since: number | undefined, opened: () => void): Promise<void> {
    let lines = 0;
    try {
      const container = this.container(id);
      const info = (await container.inspect()) as { Config?: { Tty?: boolean } };
      const stream = (await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, since: since !== undefined ? since - 1 : 0 })) as AsyncIterable<Buffer> & { destroy?: () => void };
      opened();
      for await (const line of dockerLogLines(stream, info.Config?.Tty === true)) {
        if (this.closed()) break;
        const last = ++lines >= STOP_LOG_LINES;
        this.emit({ id, at: line.at !== undefined ? new Date(line.at).toISOString() : undefined, line: last ? `${line.text} (further lines not read)` : line.text });
        if (last) break;
      }
      stream.destroy?.();
    } catch {
      // Removed already, or the engine went away: the timeline simply has no lines.
    }
  }
}
