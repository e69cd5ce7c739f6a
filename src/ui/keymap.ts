// Every key the table answers to, in one list: the key handling (commandFor), the help
// screen and the README's Keys table all come from here, so they cannot disagree. Like
// k9s's key actions, a binding names its keys, what it does and whether it changes the
// cluster. Dialogs on top of the table (confirm, filter, command line, pickers) take their
// keys first; see app-state.ts.
import type { KeyName, Keypress } from './keypress.js';

export type TableCommand =
  | 'down'
  | 'up'
  | 'first'
  | 'last'
  | 'pageDown'
  | 'pageUp'
  | 'filter'
  | 'detail'
  | 'back'
  | 'warnings'
  | 'contextPicker'
  | 'namespacePicker'
  | 'commandLine'
  | 'groupByOwner'
  | 'logs'
  | 'previousLogs'
  | 'stop'
  | 'kill'
  | 'rolloutRestart'
  | 'help'
  | 'quit';

/** A printable character, a Ctrl-letter, or a named key. */
export type KeySpec = { char: string } | { ctrl: string } | { name: KeyName };

export interface KeyBinding {
  command: TableCommand;
  keys: KeySpec[];
  action: string;
  /** Changes the cluster or engine: refused (and dimmed in help) when read-only. */
  modifies?: boolean;
  /** A word for the footer's hint line; bindings without one are only in help. */
  hint?: string;
}

const char = (c: string): KeySpec => ({ char: c });
const ctrl = (c: string): KeySpec => ({ ctrl: c });
const named = (name: KeyName): KeySpec => ({ name });

export const BINDINGS: readonly KeyBinding[] = [
  { command: 'down', keys: [char('j'), named('down')], action: 'move down' },
  { command: 'up', keys: [char('k'), named('up')], action: 'move up' },
  { command: 'first', keys: [char('g'), named('home')], action: 'first row' },
  { command: 'last', keys: [char('G'), named('end')], action: 'last row' },
  { command: 'pageDown', keys: [named('pageDown'), ctrl('f')], action: 'page down' },
  { command: 'pageUp', keys: [named('pageUp'), ctrl('b')], action: 'page up' },
  { command: 'filter', hint: 'filter', keys: [char('/')], action: 'filter rows (pod, container, state, reason); Enter keeps it, Esc clears it' },
  { command: 'detail', hint: 'detail', keys: [named('return'), char('d')], action: 'detail pane: state, last state, timestamps, hooks, termination, warnings, timeline, events' },
  { command: 'back', keys: [named('escape')], action: 'back (close pane, clear filter)' },
  { command: 'warnings', keys: [char('w')], action: 'lifecycle warnings of the rows in view (rows with one show !)' },
  { command: 'contextPicker', hint: 'context', keys: [char('c')], action: 'context picker (kubeconfig or Docker contexts)' },
  { command: 'namespacePicker', keys: [char('n')], action: 'namespace picker (Kubernetes; for every context in view)' },
  { command: 'commandLine', keys: [char(':')], action: 'command: :ctx NAME, :ns NAME (:ns all for every namespace), :q' },
  { command: 'groupByOwner', keys: [char('o')], action: 'group rows by owner (Deployment, Job, …, with an OWNER column); again to ungroup' },
  { command: 'logs', hint: 'logs', keys: [char('l')], action: "the container's log, live (follow); Esc back" },
  { command: 'previousLogs', keys: [char('p')], action: "the previous instance's log (a crash loop's last run); Esc back" },
  { command: 'stop', hint: 'delete', keys: [ctrl('d')], action: 'delete the pod / stop the container, with confirmation and a grace period', modifies: true },
  { command: 'kill', keys: [ctrl('k')], action: 'kill: Kubernetes delete with grace 1 (kubectl --now), Docker SIGKILL', modifies: true },
  { command: 'rolloutRestart', keys: [char('R')], action: "rollout restart of the pod's Deployment, with confirmation (like kubectl rollout restart)", modifies: true },
  { command: 'help', hint: 'help', keys: [char('?')], action: 'this help' },
  // Ink itself quits on Ctrl-C (and restores the terminal); it is listed so help shows it.
  { command: 'quit', hint: 'quit', keys: [char('q'), ctrl('c')], action: 'quit (the terminal is restored)' },
];

const NAME_LABEL: Record<KeyName, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  backspace: 'Backspace',
  delete: 'Delete',
};

export function keyLabel(spec: KeySpec): string {
  if ('char' in spec) return spec.char;
  if ('ctrl' in spec) return `Ctrl-${spec.ctrl.toUpperCase()}`;
  return NAME_LABEL[spec.name];
}

export function matches(spec: KeySpec, key: Keypress): boolean {
  if ('char' in spec) return !key.ctrl && !key.meta && !key.name && key.input === spec.char;
  if ('ctrl' in spec) return key.ctrl && key.input === spec.ctrl;
  return key.name === spec.name;
}

/** The table's command for a keypress, if it has one. */
export function commandFor(key: Keypress): TableCommand | undefined {
  return BINDINGS.find((b) => b.keys.some((spec) => matches(spec, key)))?.command;
}

export interface KeyHelp {
  keys: string;
  action: string;
  modifies?: boolean;
}

/** What the help screen and the README list. */
export const KEYMAP: readonly KeyHelp[] = BINDINGS.map((b) => ({ keys: b.keys.map(keyLabel).join(' / '), action: b.action, modifies: b.modifies }));

/** The footer's hint line: "? help · / filter · …", help first. */
export const FOOTER_HINTS: readonly string[] = [...BINDINGS]
  .filter((b) => b.hint)
  .sort((a, b) => Number(b.command === 'help') - Number(a.command === 'help'))
  .map((b) => `${keyLabel(b.keys[0]!)} ${b.hint}`);

/** The README's Keys table, row for row. */
export function keysTableMarkdown(): string {
  return ['| keys | action |', '|---|---|', ...KEYMAP.map((k) => `| ${k.keys} | ${k.action} |`)].join('\n');
}
