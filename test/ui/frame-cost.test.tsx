// A frame's work is bounded by the rows on screen, not by the rows held: with 10,000 rows
// and 20 on screen, a change drawn reads a screenful from the store, never the whole list
// (a copy, a sort or a scan of every row). Proven with the store's count of rows its
// readers passed over: a counter, not a clock.
import './layout-engine.js';
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { App } from '../../src/ui/App.js';
import { dockerRow } from '../support/rows.js';
import { staticSession } from '../support/static-source.js';
import { IdleKeyboard } from '../support/idle-keyboard.js';

/** A 100×24 terminal: the table shows 24 - 4 = 20 rows. */
class Terminal extends EventEmitter {
  readonly columns = 100;
  readonly rows = 24;
  readonly isTTY = true;
  /** The last frame drawn (Ink writes cursor escapes on their own too; those are not frames). */
  last = '';
  write = (text: string) => {
    if (text.includes('podlife')) this.last = text;
    return true;
  };
}

const ROWS = 10_000;
const ON_SCREEN = 20;
const base = dockerRow('running');
const pod = (i: number): ContainerRow => {
  const group = `svc-${String(i).padStart(5, '0')}`;
  return { ...base, group, groupKey: `docker/default/${group}`, key: `docker/default/${group}/${i}`, name: 'app', restartCount: 0 };
};

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let waited = 0; !ok(); waited += 10) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('a frame with 10,000 rows', () => {
  it('reads about the rows on screen from the store, not all 10,000', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => pod(i));
    const { session, store, sources } = staticSession('docker', { default: rows });
    const terminal = new Terminal();
    const instance = render(<App session={session} sourceLabel="docker" />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new IdleKeyboard() as unknown as NodeJS.ReadStream, debug: true, patchConsole: false, exitOnCtrlC: false });
    unmount = instance.unmount;
    await until('the first screen', () => terminal.last.includes('svc-00019') && terminal.last.includes(`1/${ROWS}`));
    expect(terminal.last).not.toContain('svc-00020'); // 20 rows on screen, as the terminal's height says

    const sink = sources[0]!.sink!;
    const changes = 10;
    const before = store.rowsTouched();
    for (let n = 1; n <= changes; n++) {
      // A row on screen restarts (its RST cell shows n), a pod far below comes and one goes.
      const row = { ...pod(n), restartCount: 100 + n };
      sink.upsertGroup(row.groupKey, [row]);
      const added = pod(ROWS + n);
      sink.upsertGroup(added.groupKey, [added]);
      sink.removeGroup(pod(5000 + n).groupKey, Date.now());
      await until(`change ${n} on screen`, () => terminal.last.includes(` ${100 + n} `));
    }
    const touched = store.rowsTouched() - before;
    // Each change draws a frame or two; each reads the 20 rows on screen and finds the
    // selection and the new pod by binary search (log2 10,000 ≈ 14 rows each). One copy
    // or sort of all the rows would be 10,000 on its own.
    expect(touched).toBeGreaterThan(0);
    expect(touched / changes).toBeLessThanOrEqual(4 * (ON_SCREEN + 2 * 16));
    expect(store.rowCount()).toBe(ROWS + changes);
  });
});
