// Ink sends a synchronized frame to the terminal as three writes: begin-synchronized-
// update, the frame, end-synchronized-update. Each write to a terminal is a system call
// through the terminal's driver (over ssh, possibly a packet of its own); under churn, ~30
// frames a second, a clock-sampled profile found the main thread 8 % of its busy time in
// them. Here the markers and what Ink writes between them leave as one write, the same
// bytes in the same order; anything else is written at once, after what is held. (CPU per
// change measured the same either way: the time in those writes was mostly waiting.)
const BEGIN_SYNCHRONIZED = '\u001B[?2026h';
const END_SYNCHRONIZED = '\u001B[?2026l';

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/** Wraps stream.write so that a synchronized frame is one write; returns the undo. */
export function writeFramesWhole(stream: NodeJS.WriteStream): () => void {
  const hadOwnWrite = Object.prototype.hasOwnProperty.call(stream, 'write');
  const original = stream.write as Write;
  let held: string | undefined;
  const flush = () => {
    if (held === undefined) return;
    const frame = held;
    held = undefined;
    original.call(stream, frame);
  };
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && rest.length === 0) {
      if (held === undefined && chunk === BEGIN_SYNCHRONIZED) {
        held = chunk;
        // Ink ends a frame within the same task; should it not (an exception), the frame still goes.
        queueMicrotask(flush);
        return true;
      }
      if (held !== undefined) {
        held += chunk;
        if (chunk === END_SYNCHRONIZED) flush();
        return true;
      }
    }
    flush();
    return original.call(this, chunk, ...rest);
  } as typeof stream.write;
  return () => {
    flush();
    if (hadOwnWrite) stream.write = original as typeof stream.write;
    else delete (stream as { write?: unknown }).write;
  };
}
