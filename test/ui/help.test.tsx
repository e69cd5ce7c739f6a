// The help fits the lines it is given: a frame taller than the terminal leaves lines that
// scrolled off unredrawn, and the help was left over the table at 20 rows. A short
// terminal shows a window of the lines, which the movement keys scroll (app-state.test.ts).
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Help } from '../../src/ui/Help.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const linesOf = (height: number, top = 0) => {
  const app = render(<Help height={height} top={top} readonlyReason="podlife runs with --readonly: delete, stop and kill are disabled" />);
  unmount = app.unmount;
  const lines = (app.lastFrame() ?? '').split('\n');
  app.unmount();
  unmount = undefined;
  return lines;
};

describe('Help', () => {
  it('shows every line when they fit, the title first and no position line', () => {
    const all = linesOf(200);
    expect(all[0]).toBe('Keys (Esc or ? to close)');
    expect(all.at(-1)).toContain('--readonly');
    expect(all.join('\n')).not.toMatch(/^lines \d/m);
  });

  it('in a short space shows a window of the lines under the title and says where it is', () => {
    const all = linesOf(200);
    const count = all.length - 1;
    const short = linesOf(8);
    expect(short).toHaveLength(8);
    expect(short.slice(0, 7)).toEqual(all.slice(0, 7));
    expect(short[7]).toBe(`lines 1–6 of ${count} · j/k, PgDn/PgUp move`);
    // Scrolled to the end: the title stays, the last lines show, the window says so.
    const end = linesOf(8, count);
    expect(end[0]).toBe(all[0]);
    expect(end.slice(1, 7)).toEqual(all.slice(-6));
    expect(end[7]).toBe(`lines ${count - 5}–${count} of ${count} · j/k, PgDn/PgUp move`);
  });

  it('never draws more lines than it is given', () => {
    for (const height of [1, 2, 5, 12]) expect(linesOf(height).length).toBeLessThanOrEqual(height);
  });
});
