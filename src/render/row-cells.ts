// A row as the text of each table column, plus how wide each column may be. Shared by
// the Ink table and the headless table printer so both say the same thing.
import type { ContainerRow } from '../lifecycle/types.js';
import { formatAge } from './format.js';

export type ColumnId = 'context' | 'namespace' | 'group' | 'name' | 'kind' | 'state' | 'reason' | 'exit' | 'restarts' | 'age' | 'hooks';

export interface Column {
  id: ColumnId;
  header: string;
  width: number;
  /** Lower numbers are dropped first when the terminal is narrow. */
  priority: number;
}

export function columnsFor(source: 'kubernetes' | 'docker' | 'replay' | 'mixed', opts: { showNamespace: boolean; showContext: boolean; contextWidth?: number }): Column[] {
  const docker = source === 'docker';
  const all: (Column | false)[] = [
    opts.showContext && { id: 'context', header: 'CONTEXT', width: Math.min(24, Math.max(7, opts.contextWidth ?? 14)), priority: 2 },
    opts.showNamespace && { id: 'namespace', header: 'NAMESPACE', width: 12, priority: 3 },
    { id: 'group', header: docker ? 'PROJECT' : 'POD', width: 20, priority: 9 },
    { id: 'name', header: 'CONTAINER', width: 14, priority: 10 },
    !docker && { id: 'kind', header: 'KIND', width: 4, priority: 1 },
    { id: 'state', header: 'STATE', width: 11, priority: 10 },
    { id: 'reason', header: 'REASON', width: 16, priority: 8 },
    { id: 'exit', header: 'EXIT', width: 4, priority: 6 },
    { id: 'restarts', header: 'RST', width: 3, priority: 5 },
    { id: 'age', header: 'AGE', width: 4, priority: 4 },
    !docker && { id: 'hooks', header: 'HOOKS', width: 8, priority: 7 },
  ];
  return all.filter((c): c is Column => c !== false);
}

/** Drops low-priority columns until the rest fit `width`, keeping `reserve` columns free for the bar. */
export function fitColumns(columns: Column[], width: number, reserve: number): Column[] {
  const kept = [...columns];
  const total = () => kept.reduce((sum, c) => sum + c.width + 1, 0);
  while (kept.length > 2 && total() + reserve > width) {
    const lowest = kept.reduce((low, c) => (c.priority < low.priority ? c : low));
    kept.splice(kept.indexOf(lowest), 1);
  }
  return kept;
}

const KIND_LABEL = { init: 'init', sidecar: 'side', main: '', ephemeral: 'eph' } as const;

export function cellText(row: ContainerRow, column: ColumnId, now: number): string {
  switch (column) {
    case 'context':
      return row.context;
    case 'namespace':
      return row.namespace;
    case 'group':
      return row.group;
    case 'name':
      return row.name;
    case 'kind':
      return KIND_LABEL[row.kind];
    case 'state':
      return stateLabel(row);
    case 'reason':
      return row.reason ?? (row.state === 'Running' && row.ready ? 'ready' : '');
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
