// Every key the table answers to, in one list: the key handling (commandFor), the help
// screen and the README's Keys table all come from here, so they cannot disagree. Like
// k9s's key actions, a binding names its keys, what it does and whether it changes the
// cluster. Dialogs on top of the table (confirm, filter, command line, pickers) take their
// keys first; see app-state.ts.
import type { KeyName, Keypress } from './keypress.js';
import type { SourceAction } from '../session.js';

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
  | 'evict'
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

/** The cluster rights a command needs (RBAC, asked of the server at start). */
export const COMMAND_NEEDS: Partial<Record<TableCommand, SourceAction>> = {
  stop: 'delete',
  kill: 'delete',
  rolloutRestart: 'rolloutRestart',
  logs: 'logs',
  previousLogs: 'logs',
};

/** Why a command will be refused (not allowed, with the namespace), if it will. */
export type NotAllowed = (command: TableCommand) => string | undefined;

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
  { command: 'evict', keys: [char('e')], action: 'evict the pod (policy/v1 Eviction, as a drain does: a PodDisruptionBudget may refuse it), with confirmation', modifies: true },
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

// The bindings in use: BINDINGS, or the settings file's rebinding of them, set once at
// start before the first frame (like the theme).
let active: readonly KeyBinding[] = BINDINGS;

export function setActiveBindings(bindings: readonly KeyBinding[]): void {
  active = bindings;
}

/** The table's command for a keypress, if it has one. */
export function commandFor(key: Keypress, bindings: readonly KeyBinding[] = active): TableCommand | undefined {
  return bindings.find((b) => b.keys.some((spec) => matches(spec, key)))?.command;
}

export interface KeyHelp {
  keys: string;
  action: string;
  modifies?: boolean;
  /** Why the user may not use it here (RBAC), when so. */
  notAllowed?: string;
}

/** What the help screen lists. */
export function keymapHelp(bindings: readonly KeyBinding[] = active, notAllowed?: NotAllowed): KeyHelp[] {
  return bindings.map((b) => {
    const help: KeyHelp = { keys: keyLabels(b.keys), action: b.action, modifies: b.modifies };
    const why = notAllowed?.(b.command);
    if (why) help.notAllowed = why;
    return help;
  });
}

/** A command's keys as the help lists them ("?", "j / Down"), in the bindings in use. */
export function keysOf(command: TableCommand, bindings: readonly KeyBinding[] = active): string {
  return keyLabels(bindings.find((b) => b.command === command)?.keys ?? []);
}

/** "j / ↓": a binding's keys as the help writes them. */
function keyLabels(keys: readonly KeySpec[]): string {
  return keys.map(keyLabel).join(' / ');
}

/** A command's first key ("j"), as the footer names it. */
export function firstKeyOf(command: TableCommand, bindings: readonly KeyBinding[] = active): string {
  const spec = bindings.find((b) => b.command === command)?.keys[0];
  return spec ? keyLabel(spec) : '';
}

/** The default keys, as --help and the README list them. */
export const KEYMAP: readonly KeyHelp[] = keymapHelp(BINDINGS);

/** The footer's hint line: "? help · / filter · …", help first; a key the user may not use says so. */
export function footerHints(bindings: readonly KeyBinding[] = active, notAllowed?: NotAllowed): string[] {
  return [...bindings]
    .filter((b) => b.hint)
    .sort((a, b) => Number(b.command === 'help') - Number(a.command === 'help'))
    .map((b) => `${keyLabel(b.keys[0]!)} ${b.hint}${notAllowed?.(b.command) ? ' (not allowed)' : ''}`);
}

export const FOOTER_HINTS: readonly string[] = footerHints(BINDINGS);

/** The README's Keys table, row for row. */
export function keysTableMarkdown(): string {
  return ['| keys | action |', '|---|---|', ...KEYMAP.map((k) => `| ${k.keys} | ${k.action} |`)].join('\n');
}

/** BINDINGS with some commands' keys replaced (the settings file's `keys:`). */
export function rebind(bindings: readonly KeyBinding[], keys: Partial<Record<TableCommand, KeySpec[]>>): KeyBinding[] {
  return bindings.map((b) => (keys[b.command] ? { ...b, keys: keys[b.command]! } : b));
}

/** The first key that two commands share, if any: a rebinding must not make a key ambiguous. */
export function sharedKey(bindings: readonly KeyBinding[]): { key: string; commands: [TableCommand, TableCommand] } | undefined {
  const owner = new Map<string, TableCommand>();
  for (const b of bindings) {
    for (const spec of b.keys) {
      const key = keyLabel(spec);
      const other = owner.get(key);
      if (other !== undefined && other !== b.command) return { key, commands: [other, b.command] };
      owner.set(key, b.command);
    }
  }
  return undefined;
}

const NAME_WORDS: Record<string, KeyName> = {
  up: 'up',
  down: 'down',
  left: 'left',
  right: 'right',
  pgup: 'pageUp',
  pageup: 'pageUp',
  pgdn: 'pageDown',
  pagedown: 'pageDown',
  home: 'home',
  end: 'end',
  enter: 'return',
  return: 'return',
  esc: 'escape',
  escape: 'escape',
  tab: 'tab',
  backspace: 'backspace',
  delete: 'delete',
};

/** The key names a settings file may use besides one character and ctrl-X. */
export const KEY_NAME_WORDS = Object.keys(NAME_WORDS);

/** "j", "ctrl-d", "pgdn", "enter" → a key; undefined when the text names none. */
export function parseKeySpec(text: string): KeySpec | undefined {
  if ([...text].length === 1) return { char: text };
  const ctrlLetter = /^ctrl-([a-z])$/i.exec(text);
  if (ctrlLetter) return { ctrl: ctrlLetter[1]!.toLowerCase() };
  const name = NAME_WORDS[text.toLowerCase()];
  return name ? { name } : undefined;
}

/** A key as the settings file writes it (parseKeySpec reads it back). */
export function keySpecText(spec: KeySpec): string {
  if ('char' in spec) return spec.char;
  if ('ctrl' in spec) return `ctrl-${spec.ctrl}`;
  return Object.entries(NAME_WORDS).find(([, name]) => name === spec.name)![0];
}
