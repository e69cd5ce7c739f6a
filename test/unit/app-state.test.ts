// The dashboard's mode machine without a terminal: keys in, next state and effects out.
// Rows come from containers captured from dockerd (test/support/rows.ts).
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { initialAppState, reduceApp, selectedIndex, type KeyContext } from '../../src/ui/app-state.js';
import { keypressesFrom, type Keypress } from '../../src/ui/keypress.js';
import { NO_KEY, typeKeys } from '../support/app-keys.js';
import { filterRows } from '../../src/ui/row-filter.js';
import { dockerRow } from '../support/rows.js';

const rows = ['running', 'exited-1', 'exited-oomkilled', 'created'].map((n) => dockerRow(n));
const view = (over: Partial<KeyContext> = {}): KeyContext => ({ rowsFor: (filter) => filterRows(rows, filter), pageSize: 2, sourceKind: 'docker', ...over });

/** Feeds raw terminal input, chunk by chunk, as Ink's useInput would hand it over. */
const type = (chunks: (string | [string, Partial<Key>])[], state = initialAppState(), ctx = view()) => typeKeys(chunks, ctx, state);

const ENTER: [string, Partial<Key>] = ['', { return: true }];
const ESC: [string, Partial<Key>] = ['', { escape: true }];
const CTRL_D: [string, Partial<Key>] = ['d', { ctrl: true }];

describe('keypresses in one chunk', () => {
  it('splits control bytes out of text: j then Ctrl-D, Ctrl-K between letters, Enter and Backspace', () => {
    const keys = keypressesFrom('j\u0004x\u000B\r\u007F', NO_KEY);
    expect(keys).toEqual<Keypress[]>([
      { input: 'j', ctrl: false, meta: false },
      { input: 'd', ctrl: true, meta: false },
      { input: 'x', ctrl: false, meta: false },
      { input: 'k', ctrl: true, meta: false },
      { input: '', name: 'return', ctrl: false, meta: false },
      { input: '', name: 'backspace', ctrl: false, meta: false },
    ]);
  });

  it('keeps a wide character or an emoji whole', () => {
    expect(keypressesFrom('名👩‍💻a', NO_KEY).map((k) => k.input)).toEqual(['名', '👩‍💻', 'a']);
  });

  it('CR LF is one Enter, and a letter with a combining accent one key, in ASCII runs as in other text', () => {
    expect(keypressesFrom('a\r\nb', NO_KEY).map((k) => k.name ?? k.input)).toEqual(['a', 'return', 'b']);
    expect(keypressesFrom('ae\u0301b', NO_KEY).map((k) => k.input)).toEqual(['a', 'e\u0301', 'b']);
  });

  it('passes a single key through as Ink parsed it', () => {
    expect(keypressesFrom('d', { ...NO_KEY, ctrl: true })).toEqual([{ input: 'd', ctrl: true, meta: false }]);
    expect(keypressesFrom('', { ...NO_KEY, downArrow: true })).toEqual([{ input: '', name: 'down', ctrl: false, meta: false }]);
  });

  it('j then Ctrl-D in one chunk moves down and then asks to stop the row it moved to', () => {
    const { state } = type(['j\u0004']);
    expect(state.mode.kind).toBe('confirm');
    expect(state.mode.kind === 'confirm' && state.mode.request.row.key).toBe(rows[1]!.key);
  });

  it('jj in one chunk moves two rows', () => {
    expect(selectedIndex(type(['jj']).state, rows)).toBe(2);
  });

  it('a filter typed and kept in one chunk, then j, moves within the filtered rows', () => {
    const { state } = type(['/terminated\rj']);
    expect(state.filter).toBe('terminated');
    expect(state.mode.kind).toBe('table');
    const filtered = filterRows(rows, 'terminated');
    expect(filtered).toHaveLength(2);
    expect(state.cursor.key).toBe(filtered[1]!.key);
  });
});

describe('mode transitions', () => {
  it('table → detail → table with Enter and Esc; d toggles too', () => {
    expect(type([ENTER]).state.mode.kind).toBe('detail');
    expect(type([ENTER, ESC]).state.mode.kind).toBe('table');
    expect(type(['d', 'd']).state.mode.kind).toBe('table');
  });

  it('help and warnings close with Esc, their own key or q, without quitting', () => {
    for (const [open, close] of [['?', '?'], ['w', 'w'], ['?', 'q'], ['w', 'q']] as const) {
      const step = type([open, close]);
      expect(step.state.mode.kind).toBe('table');
      expect(step.effects).toEqual([]);
    }
  });

  it('the help scrolls with the table\'s movement keys, within its lines, and closes from anywhere in them', () => {
    // 25 lines in a 10-line space: the title and the position line leave 8 for the lines.
    const ctx = view({ pageSize: 10, helpLineCount: () => 25 });
    const top = (chunks: (string | [string, Partial<Key>])[]) => {
      const mode = type(['?', ...chunks], initialAppState(), ctx).state.mode;
      return mode.kind === 'help' ? mode.top : undefined;
    };
    expect(top([])).toBe(0);
    expect(top(['j', 'j', 'k'])).toBe(1);
    expect(top(['k'])).toBe(0);
    expect(top([['', { pageDown: true }]])).toBe(8);
    // The last window shows lines 17–24: no further.
    expect(top(['G'])).toBe(17);
    expect(top([['', { pageDown: true }], ['', { pageDown: true }], ['', { pageDown: true }], 'j'])).toBe(17);
    expect(top(['G', 'g'])).toBe(0);
    // Scrolled to the end, then the terminal grew to 20 lines (the end is now line 7): up moves from what is shown.
    const atEnd = type(['?', 'G'], initialAppState(), ctx).state;
    const taller = type(['k'], atEnd, view({ pageSize: 20, helpLineCount: () => 25 })).state.mode;
    expect(taller).toEqual({ kind: 'help', top: 6 });
    // All lines fit: nothing to scroll.
    expect(type(['?', 'j', 'j'], initialAppState(), view({ pageSize: 30, helpLineCount: () => 25 })).state.mode).toEqual({ kind: 'help', top: 0 });
    const closed = type(['?', 'G', 'q'], initialAppState(), ctx);
    expect(closed.state.mode.kind).toBe('table');
    expect(closed.effects).toEqual([]);
  });

  it('q quits from the table; :q quits from the command line', () => {
    expect(type(['q']).effects).toEqual([{ kind: 'exit' }]);
    expect(type([':q', ENTER]).effects).toEqual([{ kind: 'exit' }]);
  });

  it('Esc in the filter clears it; Enter keeps it; Esc in the table then clears a kept filter', () => {
    expect(type(['/oom', ESC]).state.filter).toBe('');
    const kept = type(['/oom', ENTER]).state;
    expect(kept.filter).toBe('oom');
    expect(type([ESC], kept).state.filter).toBe('');
  });

  it('Ctrl-D asks with the default grace; digits and Backspace edit it; y stops with that grace', () => {
    const asked = type([CTRL_D]).state;
    expect(asked.mode.kind === 'confirm' && asked.mode.request.graceInput).toBe('10');
    const { state, effects } = type(['\u007F\u007F3', 'y'], asked);
    expect(state.mode.kind).toBe('table');
    expect(effects).toEqual([{ kind: 'terminate', row: rows[0], options: { mode: 'stop', graceSeconds: 3, force: false } }]);
    expect(state.message?.text).toMatch(/^stop requested: Stop container/);
  });

  it('a confirmation defaults to no: Enter, n and Esc cancel and say so', () => {
    for (const answer of [ENTER, 'n', ESC]) {
      const { state, effects } = type([CTRL_D, answer]);
      expect(state.mode.kind).toBe('table');
      expect(effects).toEqual([]);
      expect(state.message).toEqual({ text: 'cancelled: nothing was changed', error: false });
    }
  });

  it('Ctrl-K kills with grace 1 after y', () => {
    expect(type(['\u000B', 'y']).effects).toEqual([{ kind: 'terminate', row: rows[0], options: { mode: 'kill', graceSeconds: 1, force: false } }]);
  });

  it('refuses to ask when modifying is blocked, and says why', () => {
    const { state } = type([CTRL_D], initialAppState(), view({ modifyBlockedReason: 'read-only: started with --readonly' }));
    expect(state.mode.kind).toBe('table');
    expect(state.message).toEqual({ text: 'read-only: started with --readonly', error: true });
  });

  it('a key the user may not use (RBAC, asked at start) is refused at once with the reason, no confirmation; the others work', () => {
    const reason = 'not allowed: you may not delete pods in namespace shop (context prod)';
    const asked: [string, string][] = [];
    const ctx = view({
      notAllowed: (command, row) => {
        asked.push([command, row.key]);
        return command === 'stop' || command === 'kill' ? reason : undefined;
      },
    });
    for (const key of [CTRL_D, '\u000B'] as const) {
      const { state } = type([key], initialAppState(), ctx);
      expect(state.mode.kind).toBe('table');
      expect(state.message).toEqual({ text: reason, error: true });
      // Nothing to confirm: a y that follows deletes nothing.
      expect(type(['y'], state, ctx).effects).toEqual([]);
    }
    expect(asked).toEqual([
      ['stop', rows[0]!.key],
      ['kill', rows[0]!.key],
    ]);
    // Logs are allowed here: the log view opens.
    expect(type(['l'], initialAppState(), ctx).state.mode.kind).toBe('logs');
    const noLogs = view({ notAllowed: (command) => (command === 'logs' || command === 'previousLogs' ? 'not allowed: you may not read pod logs in namespace shop (context prod)' : undefined) });
    for (const key of ['l', 'p']) expect(type([key], initialAppState(), noLogs).state.message?.text).toMatch(/^not allowed: you may not read pod logs/);
  });

  it('c opens the context picker and asks for its list; the list selects the current one; Enter switches', () => {
    const opened = type(['c']);
    expect(opened.state.mode).toEqual({ kind: 'picker', target: 'context', selected: 0 });
    expect(opened.effects).toEqual([{ kind: 'loadPicker', target: 'context' }]);
    const loaded = reduceApp(opened.state, { type: 'pickerLoaded', target: 'context', items: [{ name: 'a' }, { name: 'b', current: true }, { name: 'c' }] }).state;
    expect(loaded.mode.kind === 'picker' && loaded.mode.selected).toBe(1);
    const chosen = type(['j', ENTER], loaded);
    expect(chosen.state.mode.kind).toBe('table');
    expect(chosen.effects).toEqual([{ kind: 'switch', target: 'context', name: 'c' }]);
  });

  it('a list that arrives after the picker closed changes nothing', () => {
    const closed = type(['c', ESC]).state;
    expect(reduceApp(closed, { type: 'pickerLoaded', target: 'context', items: [{ name: 'a' }] }).state).toEqual(closed);
  });

  it('n is refused outside Kubernetes; in Kubernetes "all" switches to every namespace', () => {
    expect(type(['n']).state.message).toEqual({ text: 'namespaces exist only for Kubernetes', error: true });
    const k8s = view({ sourceKind: 'kubernetes' });
    const opened = type(['n'], initialAppState(), k8s).state;
    const loaded = reduceApp(opened, { type: 'pickerLoaded', target: 'namespace', items: [{ name: 'all' }, { name: 'demo', current: true }] }).state;
    expect(type(['k', ENTER], loaded, k8s).effects).toEqual([{ kind: 'switch', target: 'namespace', name: '' }]);
  });

  it('the notice stays until the first key, and a message is kept while typing a filter', () => {
    const noticed = initialAppState('playing the bundled demo');
    expect(noticed.message?.text).toBe('playing the bundled demo');
    expect(type(['j'], noticed).state.message).toBeUndefined();
    const said = reduceApp(type(['/']).state, { type: 'say', text: 'switched' }).state;
    expect(type(['x'], said).state.message?.text).toBe('switched');
  });

  it('the selection stays on its row when rows move, and falls back to the nearest index when it leaves', () => {
    const state = type(['jj']).state;
    expect(selectedIndex(state, [rows[3]!, rows[2]!])).toBe(1);
    expect(selectedIndex(state, [rows[0]!, rows[1]!])).toBe(1);
    expect(selectedIndex(state, [])).toBe(0);
  });
});
