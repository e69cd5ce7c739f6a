// What the dashboard is doing (table, detail, a dialog…), the filter, the selected row and
// the footer message, changed only by this reducer. Pure: a keypress goes in with what
// the screen shows, the next state and the effects to run (quit, switch, delete) come
// out, so every mode transition is tested without a terminal (test/unit/app-state.test.ts).
// Like gemini-cli's keypress layers, a dialog on top takes keys before the table under it.
import type { ContainerRow } from '../lifecycle/types.js';
import type { TerminateOptions } from '../session.js';
import { parseCommand } from './commands.js';
import { confirmQuestion, parseGrace, type ConfirmRequest, type TerminateAction } from './confirm-text.js';
import type { Keypress } from './keypress.js';
import { commandFor, type TableCommand } from './keymap.js';
import type { PickerItem } from './Picker.js';
import { helpWindow } from './help-lines.js';

export type PickerTarget = 'context' | 'namespace';

export type Mode =
  | { kind: 'table' }
  | { kind: 'detail' }
  /** The keys; `top`: the first line shown, when they do not all fit. */
  | { kind: 'help'; top: number }
  | { kind: 'warnings' }
  | { kind: 'filter' }
  | { kind: 'command'; text: string }
  | { kind: 'confirm'; request: ConfirmRequest }
  /** A container's log: live (follow) or the previous instance's. */
  | { kind: 'logs'; row: ContainerRow; previous: boolean }
  | { kind: 'picker'; target: PickerTarget; items?: PickerItem[]; selected: number; error?: string };

export interface Message {
  text: string;
  error: boolean;
}

export interface AppState {
  mode: Mode;
  filter: string;
  /** The selected row by key, so the selection stays on its row while rows come and go; its index for when the row leaves. */
  cursor: { key?: string; index: number };
  message?: Message;
  /** Rows sorted by their owner (o), with an OWNER column. */
  groupByOwner: boolean;
}

/** What the screen shows when a key arrives. */
export interface KeyContext {
  /** The rows in view under a filter (the filter may change within one chunk of keys), grouped by owner or not. */
  rowsFor: (filter: string, groupByOwner?: boolean) => readonly ContainerRow[];
  /** Rows per page (PgDn / Ctrl-F), and the lines the help is drawn in. */
  pageSize: number;
  /** How many lines the help has (its keys and notes), for how far it scrolls. */
  helpLineCount?: () => number;
  sourceKind: 'kubernetes' | 'docker' | 'replay';
  /** Why deleting is refused (--readonly, a replay), if it is. */
  modifyBlockedReason?: string;
  /** Why the cluster will refuse a command for this row (RBAC, asked at start): said at once, no confirmation. */
  notAllowed?: (command: TableCommand, row: ContainerRow) => string | undefined;
}

export type Effect =
  | { kind: 'exit' }
  | { kind: 'switch'; target: PickerTarget; name: string }
  /** Load the picker's list; answer with pickerLoaded / pickerFailed (at once for a list in memory). */
  | { kind: 'loadPicker'; target: PickerTarget }
  | { kind: 'terminate'; row: ContainerRow; options: TerminateOptions }
  | { kind: 'rolloutRestart'; row: ContainerRow }
  | { kind: 'evict'; row: ContainerRow };

export type AppAction =
  | { type: 'key'; key: Keypress; view: KeyContext }
  /** `error`: what could not be listed, shown above the items (a context of several that did not answer). */
  | { type: 'pickerLoaded'; target: PickerTarget; items: PickerItem[]; error?: string }
  | { type: 'pickerFailed'; target: PickerTarget; error: string }
  | { type: 'say'; text: string; error?: boolean };

export interface Step {
  state: AppState;
  effects: Effect[];
}

export function initialAppState(notice?: string): AppState {
  return { mode: { kind: 'table' }, filter: '', cursor: { index: 0 }, message: notice ? { text: notice, error: false } : undefined, groupByOwner: false };
}

/** The selected row's index among `rows`: the row the cursor is on, else the nearest index. */
export function selectedIndex(state: AppState, rows: readonly ContainerRow[]): number {
  return selectedPosition(state, rows.length, (key) => rows.findIndex((r) => r.key === key));
}

/** selectedIndex among `count` rows that find a key with `indexOfKey` (-1 when absent), without a scan. */
export function selectedPosition(state: AppState, count: number, indexOfKey: (key: string) => number): number {
  if (count === 0) return 0;
  const found = state.cursor.key === undefined ? -1 : indexOfKey(state.cursor.key);
  return found >= 0 ? found : Math.min(state.cursor.index, count - 1);
}

export function reduceApp(state: AppState, action: AppAction): Step {
  switch (action.type) {
    case 'say':
      return only({ ...state, message: { text: action.text, error: action.error ?? false } });
    case 'pickerLoaded': {
      const m = state.mode;
      if (m.kind !== 'picker' || m.target !== action.target) return only(state);
      return only({ ...state, mode: { ...m, items: action.items, selected: Math.max(0, action.items.findIndex((i) => i.current)), error: action.error } });
    }
    case 'pickerFailed': {
      const m = state.mode;
      if (m.kind !== 'picker' || m.target !== action.target) return only(state);
      return only({ ...state, mode: { ...m, error: action.error } });
    }
    case 'key':
      return reduceKey(state, action.key, action.view);
  }
}

function reduceKey(before: AppState, key: Keypress, view: KeyContext): Step {
  const mode = before.mode;
  // Any key clears the footer message, except while typing a filter or command.
  const state = mode.kind !== 'filter' && mode.kind !== 'command' && before.message ? { ...before, message: undefined } : before;
  switch (mode.kind) {
    case 'confirm':
      return confirmKey(state, mode.request, key);
    case 'filter':
      return filterKey(state, key);
    case 'command':
      return commandKey(state, mode.text, key, view);
    case 'picker':
      return pickerKey(state, mode, key);
    case 'help':
      return helpKey(state, mode, key, view);
    case 'warnings':
      return key.name === 'escape' || isChar(key, 'w') || isChar(key, 'q') ? toTable(state) : only(state);
    case 'logs':
      return key.name === 'escape' || isChar(key, 'q') || isChar(key, mode.previous ? 'p' : 'l') ? toTable(state) : only(state);
    case 'table':
    case 'detail':
      return tableKey(state, key, view);
  }
}

function tableKey(state: AppState, key: Keypress, view: KeyContext): Step {
  const rows = view.rowsFor(state.filter, state.groupByOwner);
  const selected = selectedIndex(state, rows);
  const select = (index: number): Step => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    return only({ ...state, cursor: { key: rows[clamped]?.key, index: Math.max(0, clamped) } });
  };
  switch (commandFor(key)) {
    case 'down':
      return select(selected + 1);
    case 'up':
      return select(selected - 1);
    case 'first':
      return select(0);
    case 'last':
      return select(rows.length - 1);
    case 'pageDown':
      return select(selected + view.pageSize);
    case 'pageUp':
      return select(selected - view.pageSize);
    case 'filter':
      return only({ ...state, mode: { kind: 'filter' } });
    case 'commandLine':
      return only({ ...state, mode: { kind: 'command', text: '' } });
    case 'help':
      return only({ ...state, mode: { kind: 'help', top: 0 } });
    case 'warnings':
      return only({ ...state, mode: { kind: 'warnings' } });
    case 'detail':
      return only({ ...state, mode: state.mode.kind === 'detail' ? { kind: 'table' } : { kind: 'detail' } });
    case 'back':
      if (state.mode.kind === 'detail') return toTable(state);
      return only(state.filter ? { ...state, filter: '' } : state);
    case 'contextPicker':
      return openPicker(state, 'context');
    case 'namespacePicker':
      return view.sourceKind === 'kubernetes' ? openPicker(state, 'namespace') : say(state, 'namespaces exist only for Kubernetes', true);
    case 'stop':
      return askTerminate(state, 'stop', rows[selected], view);
    case 'kill':
      return askTerminate(state, 'kill', rows[selected], view);
    case 'rolloutRestart':
      return askRolloutRestart(state, rows[selected], view);
    case 'evict':
      return view.sourceKind === 'kubernetes' || view.modifyBlockedReason ? askTerminate(state, 'evict', rows[selected], view) : say(state, 'eviction is for Kubernetes pods', true);
    case 'groupByOwner':
      return say({ ...state, groupByOwner: !state.groupByOwner }, state.groupByOwner ? 'rows in their usual order' : 'rows grouped by owner');
    case 'logs':
    case 'previousLogs': {
      const row = rows[selected];
      if (!row) return say(state, 'no row selected', true);
      if (view.sourceKind === 'replay') return say(state, 'a replay has no logs: they are not recorded (unless --record-logs) and cannot be fetched', true);
      const refused = view.notAllowed?.(commandFor(key)!, row);
      if (refused) return say(state, refused, true);
      return only({ ...state, mode: { kind: 'logs', row, previous: commandFor(key) === 'previousLogs' } });
    }
    case 'quit':
      return { state, effects: [{ kind: 'exit' }] };
    case undefined:
      return only(state);
  }
}

function openPicker(state: AppState, target: PickerTarget): Step {
  return { state: { ...state, mode: { kind: 'picker', target, selected: 0 } }, effects: [{ kind: 'loadPicker', target }] };
}

function askTerminate(state: AppState, action: TerminateAction, row: ContainerRow | undefined, view: KeyContext): Step {
  if (view.modifyBlockedReason) return say(state, view.modifyBlockedReason, true);
  if (!row) return say(state, 'no row selected', true);
  if (row.goneAt !== undefined) return say(state, `${row.group} is already gone`, true);
  const refused = view.notAllowed?.(action === 'kill' ? 'kill' : 'stop', row);
  if (refused) return say(state, refused, true);
  const grace = row.defaultGraceSeconds ?? (row.source === 'docker' ? 10 : 30);
  // The row's own context: with several in view, it says which cluster the delete goes to.
  return only({ ...state, mode: { kind: 'confirm', request: { action, row, context: row.context, graceInput: String(grace) } } });
}

/** The same rules as delete: refused read-only, confirmed naming context, namespace and target, default no. */
function askRolloutRestart(state: AppState, row: ContainerRow | undefined, view: KeyContext): Step {
  if (view.modifyBlockedReason) return say(state, view.modifyBlockedReason, true);
  if (!row) return say(state, 'no row selected', true);
  if (row.source !== 'kubernetes') return say(state, 'rollout restart is for Kubernetes Deployments', true);
  if (!row.owner?.deployment) {
    const owner = row.owner ? `its owner is ${row.owner.kind.toLowerCase()}/${row.owner.name}` : 'it has no owner';
    return say(state, `pod ${row.group} is not controlled by a Deployment (${owner})`, true);
  }
  const refused = view.notAllowed?.('rolloutRestart', row);
  if (refused) return say(state, refused, true);
  return only({ ...state, mode: { kind: 'confirm', request: { action: 'restart', row, context: row.context, graceInput: '' } } });
}

function confirmKey(state: AppState, request: ConfirmRequest, key: Keypress): Step {
  if (isChar(key, 'y') || isChar(key, 'Y')) return runTerminate(toTable(state).state, request);
  if (request.action === 'stop' && !key.name && !key.ctrl && /^\d$/.test(key.input)) {
    return only({ ...state, mode: { kind: 'confirm', request: { ...request, graceInput: (request.graceInput + key.input).slice(-6) } } });
  }
  if (request.action === 'stop' && isErase(key)) {
    return only({ ...state, mode: { kind: 'confirm', request: { ...request, graceInput: request.graceInput.slice(0, -1) } } });
  }
  if (isChar(key, 'n') || isChar(key, 'N') || key.name === 'escape' || key.name === 'return') {
    return say(toTable(state).state, 'cancelled: nothing was changed');
  }
  return only(state);
}

function runTerminate(state: AppState, request: ConfirmRequest): Step {
  if (request.action === 'restart') {
    const said = say(state, `rollout restart requested: ${confirmQuestion(request).replace(/\?$/, '')}`).state;
    return { state: said, effects: [{ kind: 'rolloutRestart', row: request.row }] };
  }
  if (request.action === 'evict') return { state: say(state, `eviction requested: ${confirmQuestion(request).replace(/\?$/, '')}`).state, effects: [{ kind: 'evict', row: request.row }] };
  const grace = request.action === 'kill' ? 1 : parseGrace(request.graceInput);
  if (grace === undefined) return say(state, 'the grace period must be a whole number of seconds', true);
  const force = request.action === 'stop' && grace === 0 && request.row.source !== 'docker';
  const said = say(state, `${request.action === 'kill' ? 'kill' : 'stop'} requested: ${confirmQuestion(request).replace(/\?$/, '')}`).state;
  const mode = request.action === 'kill' ? 'kill' : 'stop';
  return { state: said, effects: [{ kind: 'terminate', row: request.row, options: { mode, graceSeconds: grace, force } }] };
}

function filterKey(state: AppState, key: Keypress): Step {
  if (key.name === 'escape') return only({ ...state, filter: '', mode: { kind: 'table' } });
  if (key.name === 'return') return toTable(state);
  if (isErase(key)) return only({ ...state, filter: state.filter.slice(0, -1) });
  if (isText(key)) return only({ ...state, filter: state.filter + key.input });
  return only(state);
}

function commandKey(state: AppState, text: string, key: Keypress, view: KeyContext): Step {
  if (key.name === 'escape') return toTable(state);
  if (isErase(key)) return only({ ...state, mode: { kind: 'command', text: text.slice(0, -1) } });
  if (isText(key)) return only({ ...state, mode: { kind: 'command', text: text + key.input } });
  if (key.name !== 'return') return only(state);
  const table = toTable(state).state;
  const command = parseCommand(text);
  switch (command.kind) {
    case 'quit':
      return { state: table, effects: [{ kind: 'exit' }] };
    case 'error':
      return say(table, command.message, true);
    case 'namespace':
      if (view.sourceKind !== 'kubernetes') return say(table, 'namespaces exist only for Kubernetes', true);
      return { state: table, effects: [{ kind: 'switch', target: 'namespace', name: command.name }] };
    case 'context':
      return { state: table, effects: [{ kind: 'switch', target: 'context', name: command.name }] };
  }
}

/** The help closes with Esc, q or its own key; the table's movement keys scroll it. */
function helpKey(state: AppState, mode: Extract<Mode, { kind: 'help' }>, key: Keypress, view: KeyContext): Step {
  const command = commandFor(key);
  if (key.name === 'escape' || isChar(key, 'q') || command === 'help') return toTable(state);
  const lines = view.helpLineCount?.() ?? 0;
  // Where the window is now: a terminal resized taller may have clamped it on screen.
  const { top, shown } = helpWindow(lines, view.pageSize, mode.top);
  const page = Math.max(1, shown);
  const moveTo = (next: number) => only({ ...state, mode: { kind: 'help', top: helpWindow(lines, view.pageSize, next).top } });
  switch (command) {
    case 'down':
      return moveTo(top + 1);
    case 'up':
      return moveTo(top - 1);
    case 'pageDown':
      return moveTo(top + page);
    case 'pageUp':
      return moveTo(top - page);
    case 'first':
      return moveTo(0);
    case 'last':
      return moveTo(lines);
    default:
      return only(state);
  }
}

function pickerKey(state: AppState, mode: Extract<Mode, { kind: 'picker' }>, key: Keypress): Step {
  const count = mode.items?.length ?? 0;
  if (key.name === 'escape' || isChar(key, 'q')) return toTable(state);
  if (key.name === 'down' || isChar(key, 'j')) return only({ ...state, mode: { ...mode, selected: Math.max(0, Math.min(count - 1, mode.selected + 1)) } });
  if (key.name === 'up' || isChar(key, 'k')) return only({ ...state, mode: { ...mode, selected: Math.max(0, mode.selected - 1) } });
  const item = mode.items?.[mode.selected];
  if (key.name === 'return' && item) {
    const name = mode.target === 'namespace' && item.name === 'all' ? '' : item.name;
    return { state: toTable(state).state, effects: [{ kind: 'switch', target: mode.target, name }] };
  }
  return only(state);
}

const only = (state: AppState): Step => ({ state, effects: [] });
const toTable = (state: AppState): Step => only({ ...state, mode: { kind: 'table' } });
const say = (state: AppState, text: string, error = false): Step => only({ ...state, message: { text, error } });
const isChar = (key: Keypress, ch: string) => !key.ctrl && !key.meta && !key.name && key.input === ch;
const isErase = (key: Keypress) => key.name === 'backspace' || key.name === 'delete';
/** Text typed into the filter or command line (Ctrl- and Alt-keys are not text). */
const isText = (key: Keypress) => !key.ctrl && !key.meta && !key.name && key.input !== '';
