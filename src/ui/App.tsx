import { Box, Text, useApp, useInput, useWindowSize, type Key } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ContainerRow } from '../lifecycle/types.js';
import type { Session } from '../session.js';
import { parseCommand } from './commands.js';
import { Confirm } from './Confirm.js';
import { confirmQuestion, parseGrace, type ConfirmRequest, type TerminateAction } from './confirm-text.js';
import { timelineFor, warningsByRow, warningsForGroup } from '../store/warnings-and-timelines.js';
import { Detail } from './Detail.js';
import { WarningAndStripCache } from './warning-and-strip-cache.js';
import { WarningList } from './WarningList.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { Picker, type PickerItem } from './Picker.js';
import { columnsFor, fitColumns } from '../render/row-cells.js';
import { filterRows } from './row-filter.js';
import { Table } from './Table.js';
import { theme } from './theme.js';
import { useStoreVersion } from './use-store.js';
import { useTick } from './use-tick.js';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 6;

type Mode =
  | { kind: 'table' }
  | { kind: 'detail' }
  | { kind: 'help' }
  | { kind: 'warnings' }
  | { kind: 'filter' }
  | { kind: 'command'; text: string }
  | { kind: 'confirm'; request: ConfirmRequest }
  | { kind: 'picker'; target: 'context' | 'namespace'; items?: PickerItem[]; selected: number; error?: string };

export interface AppProps {
  session: Session;
  sourceLabel: string;
  /** Shown in the footer until the first key: e.g. why podlife is playing the demo recording. */
  notice?: string;
}

export function App({ session, sourceLabel, notice }: AppProps) {
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const store = session.store;
  useStoreVersion(store);
  const [, setSessionTick] = useState(0);
  useEffect(() => session.onChange(() => setSessionTick((n) => n + 1)), [session]);
  useTick(store.hasActiveTermination());

  const warningAndStripCache = useMemo(() => new WarningAndStripCache(store, () => session.watchStartedAt), [store, session]);
  const [mode, setModeState] = useState<Mode>({ kind: 'table' });
  // The key handler reads the mode from a ref: keys that arrive in one chunk (a paste,
  // a fast typist over ssh) must each see the mode the previous key left behind.
  const modeRef = useRef(mode);
  const setMode = (next: Mode | ((m: Mode) => Mode)) => {
    modeRef.current = typeof next === 'function' ? next(modeRef.current) : next;
    setModeState(modeRef.current);
  };
  const [filter, setFilter] = useState('');
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [lastIndex, setLastIndex] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>(notice ? { text: notice, error: false } : undefined);

  const all = store.allRows();
  const rows = useMemo(() => filterRows(all, filter), [all, filter]);
  const found = selectedKey === undefined ? -1 : rows.findIndex((r) => r.key === selectedKey);
  const selected = rows.length === 0 ? 0 : found >= 0 ? found : Math.min(lastIndex, rows.length - 1);
  const current: ContainerRow | undefined = rows[selected];
  const now = store.clock();
  const statuses = store.statusList();
  const replay = session.kind === 'replay';

  const chromeRows = 4; // header (2), table header, footer
  const tableHeight = Math.max(1, height - chromeRows);
  const [offset, setOffset] = useState(0);
  const visibleOffset = selected < offset ? selected : selected >= offset + tableHeight ? selected - tableHeight + 1 : Math.min(offset, Math.max(0, rows.length - tableHeight));
  useEffect(() => setOffset(visibleOffset), [visibleOffset]);

  const select = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setSelectedKey(rows[clamped]?.key);
    setLastIndex(clamped);
  };
  const say = (text: string, error = false) => setMessage({ text, error });

  const switchTo = (target: 'context' | 'namespace', name: string) => {
    const action = target === 'context' ? session.switchTo(name) : session.switchNamespace(name);
    action.then(
      () => say(target === 'context' ? `switched to context ${name}` : `namespace ${name || 'all'}`),
      (error: Error) => say(error.message, true),
    );
  };

  const openPicker = (target: 'context' | 'namespace') => {
    const pickerWith = (items: PickerItem[]): Mode => ({ kind: 'picker', target, items, selected: Math.max(0, items.findIndex((i) => i.current)) });
    let list: PickerItem[] | Promise<PickerItem[]>;
    try {
      list = target === 'context' ? (session.provider.catalog?.contexts() ?? [{ name: session.context, current: true }]) : namespaceItems();
    } catch (error) {
      return setMode({ kind: 'picker', target, selected: 0, error: (error as Error).message });
    }
    // An in-memory list (kubeconfig, Docker contexts) opens the picker with its items in
    // this one update: no "loading…" frame exists. Only a list fetched from the API waits.
    if (Array.isArray(list)) return setMode(pickerWith(list));
    setMode({ kind: 'picker', target, selected: 0 });
    list.then(
      (items) => setMode((m) => (m.kind === 'picker' && m.target === target ? pickerWith(items) : m)),
      (error: Error) => setMode((m) => (m.kind === 'picker' && m.target === target ? { ...m, error: error.message } : m)),
    );
  };
  const namespaceItems = (): Promise<PickerItem[]> => {
    if (!session.provider.namespaces) return Promise.reject(new Error('this source has no namespaces'));
    return session.provider.namespaces(session.context).then((names) => [{ name: 'all', detail: 'every namespace (-A)' }, ...names.map((name) => ({ name, current: name === session.namespace }))]);
  };

  const askTerminate = (action: TerminateAction) => {
    const blocked = session.modifyBlockedReason();
    if (blocked) return say(blocked, true);
    if (!current) return say('no row selected', true);
    if (current.goneAt !== undefined) return say(`${current.group} is already gone`, true);
    const grace = current.defaultGraceSeconds ?? (current.source === 'docker' ? 10 : 30);
    // The row's own context: with several in view, it says which cluster the delete goes to.
    setMode({ kind: 'confirm', request: { action, row: current, context: current.context, graceInput: String(grace) } });
  };

  const runTerminate = (request: ConfirmRequest) => {
    const grace = request.action === 'kill' ? 1 : parseGrace(request.graceInput);
    if (grace === undefined) return say('the grace period must be a whole number of seconds', true);
    const force = request.action === 'stop' && grace === 0 && request.row.source !== 'docker';
    say(`${request.action === 'kill' ? 'kill' : 'stop'} requested: ${confirmQuestion(request).replace(/\?$/, '')}`);
    session.terminate(request.row, { mode: request.action, graceSeconds: grace, force }).catch((error: Error) => say(error.message, true));
  };

  // Functional updates: keys typed faster than a render (or pasted) must all count.
  const editGrace = (edit: (grace: string) => string) =>
    setMode((m) => (m.kind === 'confirm' ? { ...m, request: { ...m.request, graceInput: edit(m.request.graceInput) } } : m));
  const editCommand = (edit: (text: string) => string) => setMode((m) => (m.kind === 'command' ? { ...m, text: edit(m.text) } : m));

  // A pasted or fast-typed chunk ("name\r") arrives as one input: replay it key by key.
  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const ch of input) handleKey(ch, { ...key, return: ch === '\r' || ch === '\n', backspace: ch === '\u007F' || ch === '\b' });
    } else handleKey(input, key);
  });

  function handleKey(input: string, key: Key) {
    const mode = modeRef.current;
    if (mode.kind !== 'filter' && mode.kind !== 'command' && message) setMessage(undefined);
    switch (mode.kind) {
      case 'confirm': {
        const request = mode.request;
        if (input === 'y' || input === 'Y') {
          setMode({ kind: 'table' });
          runTerminate(request);
        } else if (request.action === 'stop' && /^\d+$/.test(input)) {
          editGrace((grace) => (grace + input).slice(-6));
        } else if (request.action === 'stop' && (key.backspace || key.delete)) {
          editGrace((grace) => grace.slice(0, -1));
        } else if (input === 'n' || input === 'N' || key.escape || key.return) {
          setMode({ kind: 'table' });
          say('cancelled: nothing was changed');
        }
        return;
      }
      case 'filter':
        if (key.escape) {
          setFilter('');
          setMode({ kind: 'table' });
        } else if (key.return) setMode({ kind: 'table' });
        else if (key.backspace || key.delete) setFilter((f) => f.slice(0, -1));
        else if (input && !key.ctrl && !key.meta) setFilter((f) => f + input);
        return;
      case 'command':
        if (key.escape) setMode({ kind: 'table' });
        else if (key.return) {
          setMode({ kind: 'table' });
          const command = parseCommand(mode.text);
          if (command.kind === 'quit') exit();
          else if (command.kind === 'error') say(command.message, true);
          else if (command.kind === 'namespace' && session.kind !== 'kubernetes') say('namespaces exist only for Kubernetes', true);
          else switchTo(command.kind, command.name);
        } else if (key.backspace || key.delete) editCommand((text) => text.slice(0, -1));
        else if (input && !key.ctrl && !key.meta) editCommand((text) => text + input);
        return;
      case 'picker': {
        const count = mode.items?.length ?? 0;
        if (key.escape || input === 'q') setMode({ kind: 'table' });
        else if (key.downArrow || input === 'j') setMode({ ...mode, selected: Math.min(count - 1, mode.selected + 1) });
        else if (key.upArrow || input === 'k') setMode({ ...mode, selected: Math.max(0, mode.selected - 1) });
        else if (key.return && mode.items?.[mode.selected]) {
          const item = mode.items[mode.selected]!;
          setMode({ kind: 'table' });
          switchTo(mode.target, mode.target === 'namespace' && item.name === 'all' ? '' : item.name);
        }
        return;
      }
      case 'help':
        if (key.escape || input === '?' || input === 'q') setMode({ kind: 'table' });
        return;
      case 'warnings':
        if (key.escape || input === 'w' || input === 'q') setMode({ kind: 'table' });
        return;
      case 'detail':
      case 'table':
        break;
    }
    if (key.ctrl && input === 'd') return askTerminate('stop');
    if (key.ctrl && input === 'k') return askTerminate('kill');
    if (key.ctrl && input === 'f') return select(selected + tableHeight);
    if (key.ctrl && input === 'b') return select(selected - tableHeight);
    if (key.escape) {
      if (mode.kind === 'detail') setMode({ kind: 'table' });
      else if (filter) setFilter('');
      return;
    }
    if (input === 'q') return exit();
    if (input === 'j' || key.downArrow) return select(selected + 1);
    if (input === 'k' || key.upArrow) return select(selected - 1);
    if (input === 'g' || key.home) return select(0);
    if (input === 'G' || key.end) return select(rows.length - 1);
    if (key.pageDown) return select(selected + tableHeight);
    if (key.pageUp) return select(selected - tableHeight);
    if (input === '/') return setMode({ kind: 'filter' });
    if (input === ':') return setMode({ kind: 'command', text: '' });
    if (input === '?') return setMode({ kind: 'help' });
    if (input === 'w') return setMode({ kind: 'warnings' });
    if (key.return || input === 'd') return setMode(mode.kind === 'detail' ? { kind: 'table' } : { kind: 'detail' });
    if (input === 'c') return openPicker('context');
    if (input === 'n') {
      if (session.kind !== 'kubernetes') return say('namespaces exist only for Kubernetes', true);
      return openPicker('namespace');
    }
  }

  // A replay shows the columns of what it recorded.
  const kind = session.kind === 'replay' ? (all[0]?.source ?? 'kubernetes') : session.kind;
  const showNamespace = session.kind !== 'docker' && (session.namespace === '' || replay);
  const showContext = store.contextCount() > 1;
  // The same columns object from frame to frame, so that unchanged rows skip rendering.
  const contextWidth = Math.max(...session.contexts.map((c) => c.length));
  const columns = useMemo(() => fitColumns(columnsFor(kind, { showNamespace, showContext, contextWidth }), width, 24), [kind, showNamespace, showContext, contextWidth, width]);
  if (width < MIN_COLUMNS || height < MIN_ROWS) {
    return (
      <Text color={theme.warning} wrap="truncate-end">
        Terminal too small ({width}×{height}); podlife needs {MIN_COLUMNS}×{MIN_ROWS}. q quits.
      </Text>
    );
  }

  const status = statuses.find((s) => s.context === (current?.context ?? session.context));
  // Warnings and timeline strips only for the rows on screen: their cost does not grow with the cluster.
  const warningAndStrip = (row: ContainerRow, stripWidth: number) => warningAndStripCache.get(row, stripWidth);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header sourceLabel={sourceLabel} contexts={session.contexts} namespace={session.kind === 'docker' ? undefined : session.namespace} counts={store.stateCounts()} statuses={statuses} readonly={session.readonly} replay={replay} width={width} />
      <Box flexGrow={1} flexDirection="column">
        {mode.kind === 'help' ? (
          <Help readonlyReason={session.modifyBlockedReason()} />
        ) : mode.kind === 'picker' ? (
          <Picker title={mode.target === 'context' ? 'Contexts' : 'Namespaces'} items={mode.items} selected={mode.selected} height={tableHeight} error={mode.error} />
        ) : mode.kind === 'warnings' ? (
          <WarningList warnings={[...warningsByRow(store, rows).values()].flat()} height={tableHeight} />
        ) : mode.kind === 'detail' && current ? (
          <Detail
            row={current}
            events={store.eventsFor(current.groupKey, current.name)}
            transitions={store.transitions(current.key)}
            timeline={timelineFor(store, current, session.watchStartedAt)}
            warnings={warningsForGroup(store, current.groupKey).filter((w) => w.container === current.name)}
            status={status}
            now={now}
            width={width}
            height={tableHeight}
          />
        ) : (
          <>
            <Table rows={rows} columns={columns} selected={selected} offset={visibleOffset} height={tableHeight - (mode.kind === 'confirm' ? 6 : 0)} width={width} now={now} warningAndStrip={warningAndStrip} />
            {mode.kind === 'confirm' && <Confirm request={mode.request} width={width} />}
          </>
        )}
      </Box>
      <Footer mode={mode} filter={filter} message={message} count={rows.length} total={all.length} selected={selected} />
    </Box>
  );
}

function Footer({ mode, filter, message, count, total, selected }: { mode: Mode; filter: string; message?: { text: string; error: boolean }; count: number; total: number; selected: number }) {
  if (mode.kind === 'filter') return <Text wrap="truncate-end">/{filter}<Text inverse> </Text></Text>;
  if (mode.kind === 'command') return <Text wrap="truncate-end">:{mode.text}<Text inverse> </Text></Text>;
  if (message) return <Text wrap="truncate-end" color={message.error ? theme.danger : theme.accent}>{message.text}</Text>;
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {count === 0 ? 0 : selected + 1}/{count}
      {filter ? ` (filter "${filter}", ${total} in all)` : ''} · ? help · / filter · Enter detail · c context · Ctrl-D delete · q quit
    </Text>
  );
}
