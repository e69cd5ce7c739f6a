// Reads a tmux pane through one control-mode client (tmux -C) instead of a `tmux
// capture-pane` process per read. On a loaded 2-core machine starting that process took up
// to half a second, and a screen read that slow made a change look that much later than it
// was drawn. Here each read is one line written to a pipe and the reply read back.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class TmuxControlReader {
  private readonly client: ChildProcessWithoutNullStreams;
  private pending = '';
  /** Lines of the reply being read; undefined between replies. */
  private reply: string[] | undefined;
  private readonly waiting: Array<{ resolve: (text: string) => void; reject: (err: Error) => void }> = [];
  private closed = false;

  constructor(tmuxArgs: string[], private readonly target: string) {
    // Read-only, never sizing the window, and without the pane's output streamed to us.
    this.client = spawn('tmux', [...tmuxArgs, '-C', 'attach-session', '-r', '-f', 'ignore-size,no-output', '-t', target], { stdio: 'pipe' });
    this.client.stdout.setEncoding('utf8');
    this.client.stdout.on('data', (chunk: string) => this.take(chunk));
    this.client.on('exit', () => this.fail(new Error('the tmux control client exited')));
    this.client.on('error', (err) => this.fail(err));
  }

  /** The pane's text, as `capture-pane -p` prints it. */
  read(): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the tmux control client is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.client.stdin.write(`capture-pane -p -t ${this.target}\n`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.stdin.end();
    this.client.kill();
  }

  private take(chunk: string): void {
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.line(line);
    }
  }

  /** A reply is framed by `%begin <time> <number> <flags>` and `%end`/`%error` with the same fields; flags 1: our command's. */
  private line(line: string): void {
    if (this.reply === undefined) {
      if (/^%begin \d+ \d+ 1$/.test(line)) this.reply = [];
      return;
    }
    const end = /^%(end|error) \d+ \d+ 1$/.exec(line);
    if (!end) {
      this.reply.push(line);
      return;
    }
    const text = this.reply.join('\n');
    this.reply = undefined;
    const waiter = this.waiting.shift();
    if (end[1] === 'end') waiter?.resolve(`${text}\n`);
    else waiter?.reject(new Error(`tmux: ${text}`));
  }

  private fail(err: Error): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
  }
}
