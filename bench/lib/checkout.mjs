// Which code a run measured: HEAD's short commit, marked when tracked files differ from it
// (the bench builds and runs the working tree, so HEAD alone would name other code).
import { execFileSync } from 'node:child_process';
import { ROOT } from './env.mjs';

const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

export function checkoutCommit() {
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${head} + uncommitted changes` : head;
  } catch {
    return '?';
  }
}
