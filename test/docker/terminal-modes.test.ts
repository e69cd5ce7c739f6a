// The built binary in a real terminal (tmux) on the real Docker engine: small terminals,
// resizing while a grace bar runs, and the terminal restored (alternate screen left,
// cursor visible) however podlife ends: q, Ctrl-C or SIGTERM, in any mode; and a terminal
// closed under it ends it as a quit does, its recording whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { processAlive } from '../support/process-alive.js';
import { TmuxScreen } from '../support/tmux.js';
import { expectShownStopSeconds, runContainer, uniqueName, useSharedEngine, waitFor } from './setup.js';
import { describeWhere, tmuxMissing } from '../support/requirements.js';
import { testDir } from '../support/test-dir.js';

let host = '';
let screen: TmuxScreen | undefined;

useSharedEngine((h) => (host = h));
afterEach(() => screen?.close());

const env = () => ({ DOCKER_HOST: host, DOCKER_CONTEXT: '', NO_COLOR: '1', KUBECONFIG: '/nonexistent' });
const open = (size = { columns: 140, rows: 30 }, args = ['--docker']) => (screen = new TmuxScreen(args, env(), size));
const modes = (s: TmuxScreen) => s.display('alternate=#{alternate_on} cursor=#{cursor_flag}');

/** Filters to one container and waits until it is the only row (`shown`: how much of the name the row shows). */
async function focus(s: TmuxScreen, name: string, shown = 12): Promise<void> {
  await s.waitForText(new RegExp(`${name.slice(0, shown)}.*Running`));
  s.keys('/');
  s.keys(name, true);
  s.keys('Enter');
  await s.waitForText('1/1');
}

describeWhere(tmuxMissing(), 'terminal modes', () => {
  it('a pipe instead of a terminal: a plain table, not one escape sequence', async () => {
    const name = uniqueName('term-pipe');
    runContainer(host, name, [], 'sleep 100000');
    // No NO_COLOR here: even with colours allowed, a pipe gets none. cat -v shows ESC as ^[.
    screen = new TmuxScreen(['--docker', '--once'], { DOCKER_HOST: host, DOCKER_CONTEXT: '', KUBECONFIG: '/nonexistent' }, undefined, 'cat -v');
    const out = await screen.waitForText('[exit 0]');
    expect(out).toMatch(new RegExp(`${name}\\s+${name}\\s+Running`));
    expect(out).not.toContain('^[');
  });

  it('40×10: the header and usable rows (name and state) fit', async () => {
    const name = uniqueName('term-tiny');
    runContainer(host, name, [], 'sleep 100000');
    const s = open({ columns: 40, rows: 10 });
    const shown = await s.waitForText(/Running/);
    expect(shown.split('\n')[0]).toMatch(/^podlife/);
    expect(shown.split('\n').every((line) => line.length <= 40)).toBe(true);
    // 40 columns keep PROJECT, CONTAINER, STATE and REASON (issue 15): the names are cut to 6-8 cells.
    await focus(s, name, 6);
    const row = (await s.waitForText(/Running/)).split('\n').find((l) => /^[! ] /.test(l) && l.includes(name.slice(0, 6)));
    expect(row).toMatch(/Running\s+ready/);
  });

  it('resizing while a grace bar runs: the bar keeps going and the row ends right', async () => {
    const name = uniqueName('term-resize');
    runContainer(host, name, [], 'trap "sleep 4; exit 0" TERM; sleep 100000 & wait $!');
    const s = open();
    await focus(s, name);
    s.keys('C-d');
    await s.waitForText('Stop container');
    const confirmedAt = Date.now();
    s.keys('y');
    await s.waitForText(/TERM sent \d\.\d\/10s/, 5000);
    s.resize(60, 12);
    // At 60 columns the bar keeps its 10 cells and the label its first words.
    await s.waitForText(/\[[█░]{10,}\] TERM/, 3000);
    s.resize(45, 8);
    await new Promise((r) => setTimeout(r, 300));
    s.resize(140, 30);
    const done = await s.waitForText(/Terminated\s+Completed\s+0/, 15_000);
    expectShownStopSeconds(host, name, done, /exited 0 after (\d+\.\d) s of 10 s/, 3.5, confirmedAt);
    expect(modes(s)).toBe('alternate=1 cursor=0');
    s.keys('q');
    await s.waitForText('[exit 0]');
    expect(modes(s)).toBe('alternate=0 cursor=1');
  });

  it('Ctrl-C restores the terminal: from the table, the confirmation and a running grace bar', async () => {
    const name = uniqueName('term-ctrlc');
    runContainer(host, name, [], 'trap "sleep 30" TERM; sleep 100000 & wait $!');
    for (const where of ['table', 'confirm', 'grace bar'] as const) {
      const s = open();
      await focus(s, name);
      if (where !== 'table') {
        s.keys('C-d');
        await s.waitForText('Stop container');
      }
      if (where === 'grace bar') {
        s.keys('BSpace');
        s.keys('BSpace');
        s.keys('6');
        s.keys('0');
        s.keys('y');
        await s.waitForText(/TERM sent \d\.\d\/60s/, 5000);
      }
      expect(modes(s), where).toBe('alternate=1 cursor=0');
      s.keys('C-c');
      await s.waitForText('[exit');
      expect(modes(s), where).toBe('alternate=0 cursor=1');
      s.close();
    }
  }, 90_000);

  it('SIGTERM restores the terminal: from the table and from the detail pane', async () => {
    runContainer(host, uniqueName('term-sigterm'), [], 'sleep 100000');
    for (const where of ['table', 'detail'] as const) {
      const s = open();
      await s.waitForText('Running');
      if (where === 'detail') {
        s.keys('Enter');
        await s.waitForText(/^Events/m);
      }
      expect(modes(s), where).toBe('alternate=1 cursor=0');
      process.kill(s.programPid(), 'SIGTERM');
      await s.waitForText('[exit');
      expect(modes(s), where).toBe('alternate=0 cursor=1');
      s.close();
    }
  }, 60_000);

  it('the terminal closed under the dashboard (its window, an ssh session): podlife ends and its recording is whole', async () => {
    const name = uniqueName('term-hangup');
    runContainer(host, name, [], 'sleep 100000');
    const recording = join(testDir('podlife-hangup-'), 'closed.ndjson.gz');
    const s = open(undefined, ['--docker', '--record', recording]);
    await s.waitForText(new RegExp(`${name.slice(0, 12)}.*Running`));
    const pid = s.programPid();
    s.close(); // the pane and its terminal go: SIGHUP, and EIO on the next write
    await waitFor(() => !processAlive(pid), `podlife (pid ${pid}) to end once its terminal closed`);
    // A process that died on the write's error leaves the gzip header only: gunzip fails.
    const lines = gunzipSync(readFileSync(recording)).toString('utf8').trim().split('\n');
    expect(lines.some((line) => line.includes(name))).toBe(true);
  }, 60_000);
});
