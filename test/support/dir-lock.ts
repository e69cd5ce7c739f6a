// A lock between test processes (vitest runs files in parallel workers): a directory made
// atomically, with the holder's pid inside so that a holder that died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from './process-alive.js';

function holderAlive(lockDir: string): boolean {
  try {
    return processAlive(Number(readFileSync(join(lockDir, 'pid'), 'utf8')));
  } catch {
    return false; // no pid file (yet)
  }
}

/** Waits for the lock (up to timeoutMs); resolves to its release. `what` names it in the timeout's error. */
export async function acquireDirLock(lockDir: string, what: string, timeoutMs = 240_000): Promise<() => void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch {
      // Held; take it over only when its holder died without releasing it.
      if (!holderAlive(lockDir)) {
        await new Promise((r) => setTimeout(r, 300)); // its pid file may be being written
        if (!holderAlive(lockDir)) rmSync(lockDir, { recursive: true, force: true });
      }
      if (Date.now() > end) throw new Error(`another ${what} holds ${lockDir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
