// Reads a tmux pane through one control-mode client (tmux -C) instead of a `tmux
// capture-pane` process per read. On a loaded 2-core machine starting that process took up
// to half a second, and a screen read that slow made a change look that much later than it
// was drawn. Here each read is one line written to a pipe and the reply read back.
// Shared by the bench (burst) and the end-to-end tests' screen timing.
import { spawn } from 'node:child_process';

export class TmuxControlReader {
  /**
   * @param {string[]} tmuxArgs the server's options (`-L socket`, `-f file`)
   * @param {string} target the session or pane to read
   */
  constructor(tmuxArgs, target) {
    this.target = target;
    this.pending = '';
    /** @type {string[] | undefined} lines of the reply being read; undefined between replies */
    this.reply = undefined;
    /** @type {Array<{ resolve: (text: string) => void, reject: (err: Error) => void }>} */
    this.waiting = [];
    this.closed = false;
    // Read-only, never sizing the window, and without the pane's output streamed to us.
    this.client = spawn('tmux', [...tmuxArgs, '-C', 'attach-session', '-r', '-f', 'ignore-size,no-output', '-t', target], { stdio: 'pipe' });
    this.client.stdout.setEncoding('utf8');
    this.client.stdout.on('data', (/** @type {string} */ chunk) => this.take(chunk));
    this.client.on('exit', () => this.fail(new Error('the tmux control client exited')));
    this.client.on('error', (err) => this.fail(err));
    // A read asked for as the client exits (its pane closed) writes into a closed pipe: the
    // EPIPE comes as an 'error' on stdin, which unheard would end the whole process.
    this.client.stdin.on('error', (err) => this.fail(err));
  }

  /** @returns {Promise<string>} the pane's text, as `capture-pane -p` prints it */
  read() {
    if (this.closed) return Promise.reject(new Error('the tmux control client is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.client.stdin.write(`capture-pane -p -t ${this.target}\n`);
    });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.client.stdin.end();
    this.client.kill();
  }

  /** @param {string} chunk */
  take(chunk) {
    this.pending += chunk;
    let newline;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.line(line);
    }
  }

  /**
   * A reply is framed by `%begin <time> <number> <flags>` and `%end`/`%error` with the same
   * fields; flags 1: our command's.
   * @param {string} line
   */
  line(line) {
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

  /** @param {Error} err */
  fail(err) {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
  }
}
