// The frame coalescer draws a burst as one frame: input already on a socket when a frame
// falls due is read and applied before the frame, not after it.
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DRAW_EARLY_MS, FrameCoalescer } from '../../src/store/frame-coalescer.js';

const FRAME_MS = 20;
const sockets: net.Socket[] = [];
let server: net.Server | undefined;

afterEach(() => {
  for (const s of sockets) s.destroy();
  server?.close();
});

/** A connected pair of loopback sockets: what the server writes, the client reads. */
async function socketPair(): Promise<{ writer: net.Socket; reader: net.Socket }> {
  server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const accepted = once(server, 'connection');
  const reader = net.connect(port, '127.0.0.1');
  await once(reader, 'connect');
  const [writer] = (await accepted) as [net.Socket];
  sockets.push(reader, writer);
  return { writer, reader };
}

/** Blocks the thread: the process is busy while input arrives and the frame falls due. */
const busyFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('FrameCoalescer', () => {
  it('applies a line already on the socket before the frame that falls due with it', async () => {
    const { writer, reader } = await socketPair();
    const applied: string[] = [];
    const seenAtFrame: number[] = [];
    const coalescer = new FrameCoalescer(FRAME_MS, () => seenAtFrame.push(applied.length));
    reader.on('data', (chunk) => {
      applied.push(String(chunk));
      coalescer.request();
    });

    writer.write('first\n');
    await waitFor(() => seenAtFrame.length === 1);
    expect(seenAtFrame).toEqual([1]); // the first line after quiet is drawn at once

    // A change is made; the next line arrives on the socket while the process is busy and
    // the frame falls due. From the check phase the loop goes to timers before it polls
    // sockets, so a frame drawn from a timer alone would miss that line.
    setImmediate(() => {
      coalescer.request();
      writer.write('second\n');
      busyFor(FRAME_MS * 2);
    });
    await waitFor(() => seenAtFrame.length === 2);
    expect(seenAtFrame).toEqual([1, 2]);
    coalescer.cancel();
  });

  it('asks a pacing function for the gap after each frame', async () => {
    let frames = 0;
    let asked = 0;
    const coalescer = new FrameCoalescer(() => (asked++, 60_000), () => frames++);
    coalescer.request();
    await waitFor(() => frames === 1);
    coalescer.request(); // the gap the function gave is a minute: nothing more for now
    await new Promise((resolve) => setTimeout(resolve, FRAME_MS * 3));
    expect([frames, asked]).toEqual([1, 1]);
    coalescer.cancel();
  });

  it('a cap asked at each request shortens the paced gap (a grace bar running)', async () => {
    let frames = 0;
    const coalescer = new FrameCoalescer(() => 60_000, () => frames++, () => FRAME_MS);
    coalescer.request();
    await waitFor(() => frames === 1);
    coalescer.request(); // paced for a minute, capped at a frame
    await waitFor(() => frames === 2);
    coalescer.cancel();
  });

  it('a request waiting out a long paced gap is brought forward when the cap drops', async () => {
    let frames = 0;
    let cap = Infinity;
    const coalescer = new FrameCoalescer(() => 60_000, () => frames++, () => cap);
    coalescer.request();
    await waitFor(() => frames === 1);
    coalescer.request(); // due in a minute
    cap = FRAME_MS; // a container starts stopping
    coalescer.request();
    await waitFor(() => frames === 2);
    coalescer.cancel();
  });

  it('draws a frame due within DRAW_EARLY_MS at once, without a timer of its own', async () => {
    let frames = 0;
    const coalescer = new FrameCoalescer(FRAME_MS, () => frames++);
    coalescer.request();
    await waitFor(() => frames === 1);
    // A change arriving just before its frame (the stream reader hands chunks on then).
    busyFor(FRAME_MS - DRAW_EARLY_MS + 1);
    coalescer.request();
    await new Promise((resolve) => setImmediate(resolve)); // the loop's next check phase, no timer
    expect(frames).toBe(2);
    coalescer.cancel();
  });

  it('fires once for any number of requests within a frame', async () => {
    let frames = 0;
    const coalescer = new FrameCoalescer(FRAME_MS, () => frames++);
    for (let i = 0; i < 100; i++) coalescer.request();
    await waitFor(() => frames === 1);
    for (let i = 0; i < 100; i++) coalescer.request();
    await waitFor(() => frames === 2);
    await new Promise((resolve) => setTimeout(resolve, FRAME_MS * 3));
    expect(frames).toBe(2);
  });

  it('holds a due frame while input is still coming, and draws it all in the frame after it paused', async () => {
    const { writer, reader } = await socketPair();
    const applied: string[] = [];
    const seenAtFrame: number[] = [];
    let coming = true;
    const coalescer = new FrameCoalescer(FRAME_MS, () => seenAtFrame.push(applied.length), () => Infinity, undefined, { stillComingMs: () => (coming ? 2 : 0), maxMs: 60_000 });
    reader.on('data', (chunk) => {
      applied.push(...String(chunk).trim().split('\n'));
      coalescer.request();
    });
    // Five lines, each written only once the one before it was applied: the frame waits for all.
    for (let i = 1; i <= 5; i++) {
      writer.write(`line ${i}\n`);
      await waitFor(() => applied.length === i);
    }
    expect(seenAtFrame).toEqual([]);
    coming = false;
    await waitFor(() => seenAtFrame.length === 1);
    expect(seenAtFrame).toEqual([5]);
    coalescer.cancel();
  });

  it('holds a frame no longer than the most it may be held, however long input keeps coming', async () => {
    let firedAt: number | undefined;
    const maxMs = 3 * FRAME_MS;
    const coalescer = new FrameCoalescer(FRAME_MS, () => (firedAt = performance.now()), () => Infinity, undefined, { stillComingMs: () => 5, maxMs });
    const requestedAt = performance.now();
    coalescer.request();
    await waitFor(() => firedAt !== undefined);
    // Held until the next wait would pass the most (a loaded machine only makes it later).
    expect(firedAt! - requestedAt).toBeGreaterThan(maxMs - 5);
    coalescer.cancel();
  });

  it('says after each frame when the next can come at the soonest: the paced gap, or the least cap if that is sooner', () => {
    const said: number[] = [];
    let gap = 40;
    const coalescer = new FrameCoalescer(() => gap, () => undefined, () => Infinity, { leastCapMs: 100, soonestIn: (ms) => said.push(ms) });
    coalescer.flushNow();
    gap = 200; // spaced out for churn: a stop on screen may still bring the frame in to 100 ms
    coalescer.flushNow();
    expect(said).toHaveLength(2);
    expect(said[0]).toBeGreaterThan(20);
    expect(said[0]).toBeLessThanOrEqual(40);
    expect(said[1]).toBeGreaterThan(80);
    expect(said[1]).toBeLessThanOrEqual(100);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}
