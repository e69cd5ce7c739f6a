// The settings file (${XDG_CONFIG_HOME:-~/.config}/podlife/config.yaml, or $PODLIFE_CONFIG):
// default flags, columns, keys, colours and how long gone rows stay. Read strictly: any
// unknown key, wrong type, unknown column, action, key or colour is one error naming the
// file, the line and the key, so a typo is never silently ignored.
import { COLUMN_IDS } from '../render/column-choice.js';
import type { ColumnId } from '../render/row-cells.js';
import { BINDINGS, KEY_NAME_WORDS, keySpecText, parseKeySpec, rebind, sharedKey, type KeySpec, type TableCommand } from '../ui/keymap.js';
import { isColor, type ThemeColor, type ThemePreset } from '../ui/theme.js';
import { parseYamlSubset, YamlSubsetError, type YamlEntry, type YamlNode } from './yaml-subset.js';

/** Flags the file may give defaults for; a flag on the command line wins. */
export interface FlagDefaults {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  dockerHost?: string;
  readonly?: boolean;
}

export interface Settings {
  defaults: FlagDefaults;
  /** Undefined: every column that applies, in the default order. */
  columns?: ColumnId[];
  keys: Partial<Record<TableCommand, KeySpec[]>>;
  theme: ThemePreset;
  colors: Partial<Record<ThemeColor, string>>;
  /** How long a deleted object's rows stay (marked †) before they go. */
  goneRowSeconds: number;
}

export const DEFAULT_SETTINGS: Settings = { defaults: {}, keys: {}, theme: 'dark', colors: {}, goneRowSeconds: 60 };

/** "file line N: message" — the whole error, on one line. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const DEFAULT_KEYS: Record<string, keyof FlagDefaults> = {
  kubeconfig: 'kubeconfig',
  context: 'context',
  namespace: 'namespace',
  'all-namespaces': 'allNamespaces',
  'docker-host': 'dockerHost',
  readonly: 'readonly',
};
const BOOLEAN_DEFAULTS: (keyof FlagDefaults)[] = ['allNamespaces', 'readonly'];

/** pageDown → page-down: the file spells names as the flags do. */
export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const ACTIONS = new Map(BINDINGS.map((b) => [kebab(b.command), b.command]));
/** The footer's words for actions ("delete" is stop's): a near miss of one suggests the action. */
const ACTION_HINTS = Object.fromEntries(BINDINGS.filter((b) => b.hint && b.hint !== kebab(b.command)).map((b) => [b.hint!, kebab(b.command)]));
const COLOR_KEYS = new Map((['waiting', 'running', 'completed', 'failed', 'accent', 'warning', 'danger', 'muted', 'barFill', 'barKill', 'selectedBackground'] as ThemeColor[]).map((c) => [kebab(c), c]));
const TOP_KEYS = ['defaults', 'columns', 'keys', 'theme', 'colors', 'gone-row-seconds'];

/** Reads the file's text; `file` is the name the errors give (e.g. ~/.config/podlife/config.yaml). */
export function readSettings(text: string, file: string): Settings {
  const fail = (line: number, message: string): never => {
    throw new SettingsError(`${file} line ${line}: ${message}`);
  };
  let root: YamlNode | undefined;
  try {
    root = parseYamlSubset(text);
  } catch (err) {
    if (err instanceof YamlSubsetError) fail(err.line, err.message);
    throw err;
  }
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  if (root === undefined) return settings;
  if (root.kind !== 'map') return fail(root.line, 'the file must be a map of settings ("columns: …", "keys: …")');

  for (const entry of entriesOf(root, TOP_KEYS, '', fail)) {
    const { key, line, value } = entry;
    switch (key) {
      case 'defaults':
        for (const e of entriesOf(mapOf(entry, fail), Object.keys(DEFAULT_KEYS), 'defaults', fail)) {
          const flag = DEFAULT_KEYS[e.key]!;
          if (BOOLEAN_DEFAULTS.includes(flag)) (settings.defaults[flag] as boolean) = booleanOf(e, fail);
          else (settings.defaults[flag] as string) = stringOf(e, fail);
        }
        break;
      case 'columns': {
        const ids = stringsOf(entry, fail);
        for (const id of ids) if (!(COLUMN_IDS as string[]).includes(id)) fail(line, `unknown column "${id}"${suggest(id, COLUMN_IDS)} (columns: ${COLUMN_IDS.join(', ')})`);
        const twice = ids.find((id, i) => ids.indexOf(id) !== i);
        if (twice) fail(line, `column "${twice}" is listed twice`);
        if (ids.length === 0) fail(line, 'columns lists no column');
        settings.columns = ids as ColumnId[];
        break;
      }
      case 'keys':
        for (const e of entriesOf(mapOf(entry, fail), [...ACTIONS.keys()], 'keys', fail, 'key action', ACTION_HINTS)) {
          const command = ACTIONS.get(e.key)!;
          const specs = stringsOf(e, fail).map((text) => parseKeySpec(text) ?? fail(e.line, `"${text}" is not a key (one character, ctrl-X, or one of ${KEY_NAME_WORDS.join(', ')})`));
          if (specs.length === 0) fail(e.line, `keys.${e.key} binds no key`);
          if (command !== 'quit' && specs.some((s) => 'ctrl' in s && s.ctrl === 'c')) fail(e.line, 'ctrl-c always quits (it is the terminal\'s interrupt); bind another key');
          settings.keys[command] = specs;
          const shared = sharedKey(rebind(BINDINGS, settings.keys));
          if (shared) fail(e.line, `key "${shared.key}" would do both ${kebab(shared.commands[0])} and ${kebab(shared.commands[1])}; rebind the other one too`);
        }
        break;
      case 'theme': {
        const preset = stringOf(entry, fail);
        if (preset !== 'dark' && preset !== 'light') fail(line, `theme must be dark or light (got "${preset}")`);
        settings.theme = preset as ThemePreset;
        break;
      }
      case 'colors':
        for (const e of entriesOf(mapOf(entry, fail), [...COLOR_KEYS.keys()], 'colors', fail)) {
          const color = stringOf(e, fail);
          if (!isColor(color)) fail(e.line, `"${color}" is not a colour for ${e.key} (a name such as red, gray or blueBright, or #rrggbb)`);
          settings.colors[COLOR_KEYS.get(e.key)!] = color;
        }
        break;
      case 'gone-row-seconds': {
        const seconds = value.kind === 'scalar' ? value.value : undefined;
        if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) fail(line, `gone-row-seconds must be a number of seconds >= 0 (got ${describe(value)})`);
        settings.goneRowSeconds = seconds as number;
        break;
      }
    }
  }
  return settings;
}

type Fail = (line: number, message: string) => never;

/** The map's entries, each key one of `known`; `aliases` are other words a near miss may have meant (word → key). */
function entriesOf(map: YamlNode & { kind: 'map' }, known: string[], section: string, fail: Fail, what = 'key', aliases: Record<string, string> = {}): YamlEntry[] {
  for (const e of map.entries) {
    if (!known.includes(e.key)) fail(e.line, `unknown ${what} "${e.key}"${section ? ` in ${section}` : ''}${suggest(e.key, known, aliases)}`);
  }
  return map.entries;
}

function mapOf(entry: YamlEntry, fail: Fail): YamlNode & { kind: 'map' } {
  if (entry.value.kind === 'map') return entry.value;
  if (entry.value.kind === 'scalar' && entry.value.value === null) return { kind: 'map', line: entry.line, entries: [] };
  return fail(entry.line, `${entry.key} must be a map of "name: value" lines (got ${describe(entry.value)})`);
}

function stringOf(entry: YamlEntry, fail: Fail): string {
  const v = entry.value;
  if (v.kind === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'number') && v.value !== '') return String(v.value);
  return fail(entry.line, `${entry.key} must be a word or a quoted string (got ${describe(v)})`);
}

function booleanOf(entry: YamlEntry, fail: Fail): boolean {
  const v = entry.value;
  if (v.kind === 'scalar' && typeof v.value === 'boolean') return v.value;
  return fail(entry.line, `${entry.key} must be true or false (got ${describe(v)})`);
}

/** One word or a list of words: "keys: {stop: x}" and "stop: [x, y]" both read. */
function stringsOf(entry: YamlEntry, fail: Fail): string[] {
  const v = entry.value;
  const items = v.kind === 'list' ? v.items : [v];
  return items.map((item) => {
    if (item.kind === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number') && item.value !== '') return String(item.value);
    return fail(item.line, `${entry.key} must be a word or a list of words (got ${describe(item)})`);
  });
}

function describe(node: YamlNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'list') return 'a list';
  if (node.value === null) return 'nothing';
  return typeof node.value === 'string' ? `"${node.value}"` : String(node.value);
}

/** ' (did you mean "columns"?)' for a near miss: a typo of two letters or fewer, or a prefix. */
function suggest(word: string, known: readonly string[], aliases: Record<string, string> = {}): string {
  const best = [...known.map((k) => [k, k] as const), ...Object.entries(aliases)]
    .map(([near, k]) => ({ k, d: near.startsWith(word) || word.startsWith(near) ? 1 : distance(word.toLowerCase(), near.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 2 ? ` (did you mean "${best.k}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The settings as the file would write them: what `podlife config show` prints (and reads back). */
export function settingsText(settings: Settings, effectiveColors: Record<ThemeColor, string>): string {
  const q = (text: string) => JSON.stringify(text);
  const defaults = Object.entries(DEFAULT_KEYS).flatMap(([key, flag]) => {
    const value = settings.defaults[flag];
    return value === undefined ? [] : [`  ${key}: ${typeof value === 'boolean' ? value : q(value)}`];
  });
  const keys = rebind(BINDINGS, settings.keys).map((b) => `  ${kebab(b.command)}: [${b.keys.map((k) => q(keySpecText(k))).join(', ')}]`);
  return [
    defaults.length ? 'defaults:' : 'defaults: {}',
    ...defaults,
    `columns: [${(settings.columns ?? COLUMN_IDS).join(', ')}]`,
    'keys:',
    ...keys,
    `theme: ${settings.theme}`,
    'colors:',
    ...Object.entries(effectiveColors).map(([name, color]) => `  ${kebab(name)}: ${q(color)}`),
    `gone-row-seconds: ${settings.goneRowSeconds}`,
    '',
  ].join('\n');
}
