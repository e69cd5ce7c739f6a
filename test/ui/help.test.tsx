// The help fits the lines it is given: a frame taller than the terminal leaves lines that
// scrolled off unredrawn, and the help was left over the table at 20 rows.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Help } from '../../src/ui/Help.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const linesOf = (height: number) => {
  const app = render(<Help height={height} readonlyReason="podlife runs with --readonly: delete, stop and kill are disabled" />);
  unmount = app.unmount;
  const lines = (app.lastFrame() ?? '').split('\n');
  app.unmount();
  unmount = undefined;
  return lines;
};

describe('Help', () => {
  it('shows every line when they fit, the title first and no note of more', () => {
    const all = linesOf(200);
    expect(all[0]).toBe('Keys (Esc or ? to close)');
    expect(all.at(-1)).toContain('--readonly');
    expect(all.join('\n')).not.toMatch(/more lines?:/);
  });

  it('in a short space shows the first lines and says how many more there are', () => {
    const all = linesOf(200);
    const short = linesOf(8);
    expect(short).toHaveLength(8);
    expect(short.slice(0, 7)).toEqual(all.slice(0, 7));
    expect(short[7]).toBe(`… ${all.length - 7} more lines: a taller terminal shows them all`);
  });

  it('never draws more lines than it is given', () => {
    for (const height of [1, 2, 5, 12]) expect(linesOf(height).length).toBeLessThanOrEqual(height);
  });
});
