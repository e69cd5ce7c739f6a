import { Box, Text, useWindowSize } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { ContainerRow } from '../lifecycle/types.js';
import { barLabelWidth, columnsFor, fitColumns, showsNamespace, type ColumnId } from '../render/row-cells.js';
import { chooseColumns } from '../render/column-choice.js';
import { cellWidth } from '../render/widths.js';
import type { Session } from '../session.js';
import { timelineFor, warningsByRow, warningsForGroup } from '../store/warnings-and-timelines.js';
import { selectedPosition, type KeyContext } from './app-state.js';
import { Confirm } from './Confirm.js';
import { Detail } from './Detail.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { helpLines } from './help-lines.js';
import { COMMAND_NEEDS, type TableCommand } from './keymap.js';
import type { SourceAction } from '../session.js';
import { Picker } from './Picker.js';
import { filterRows } from './row-filter.js';
import { Table } from './Table.js';
import { theme } from './theme.js';
import { useAppState } from './use-app-state.js';
import { useStoreVersion } from './use-store.js';
import { useRedrawAt, useTick } from './use-tick.js';
import { showsRunningClock } from '../render/running-clock.js';
import { nextPhaseChangeAt } from '../lifecycle/termination.js';
import { WarningAndStripCache } from './warning-and-strip-cache.js';
import { WarningList } from './WarningList.js';
import { LogView } from './LogView.js';
import { groupByOwner } from '../render/owner-groups.js';
import { rowsInView } from './rows-in-view.js';
import { contentWidths } from './column-widths.js';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 6;

export interface AppProps {
  session: Session;
  sourceLabel: string;
  /** Shown in the footer until the first key: e.g. why podlife is playing the demo recording. */
  notice?: string;
  /** The settings file's columns, in its order (default: every column that applies). */
  columnChoice?: readonly ColumnId[];
}

/** The dashboard's layout: what to draw for the state app-state.ts keeps. */
export function App({ session, sourceLabel, notice, columnChoice }: AppProps) {
  const { columns: width, rows: height } = useWindowSize();
  const store = session.store;
  const version = useStoreVersion(store);
  const [, setSessionTick] = useState(0);
  useEffect(() => session.onChange(() => setSessionTick((n) => n + 1)), [session]);
  const warningAndStripCache = useMemo(() => new WarningAndStripCache(store, () => session.watchStartedAt), [store, session]);

  const chromeRows = 4; // header (2), table header, footer
  const tableHeight = Math.max(1, height - chromeRows);
  const view: KeyContext = {
    rowsFor: (filter, grouped) => (grouped ? groupByOwner(filterRows(store.allRows(), filter)) : filterRows(store.allRows(), filter)),
    pageSize: tableHeight,
    helpLineCount: () => helpLines(notAllowed, session.modifyBlockedReason()).length,
    sourceKind: session.kind,
    modifyBlockedReason: session.modifyBlockedReason(),
    notAllowed: (command, row) => needs(command, (action) => session.notAllowed(action, row.context)),
  };
  const notAllowed = (command: TableCommand) => needs(command, (action) => session.notAllowedEverywhere(action));
  const app = useAppState(session, notice, view);
  const { mode, filter, message } = app;

  const grouped = app.groupByOwner;
  // A frame reads the rows on screen, not every row (a filter or grouping aside); a new view per store version.
  const rows = useMemo(() => rowsInView(store, filter, grouped), [store, version, filter, grouped]);
  const selected = selectedPosition(app, rows.length, rows.indexOfKey);
  const current: ContainerRow | undefined = rows.slice(selected, selected + 1)[0];
  const now = store.clock();
  const statuses = store.statusList();
  const replay = session.kind === 'replay';

  const [offset, setOffset] = useState(0);
  const visibleOffset = selected < offset ? selected : selected >= offset + tableHeight ? selected - tableHeight + 1 : Math.min(offset, Math.max(0, rows.length - tableHeight));
  useEffect(() => setOffset(visibleOffset), [visibleOffset]);
  const onScreen = rows.slice(visibleOffset, visibleOffset + tableHeight);
  // The store spaces frames for churn unless a grace bar runs on screen (the live bar's bound).
  const liveBar = onScreen.some(hasRunningBar);
  useEffect(() => store.showing(new Set(onScreen.map((r) => r.key)), liveBar));
  useTick(liveBar || onScreen.some(showsRunningClock));
  useRedrawAt(nextChangeOnScreen(onScreen, now), store.clock);

  // A replay shows the columns of what it recorded.
  const kind = session.kind === 'replay' ? (store.rowsBetween(0, 1)[0]?.source ?? 'kubernetes') : session.kind;
  const showNamespace = session.kind !== 'docker' && showsNamespace(session.namespaces);
  const showContext = store.contextCount() > 1;
  const contextWidth = Math.max(...session.contexts.map((c) => cellWidth(c)));
  const showCause = onScreen.some((r) => r.cause !== undefined);
  const candidates = useMemo(
    () => chooseColumns(columnsFor(kind, { showNamespace, showContext, contextWidth, showOwner: grouped, showCause }), columnChoice),
    [kind, showNamespace, showContext, contextWidth, grouped, showCause, columnChoice],
  );
  // Columns as wide as the rows on screen need; the same object from frame to frame while
  // those widths hold, so that unchanged rows skip rendering.
  const widths = contentWidths(onScreen, candidates, now);
  const widthsKey = widths.join(',');
  const barLabel = barLabelWidth(onScreen, now);
  const columns = useMemo(() => fitColumns(candidates, width, (id) => widths[candidates.findIndex((c) => c.id === id)], barLabel), [candidates, width, widthsKey, barLabel]);
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
          <Help readonlyReason={session.modifyBlockedReason()} notAllowed={notAllowed} height={tableHeight} top={mode.top} />
        ) : mode.kind === 'picker' ? (
          <Picker title={mode.target === 'context' ? 'Contexts' : 'Namespaces'} items={mode.items} selected={mode.selected} height={tableHeight} error={mode.error} />
        ) : mode.kind === 'warnings' ? (
          <WarningList warnings={[...warningsByRow(store, rows.slice(0, rows.length)).values()].flat()} height={tableHeight} />
        ) : mode.kind === 'logs' ? (
          <LogView session={session} row={mode.row} previous={mode.previous} width={width} height={tableHeight} />
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
            <Table rows={onScreen} columns={columns} selected={selected - visibleOffset} offset={0} height={tableHeight - (mode.kind === 'confirm' ? 6 : 0)} width={width} now={now} warningAndStrip={warningAndStrip} />
            {mode.kind === 'confirm' && <Confirm request={mode.request} width={width} />}
          </>
        )}
      </Box>
      <Footer mode={mode} filter={filter} message={message} count={rows.length} total={store.rowCount()} selected={selected} width={width} notAllowed={notAllowed} />
    </Box>
  );
}

/** What the cluster says to a command that needs rights (RBAC), through `ask`. */
function needs(command: TableCommand, ask: (action: SourceAction) => string | undefined): string | undefined {
  const action = COMMAND_NEEDS[command];
  return action && ask(action);
}

/** A stop under way: its grace bar moves with the clock. */
function hasRunningBar(row: ContainerRow): boolean {
  return row.termination !== undefined && row.termination.exitedAt === undefined;
}

/** The next moment a row on screen changes phase with time alone. */
function nextChangeOnScreen(rows: readonly ContainerRow[], now: number): number | undefined {
  let next: number | undefined;
  for (const row of rows) {
    const at = row.termination ? nextPhaseChangeAt(row.termination, now) : undefined;
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}
