// A frame reaches the terminal as one write (ui/ink-frame-writes.ts): Ink on its own
// writes a synchronized frame as three (begin marker, frame, end marker), each a system
// call. Checked against Ink itself, drawing the same frames with and without the wrapper
// in a terminal set up as the dashboard's (alternate screen, incremental rendering).
import './layout-engine.js';
import { EventEmitter } from 'node:events';
import { Box, render, Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFramesWhole } from '../../src/ui/ink-frame-writes.js';
import { IdleKeyboard } from '../support/idle-keyboard.js';

const BEGIN = '\u001B[?2026h';
const END = '\u001B[?2026l';

class Terminal extends EventEmitter {
  readonly columns = 60;
  readonly rows = 12;
  readonly isTTY = true;
  readonly writes: string[] = [];
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
}

const Screen = ({ n }: { n: number }) => (
  <Box flexDirection="column">
    <Text>header: change {n}</Text>
    {Array.from({ length: 5 }, (_, row) => (
      <Text key={row}>row {row} {row === n % 5 ? 'changed' : 'kept'}</Text>
    ))}
  </Box>
);

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let waited = 0; !ok(); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const undo: (() => void)[] = [];
afterEach(() => undo.splice(0).forEach((done) => done()));

/** The writes a terminal received for the first screen and three changes, each drawn. */
async function draw(wrapped: boolean): Promise<string[]> {
  const terminal = new Terminal();
  if (wrapped) undo.push(writeFramesWhole(terminal as unknown as NodeJS.WriteStream));
  const instance = render(<Screen n={0} />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new IdleKeyboard() as unknown as NodeJS.ReadStream, alternateScreen: true, interactive: true, incrementalRendering: true, patchConsole: false, exitOnCtrlC: false });
  undo.unshift(() => instance.unmount());
  // A change is written from its first changed cell on (incremental rendering): a frame
  // is known by its end marker.
  const framesEnded = () => terminal.writes.join('').split(END).length - 1;
  await until('the first screen', () => terminal.writes.join('').includes('change 0') && framesEnded() >= 1);
  for (let n = 1; n <= 3; n++) {
    const before = framesEnded();
    instance.rerender(<Screen n={n} />);
    await until(`change ${n}`, () => framesEnded() > before);
  }
  return terminal.writes;
}

describe('frames written whole', () => {
  it('sends each synchronized frame as one write, the same bytes as Ink alone', async () => {
    const alone = await draw(false);
    const whole = await draw(true);
    // Ink alone: the markers are writes of their own (what the wrapper is for).
    expect(alone.filter((write) => write === BEGIN).length).toBeGreaterThanOrEqual(4);
    expect(alone.filter((write) => write === END).length).toBeGreaterThanOrEqual(4);
    // Wrapped: no marker alone, each frame one write from its begin to its end.
    const frames = whole.filter((write) => write.includes(BEGIN));
    expect(frames.length).toBeGreaterThanOrEqual(4);
    for (const frame of frames) {
      expect(frame.startsWith(BEGIN) && frame.endsWith(END)).toBe(true);
      expect(frame.split(BEGIN).length - 1).toBe(1);
    }
    expect(whole.some((write) => write === END)).toBe(false);
    expect(whole.join('')).toBe(alone.join(''));
    expect(whole.length).toBeLessThan(alone.length);
  });
});

describe('writes outside a frame', () => {
  it('pass at once and in order; a frame left open goes before them, or at the end of the task', async () => {
    const terminal = new Terminal();
    const stream = terminal as unknown as NodeJS.WriteStream;
    const done = writeFramesWhole(stream);
    stream.write('before');
    expect(terminal.writes).toEqual(['before']);
    stream.write(BEGIN);
    stream.write('frame');
    expect(terminal.writes).toEqual(['before']); // held until its end
    stream.write(Buffer.from('bytes'));
    expect(terminal.writes).toEqual(['before', `${BEGIN}frame`, Buffer.from('bytes')]);
    stream.write(BEGIN);
    stream.write('never ended');
    await Promise.resolve();
    expect(terminal.writes.at(-1)).toBe(`${BEGIN}never ended`);
    done();
    expect(Object.prototype.hasOwnProperty.call(terminal, 'write')).toBe(false);
    stream.write(BEGIN);
    expect(terminal.writes.at(-1)).toBe(BEGIN); // undone: Ink's writes go as they come
  });
});
