// The built `podlife` binary in a real pseudo-terminal (tmux), watching the real engine:
// what a user sees, keys as a user types them.
import { afterEach, expect, it } from 'vitest';
import { TmuxScreen } from '../support/tmux.js';
import { docker, expectShownStopSeconds, runContainer, uniqueName, useSharedEngine } from './setup.js';
import { describeWhere, tmuxMissing } from '../support/requirements.js';

let host = '';
let screen: TmuxScreen | undefined;

useSharedEngine((h) => (host = h));
afterEach(() => screen?.close());

const open = (args: string[] = ['--docker'], size?: { columns: number; rows: number }) =>
  (screen = new TmuxScreen(args, { DOCKER_HOST: host, DOCKER_CONTEXT: '', NO_COLOR: '1', KUBECONFIG: '/nonexistent' }, size));

/** Starts a container, opens podlife, and filters the table down to that one row. */
async function openOn(name: string, command: string): Promise<TmuxScreen> {
  runContainer(host, name, [], command);
  const s = open();
  await s.waitForText(new RegExp(`${name.slice(0, 16)}.*Running`));
  s.keys('/');
  s.keys(name, true);
  s.keys('Enter');
  await s.waitForText('1/1');
  return s;
}

describeWhere(tmuxMissing(), 'podlife in a terminal, on the real Docker engine', () => {
  it('stops a container with Ctrl-D, y: the bar runs and the row ends Terminated exit 0', async () => {
    const name = uniqueName('pty-trap');
    const s = await openOn(name, 'trap "sleep 3; exit 0" TERM; sleep 100000 & wait $!');
    s.keys('C-d');
    const confirm = await s.waitForText('Stop container');
    expect(confirm).toContain(`Stop container ${name.slice(0, 20)}`);
    expect(confirm).toContain('on Docker context default?');
    expect(confirm).toContain('Grace period: 10 s');
    const confirmedAt = Date.now();
    s.keys('y');
    const bar = await s.waitForText(/\[█*░+\] TERM sent \d\.\d\/10s/, 5_000);
    expect(bar).toMatch(/KILL in \d+s/);
    const done = await s.waitForText(/Terminated\s+Completed\s+0/, 15_000);
    // The trap sleeps 3 s (2.9 shown when TERM is seen a moment after it is sent).
    expectShownStopSeconds(host, name, done, /exited 0 after (\d+\.\d) s of 10 s/, 2.5, confirmedAt);
  });

  it('a container that ignores TERM is killed at the deadline and the row says so', async () => {
    const name = uniqueName('pty-stubborn');
    const s = await openOn(name, 'trap "" TERM; sleep 100000 & while true; do wait $!; done');
    s.keys('C-d');
    await s.waitForText('Grace period: 10 s');
    s.keys('BSpace');
    s.keys('BSpace');
    s.keys('2');
    await s.waitForText('Grace period: 2 s');
    const confirmedAt = Date.now();
    s.keys('y');
    const killed = await s.waitForText(/killed after \d+\.\d s of 2 s/, 15_000);
    expectShownStopSeconds(host, name, killed, /killed after (\d+\.\d) s of 2 s/, 2, confirmedAt);
    // The reason follows the `die` once the engine's record says it was not the OOM killer.
    await s.waitForText(/Terminated\s+Error\s+137/, 5_000);
  });

  it('cancels with Enter (the default is no) and the container keeps running', async () => {
    const name = uniqueName('pty-keep');
    const id = runContainer(host, name, [], 'sleep 100000');
    const s = open();
    await s.waitForText(new RegExp(`${name.slice(0, 16)}.*Running`));
    s.keys('C-d');
    await s.waitForText('Stop container');
    s.keys('Enter');
    await s.waitForText('cancelled: nothing was changed');
    expect(docker(host, ['inspect', '--format', '{{.State.Status}}', id])).toBe('running');
  });

  it('q quits and restores the terminal (alternate screen left, exit status 0)', async () => {
    runContainer(host, uniqueName('pty-quit'), [], 'sleep 100000');
    const s = open();
    await s.waitForText('Running');
    s.keys('q');
    const after = await s.waitForText('[exit 0]');
    expect(after).not.toContain('CONTAINER');
  });

  it('says the terminal is too small instead of drawing garbage, and recovers on resize', async () => {
    runContainer(host, uniqueName('pty-small'), [], 'sleep 100000');
    const s = open(['--docker'], { columns: 30, rows: 5 });
    await s.waitForText('Terminal too small');
    s.resize(100, 20);
    await s.waitForText('CONTAINER');
  });

  it('prints a table instead of drawing when stdout is a pipe', async () => {
    const name = uniqueName('pty-pipe');
    runContainer(host, name, [], 'sleep 100000');
    screen = new TmuxScreen(['--docker', '--once'], { DOCKER_HOST: host, NO_COLOR: '1' }, undefined, 'cat');
    const out = await screen.waitForText('[exit 0]');
    expect(out).toMatch(/PROJECT\s+CONTAINER\s+STATE/);
    expect(out).toMatch(new RegExp(`${name}\\s+${name}\\s+Running`));
  });
});
