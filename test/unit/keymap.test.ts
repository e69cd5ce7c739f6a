// The keymap decides what a key does; the help screen and README come from the same list.
import { describe, expect, it } from 'vitest';
import type { Keypress } from '../../src/ui/keypress.js';
import { BINDINGS, commandFor, FOOTER_HINTS, KEYMAP, keyLabel } from '../../src/ui/keymap.js';

const char = (input: string): Keypress => ({ input, ctrl: false, meta: false });
const ctrl = (letter: string): Keypress => ({ input: letter, ctrl: true, meta: false });

describe('keymap', () => {
  it('gives each key to one command only', () => {
    const labels = BINDINGS.flatMap((b) => b.keys.map(keyLabel));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('tells a letter from its Ctrl-key: d opens the detail pane, Ctrl-D deletes', () => {
    expect(commandFor(char('d'))).toBe('detail');
    expect(commandFor(ctrl('d'))).toBe('stop');
    expect(commandFor(char('k'))).toBe('up');
    expect(commandFor(ctrl('k'))).toBe('kill');
    expect(commandFor({ input: 'j', ctrl: false, meta: true })).toBeUndefined();
    expect(commandFor({ input: '', name: 'pageDown', ctrl: false, meta: false })).toBe('pageDown');
  });

  it('labels keys as the help screen shows them', () => {
    expect(KEYMAP.find((k) => k.action === 'page down')?.keys).toBe('PgDn / Ctrl-F');
    expect(KEYMAP.filter((k) => k.modifies).map((k) => k.keys)).toEqual(['Ctrl-D', 'Ctrl-K', 'e', 'R']);
    expect(FOOTER_HINTS[0]).toBe('? help');
    expect(FOOTER_HINTS).toContain('Ctrl-D delete');
  });
});
