// A Docker container's log through the engine (GET /containers/{id}/logs): the same
// lines a `docker logs -t` prints. Without a TTY the engine multiplexes stdout and stderr
// in frames (an 8-byte header: stream, 0, 0, 0, length); with one the bytes are raw.
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
