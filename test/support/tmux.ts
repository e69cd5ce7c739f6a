// Drives the built podlife binary in a real pseudo-terminal (a tmux pane of a fixed size)
// and reads the screen back, as a user would see it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmuxMissing } from './requirements.js';
import { TmuxControlReader } from '../../bench/lib/tmux-control.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const PODLIFE_BIN = `${root}dist/cli.js`;

export class TmuxScreen {
  private readonly socket = `podlife-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    /** podlife's arguments, or { shell } to run a shell command line instead (e.g. an interactive zsh). */
    args: string[] | { shell: string },
    env: Record<string, string | undefined>,
    size = { columns: 140, rows: 30 },
    /** A shell pipeline stage after podlife, e.g. 'cat' (stdout is then a pipe). */
    pipeTo?: string,
  ) {
    const missing = tmuxMissing();
    if (missing) throw new Error(missing);
    const envArgs = Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : ['-e', `${k}=${v}`]));
    const program = Array.isArray(args) ? [process.execPath, PODLIFE_BIN, ...args].map(shellQuote).join(' ') : args.shell;
    const command = program + (pipeTo ? ` | ${pipeTo}` : '');
    // `; sleep 3600` keeps the pane (and its last screen) after podlife exits, so tests can read it.
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), ...envArgs, `bash -c ${shellQuote(`${command}; echo "[exit \${PIPESTATUS[0]}]"; sleep 3600`)}`);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** The screen with its colours, as SGR escape sequences (capture-pane -e). */
  screenWithColors(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'main');
  }

  /** The screen with tmux's wrapped lines joined: equal to screen() when no line wrapped. */
  joinedScreen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'main');
  }

  /** Several tmux keys in one send-keys, e.g. sendKeys('j', 'C-d'): they reach podlife in one write. */
  sendKeys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  /** tmux key names: 'C-d', 'Enter', 'Escape', or literal text with literal=true. */
  keys(keys: string, literal = false): void {
    this.tmux('send-keys', '-t', 'main', ...(literal ? ['-l'] : []), keys);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (predicate(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${screen}`);
  }

  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), `"${text}"`, timeoutMs);
  }

  /** tmux's view of the pane, e.g. '#{alternate_on} #{cursor_flag}' (terminal modes the program left set). */
  display(format: string): string {
    return this.tmux('display-message', '-p', '-t', 'main', format).trim();
  }

  /** The pid of the program running in the pane (the child of the pane's shell). */
  programPid(): number {
    const shell = this.display('#{pane_pid}');
    const pid = Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
    if (!pid) throw new Error(`no program under pane shell ${shell}`);
    return pid;
  }

  /** A reader of this pane that needs no process per read (see TmuxControlReader). */
  controlReader(): TmuxControlReader {
    return new TmuxControlReader(['-L', this.socket, '-f', '/dev/null'], 'main');
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
