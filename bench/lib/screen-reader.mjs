// Reads a tmux pane through one control-mode client (tmux -C): a read is a line written to
// a pipe and the reply read back, a few milliseconds, where a `tmux capture-pane` process
// per read took tens of milliseconds and more under load, and would count as the tool's lag.
import { spawn } from 'node:child_process';
import { TMUX } from './tools.mjs';

export function screenReader(session) {
  // Read-only, never sizing the window, without the pane's output streamed to us.
  const client = spawn('tmux', [...TMUX, '-C', 'attach-session', '-r', '-f', 'ignore-size,no-output', '-t', session], { stdio: 'pipe' });
  const waiting = [];
  let pending = '';
  let reply;
  const fail = (err) => {
    for (const w of waiting.splice(0)) w.reject(err);
  };
  client.on('exit', () => fail(new Error('the tmux control client exited')));
  client.on('error', fail);
  client.stdout.setEncoding('utf8');
  client.stdout.on('data', (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      // A reply to our command: `%begin <time> <n> 1` … `%end|%error <time> <n> 1`.
      if (reply === undefined) {
        if (/^%begin \d+ \d+ 1$/.test(line)) reply = [];
        continue;
      }
      const end = /^%(end|error) \d+ \d+ 1$/.exec(line);
      if (!end) {
        reply.push(line);
        continue;
      }
      const text = reply.join('\n');
      reply = undefined;
      const w = waiting.shift();
      if (end[1] === 'end') w?.resolve(text);
      else w?.reject(new Error(`tmux: ${text}`));
    }
  });
  return {
    /** The pane's text, as `capture-pane -p` prints it. */
    read: () =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        client.stdin.write(`capture-pane -p -t ${session}\n`);
      }),
    close: () => {
      client.stdin.end();
      client.kill();
    },
  };
}
