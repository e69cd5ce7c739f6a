// The screen reader the end-to-end tests and the bench share (one tmux control client):
// when its pane's server ends under it, a read asked for in that moment writes into a
// closed pipe. That must fail the read, not the process reading (an EPIPE 'error' on the
// client's stdin, unheard, ended the test worker).
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { TmuxControlReader } from '../../bench/lib/tmux-control.mjs';
import { describeWhere, tmuxMissing } from '../support/requirements.js';

describeWhere(tmuxMissing(), 'the tmux screen reader when its pane goes away', () => {
  it('rejects the reads asked for as the server ends, and the process lives on', async () => {
    const args = ['-L', `podlife-reader-end-${process.pid}`, '-f', '/dev/null'];
    execFileSync('tmux', [...args, 'new-session', '-d', '-s', 'gone', '-x', '40', '-y', '5', 'sleep 60']);
    const reader = new TmuxControlReader(args, 'gone');
    const uncaught: Error[] = [];
    const hear = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', hear);
    try {
      expect(await reader.read()).toContain('\n');
      // Reads asked for without a pause, so that some are written after the pipe closed
      // and before the client's exit is heard (without the stdin handler: EPIPE every time).
      let rejected = 0;
      const asking = setInterval(() => {
        for (let i = 0; i < 50; i++) reader.read().catch(() => rejected++);
      }, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      execFileSync('tmux', [...args, 'kill-server']);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      clearInterval(asking);
      expect(uncaught).toEqual([]);
      expect(rejected).toBeGreaterThan(0);
      await expect(reader.read()).rejects.toThrow();
    } finally {
      process.off('uncaughtException', hear);
      reader.close();
      try {
        execFileSync('tmux', [...args, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });
});
