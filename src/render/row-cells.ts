// A row as the text of each table column, plus how wide each column may be. Shared by
// the Ink table and the headless table printer so both say the same thing.
import type { ContainerRow } from '../lifecycle/types.js';
import { formatAge } from './format.js';
import { ownerName } from '../lifecycle/kubernetes-cause.js';
import { cellWidth } from './widths.js';
import { unhealthyText } from './health-text.js';
import { startReasonText } from './start-text.js';
import { graceBarParts } from './grace-bar-text.js';

export type ColumnId = 'context' | 'namespace' | 'owner' | 'group' | 'name' | 'kind' | 'state' | 'reason' | 'cause' | 'exit' | 'restarts' | 'age' | 'hooks';

export interface Column {
  id: ColumnId;
  header: string;
  /** Cells wide: the widest it gets (its content may make it narrower). */
  width: number;
  /** The narrowest it is cut to (with …) before the bar would lose its room. */
  minWidth: number;
  /** Dropped on a narrow terminal, lowest first; a column without one is never dropped. */
  dropOrder?: number;
}

/** The warning mark ('! ') before the cells. */
export const MARK_WIDTH = 2;
/** The grace bar is never drawn with fewer cells than this. */
export const BAR_MIN_CELLS = 10;
/** Room the termination column keeps on any terminal: [bar] and the first words of its label. */
export const TERMINATION_MIN_WIDTH = BAR_MIN_CELLS + 2 + 8;
/** Room it gets before optional columns stay: the bar and "preStop 1.0/30s ·" or a short timeline. */
export const TERMINATION_WANT_WIDTH = 12 + 1 + 17;

/** Columns dropped before a grace bar's label is cut: those below NAMESPACE (CAUSE, HOOKS, KIND, AGE, RST, EXIT). */
const BELOW_BAR_LABEL = 6;
/** The bar's cells as GraceBar draws them when the label fits: '[' 12 '] '. */
const BAR_CELLS = 12 + 3;

/**
 * NAMESPACE only when the rows can come from more than one namespace (-A, or contexts
 * watching different ones), as k9s does: otherwise it is the header's ns: on every row.
 */
export function showsNamespace(namespaces: readonly string[]): boolean {
  return namespaces.includes('') || new Set(namespaces).size > 1;
}

/** Cells the widest grace bar with its whole label needs, over these rows (0 when none is stopping). */
export function barLabelWidth(rows: readonly ContainerRow[], now: number): number {
  let widest = 0;
  for (const row of rows) if (row.termination) widest = Math.max(widest, BAR_CELLS + cellWidth(graceBarParts(row.termination, now, 12).label));
  return widest;
}

export function columnsFor(
  source: 'kubernetes' | 'docker' | 'replay' | 'mixed',
  opts: { showNamespace: boolean; showContext: boolean; contextWidth?: number; showOwner?: boolean; showCause?: boolean },
): Column[] {
  const docker = source === 'docker';
  // Never dropped: what the row is (pod/project and container, shortened), its state and
  // reason. Dropped first: HOOKS, KIND, AGE, RST, EXIT; then NAMESPACE and CONTEXT.
  const all: (Column | false)[] = [
    opts.showContext && { id: 'context', header: 'CONTEXT', width: Math.min(24, Math.max(7, opts.contextWidth ?? 14)), minWidth: 7, dropOrder: 7 },
    opts.showNamespace && { id: 'namespace', header: 'NAMESPACE', width: 12, minWidth: 9, dropOrder: 6 },
    opts.showOwner === true && !docker && { id: 'owner', header: 'OWNER', width: 24, minWidth: 8, dropOrder: 8 },
    { id: 'group', header: docker ? 'PROJECT' : 'POD', width: 20, minWidth: 8 },
    { id: 'name', header: 'CONTAINER', width: 14, minWidth: 6 },
    !docker && { id: 'kind', header: 'KIND', width: 4, minWidth: 4, dropOrder: 2 },
    { id: 'state', header: 'STATE', width: 11, minWidth: 11 },
    { id: 'reason', header: 'REASON', width: 18, minWidth: 8 },
    // Why a pod stops, while some row in view is stopping; the first to go on a narrow terminal.
    opts.showCause === true && !docker && { id: 'cause', header: 'CAUSE', width: 22, minWidth: 8, dropOrder: 0 },
    { id: 'exit', header: 'EXIT', width: 4, minWidth: 4, dropOrder: 5 },
    { id: 'restarts', header: 'RST', width: 3, minWidth: 3, dropOrder: 4 },
    { id: 'age', header: 'AGE', width: 4, minWidth: 4, dropOrder: 3 },
    !docker && { id: 'hooks', header: 'HOOKS', width: 8, minWidth: 8, dropOrder: 1 },
  ];
  return all.filter((c): c is Column => c !== false);
}

/**
 * The columns that fit `totalWidth` cells with room for the termination column, each as
 * wide as its content (`contentWidth`, e.g. of the rows on screen) needs within its
 * bounds. Columns are dropped by dropOrder while the termination column has less than
 * it wants, and those below NAMESPACE also while a grace bar's label (`barLabel` cells,
 * see barLabelWidth) would be cut; then, while it has less than it needs, the widest of
 * POD/CONTAINER/NAMESPACE/CONTEXT gives up a cell at a time down to its minimum, REASON last.
 */
export function fitColumns(
  columns: readonly Column[],
  totalWidth: number,
  contentWidth: (id: ColumnId) => number | undefined = () => undefined,
  barLabel = 0,
): Column[] {
  const kept = columns.map((c) => {
    const content = contentWidth(c.id);
    const natural = content === undefined ? c.width : Math.max(content, cellWidth(c.header));
    return { ...c, width: Math.max(c.minWidth, Math.min(c.width, natural)) };
  });
  const left = () => totalWidth - MARK_WIDTH - kept.reduce((sum, c) => sum + c.width + 1, 0);
  // Optional columns go while the bar lacks the room it wants; names are cut only for the room it needs.
  while (left() < TERMINATION_WANT_WIDTH) {
    const next = kept.filter((c) => c.dropOrder !== undefined).sort((a, b) => a.dropOrder! - b.dropOrder!)[0];
    if (!next) break;
    kept.splice(kept.indexOf(next), 1);
  }
  // A bar's label is never cut while a column that matters less is shown.
  while (left() < barLabel) {
    const next = kept.filter((c) => c.dropOrder !== undefined && c.dropOrder < BELOW_BAR_LABEL).sort((a, b) => a.dropOrder! - b.dropOrder!)[0];
    if (!next) break;
    kept.splice(kept.indexOf(next), 1);
  }
  // Too narrow for a bar at all (under ~70 columns): the names keep what the bar cannot use.
  const narrowest = MARK_WIDTH + kept.reduce((sum, c) => sum + c.minWidth + 1, 0);
  const need = narrowest + TERMINATION_MIN_WIDTH <= totalWidth ? TERMINATION_MIN_WIDTH : 0;
  while (left() < need) {
    const shrinkable = kept.filter((c) => c.width > c.minWidth);
    const names = shrinkable.filter((c) => c.id !== 'reason');
    const from = (names.length ? names : shrinkable).reduce<Column | undefined>((wide, c) => (!wide || c.width > wide.width ? c : wide), undefined);
    if (!from) break;
    from.width -= 1;
  }
  return kept;
}

/** Cells left for the termination column (bar or timeline strip) after the mark and the columns. */
export function terminationWidth(columns: readonly Column[], totalWidth: number): number {
  return Math.max(0, totalWidth - MARK_WIDTH - columns.reduce((sum, c) => sum + c.width + 1, 0));
}

const KIND_LABEL = { init: 'init', sidecar: 'side', main: '', ephemeral: 'eph' } as const;

export function cellText(row: ContainerRow, column: ColumnId, now: number): string {
  switch (column) {
    case 'context':
      return row.context;
    case 'namespace':
      return row.namespace;
    case 'owner':
      return row.owner ? ownerName(row.owner) : '';
    case 'group':
      return row.group;
    case 'name':
      return row.name;
    case 'kind':
      return KIND_LABEL[row.kind];
    case 'state':
      return stateLabel(row);
    case 'reason':
      return startReasonText(row, now) ?? unhealthyText(row, now) ?? row.reason ?? (row.state === 'Running' && row.ready ? 'ready' : '');
    case 'cause':
      return row.cause?.short ?? '';
    case 'exit':
      return row.exitCode === undefined ? '' : String(row.exitCode);
    case 'restarts':
      return String(row.restartCount);
    case 'age': {
      const since = row.state === 'Running' ? row.startedAt : row.state === 'Terminated' ? row.finishedAt : row.createdAt;
      return since === undefined ? '' : formatAge(now - since);
    }
    case 'hooks':
      return [row.hooks.postStart && 'post', row.hooks.preStop && 'pre'].filter(Boolean).join(',');
  }
}

export function stateLabel(row: ContainerRow): string {
  if (row.goneAt !== undefined) return `${row.state}†`;
  if (row.paused) return 'Paused';
  return row.state;
}
