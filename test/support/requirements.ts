// What an integration suite needs from the machine (the local cluster, the Docker engine,
// tmux) and what happens when it is missing. Under CI=true a missing requirement FAILS
// the suite with the reason: a CI run without the real kubelet must not go green. Run
// by hand (a laptop without a cluster) the suite is skipped, and says why.
import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';

export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** The first reason something is missing, if any. */
export function firstMissing(...reasons: (string | undefined)[]): string | undefined {
  return reasons.find((r) => r !== undefined);
}

/** A describe block that runs only with what it needs (see the file comment). */
export function describeWhere(missing: string | undefined, title: string, body: () => void): void {
  if (missing === undefined) return void describe(title, body);
  if (IN_CI) return void describe(title, () => it('has what it needs', () => failMissing(missing)));
  console.warn(`[skipped] ${title}: ${missing}`);
  describe.skip(`${title} (skipped: ${missing})`, body);
}

/** The same for one test (a file whose other tests need less). */
export function itWhere(missing: string | undefined, title: string, fn: () => Promise<void> | void, timeoutMs?: number): void {
  if (missing === undefined) return void it(title, fn, timeoutMs);
  if (IN_CI) return void it(title, () => failMissing(missing));
  console.warn(`[skipped] ${title}: ${missing}`);
  it.skip(`${title} (skipped: ${missing})`, fn);
}

/** For a requirement found missing only in a hook: throws under CI, else returns the skip note. */
export function missingInHook(missing: string): string {
  if (IN_CI) failMissing(missing);
  console.warn(`[skipped] ${missing}`);
  return missing;
}

function failMissing(missing: string): never {
  throw new Error(`${missing} (CI=true: a suite whose cluster, engine or terminal is missing fails)`);
}

let tmuxReason: string | undefined | null = null;
/** Why tmux (the real terminal the pty suites drive) cannot run here, if it cannot. */
export function tmuxMissing(): string | undefined {
  if (tmuxReason === null) {
    try {
      execFileSync('tmux', ['-V'], { stdio: 'ignore' });
      tmuxReason = undefined;
    } catch (err) {
      tmuxReason = `tmux is not available (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); install it, e.g. apt-get install tmux`;
    }
  }
  return tmuxReason;
}

/** Why a command (a shell the completion tests run: bash, zsh, fish) cannot run here, if it cannot. */
export function commandMissing(command: string): string | undefined {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return `${command} is not available (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); install it, e.g. apt-get install ${command}`;
  }
}
