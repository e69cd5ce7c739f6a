import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { dockerRow } from '../support/rows.js';
import { staticSession } from '../support/static-source.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let frame: () => string | undefined = () => undefined;
/** Waits until the screen stops changing (a busy machine renders late), at most 3 s. */
async function tick(): Promise<void> {
  let last = frame();
  let stable = 0;
  for (let waited = 0; waited < 3000 && stable < 3; waited += 20) {
    await sleep(20);
    const now = frame();
    stable = now === last && now ? stable + 1 : 0;
    last = now;
  }
}
const ESC = '\u001B';
const CTRL_D = '\u0004';
const CTRL_K = '\u000B';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function renderApp(options: Parameters<typeof staticSession>[2] = {}) {
  const rows = ['running', 'exited-1', 'exited-oomkilled', 'created'].map((n) => dockerRow(n));
  const setup = staticSession('docker', { default: rows, remote: [dockerRow('paused')] }, options);
  const app = render(<App session={setup.session} sourceLabel="docker" />);
  unmount = app.unmount;
  frame = app.lastFrame;
  await tick();
  return { ...app, ...setup, rows };
}

describe('App', () => {
  it('shows a row per container with its state and a header with counts', async () => {
    const { lastFrame, rows } = await renderApp();
    const frame = lastFrame()!;
    expect(frame).toContain('podlife');
    expect(frame).toContain('Running 1');
    expect(frame).toContain('Terminated 2');
    expect(frame).toContain('Waiting 1');
    expect(frame).toContain('OOMKilled');
    for (const row of rows) expect(frame).toContain(row.name.slice(0, 10));
  });

  it('filters rows with / and clears the filter with Esc', async () => {
    const { lastFrame, stdin } = await renderApp();
    stdin.write('/');
    await tick();
    for (const ch of 'oom') stdin.write(ch);
    await tick();
    expect(lastFrame()).toContain('OOMKilled');
    expect(lastFrame()).not.toContain('Created');
    stdin.write('\r');
    await tick();
    stdin.write(ESC);
    await tick();
    expect(lastFrame()).toContain('Created');
  });

  it('asks before stopping, names context and target, and defaults to no', async () => {
    const { lastFrame, stdin, sources } = await renderApp();
    stdin.write(CTRL_D);
    await tick();
    const frame = lastFrame()!;
    expect(frame).toMatch(/Stop container \S+ \(\S+\) on Docker context default\?/);
    expect(frame).toContain('Grace period: 10 s');
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('cancelled: nothing was changed');
    expect(sources[0]!.terminated).toHaveLength(0);
  });

  it('lets the user change the grace period and confirms with y', async () => {
    const { stdin, sources } = await renderApp();
    stdin.write(CTRL_D);
    await tick();
    stdin.write('\u007F');
    stdin.write('\u007F');
    await tick();
    stdin.write('3');
    await tick();
    stdin.write('y');
    await tick();
    expect(sources[0]!.terminated).toEqual([expect.objectContaining({ options: { mode: 'stop', graceSeconds: 3, force: false } })]);
  });

  it('kills with Ctrl-K only after confirmation', async () => {
    const { stdin, lastFrame, sources } = await renderApp();
    stdin.write('j');
    await tick();
    stdin.write(CTRL_K);
    await tick();
    expect(lastFrame()).toContain('Kill (SIGKILL) container');
    stdin.write('y');
    await tick();
    expect(sources[0]!.terminated[0]!.options.mode).toBe('kill');
  });

  it('handles every key of one chunk, control keys included: j then Ctrl-D asks to stop the second row', async () => {
    const { stdin, lastFrame } = await renderApp();
    // The containers in the order the table shows them (first cell of each row).
    const shown = lastFrame()!.split('\n').filter((l) => /^  pf-/.test(l)).map((l) => l.trim().split(/\s+/)[0]!);
    expect(shown).toHaveLength(4);
    stdin.write('j' + CTRL_D);
    await tick();
    expect(lastFrame()).toContain(`Stop container ${shown[1]} (`);
    // Ctrl-K between letters, and the answer, in one chunk as well.
    stdin.write(ESC);
    await tick();
    stdin.write('k' + CTRL_K + 'y');
    await tick();
    expect(lastFrame()).toContain(`kill requested: Kill (SIGKILL) container ${shown[0]} (`);
  });

  it('refuses to modify anything with --readonly and says why', async () => {
    const { stdin, lastFrame, sources } = await renderApp({ readonly: true });
    stdin.write(CTRL_D);
    await tick();
    expect(lastFrame()).toContain('--readonly');
    expect(lastFrame()).not.toContain('Stop container');
    expect(sources[0]!.terminated).toHaveLength(0);
  });

  it('opens the detail pane with Enter and closes it with Esc', async () => {
    const { stdin, lastFrame } = await renderApp();
    stdin.write('G');
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toMatch(/State\s+(Waiting|Running|Terminated)/);
    expect(lastFrame()).toMatch(/Restarts\s+\d/);
    expect(lastFrame()).toContain('Events');
    stdin.write(ESC);
    await tick();
    expect(lastFrame()).toContain('CONTAINER');
  });

  it('switches context from the picker without restarting', async () => {
    const { stdin, lastFrame, sources, frames } = await renderApp();
    const before = frames.length;
    stdin.write('c');
    await tick();
    expect(lastFrame()).toContain('Contexts');
    // The contexts are in memory: the picker's first frame already lists them.
    const pickerFrames = frames.slice(before).filter((f) => f.includes('Contexts'));
    expect(pickerFrames.length).toBeGreaterThan(0);
    expect(pickerFrames[0]).toMatch(/\* default/);
    expect(pickerFrames.some((f) => f.includes('loading'))).toBe(false);
    stdin.write('j');
    await tick();
    stdin.write('\r');
    await tick();
    await tick();
    expect(sources).toHaveLength(2);
    expect(sources[0]!.closed).toBe(true);
    expect(lastFrame()).toContain('remote');
    expect(lastFrame()).toContain('Paused');
    expect(lastFrame()).not.toContain('OOMKilled');
  });

  it('reports an unknown context from :ctx and keeps the current one', async () => {
    const { stdin, lastFrame, sources } = await renderApp();
    stdin.write(':');
    for (const ch of 'ctx nowhere') stdin.write(ch);
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('context "nowhere" does not exist');
    expect(sources[0]!.closed).toBe(false);
    expect(lastFrame()).toContain('OOMKilled');
  });

  it('shows help with ?', async () => {
    const { stdin, lastFrame } = await renderApp();
    stdin.write('?');
    await tick();
    expect(lastFrame()).toContain('Ctrl-D');
    expect(lastFrame()).toContain('context picker');
  });
});
