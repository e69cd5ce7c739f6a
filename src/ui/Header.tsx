import { Box, Text } from 'ink';
import type { ConnectionStatus } from '../lifecycle/types.js';
import type { StateCounts } from '../store/store.js';
import { formatClock } from '../render/format.js';
import { theme } from './theme.js';

export interface HeaderProps {
  sourceLabel: string;
  /** Every context in view; several when `--context a,b`. */
  contexts: readonly string[];
  /** Absent for sources without namespaces (Docker). */
  namespace?: string;
  /** Rows per state, gone rows not counted (the store keeps them up to date). */
  counts: Readonly<StateCounts>;
  statuses: readonly ConnectionStatus[];
  readonly: boolean;
  replay: boolean;
  width: number;
}

/** Always two lines: the title, then what is wrong with which connection (or nothing). */
export function Header({ sourceLabel, contexts, namespace, counts, statuses, readonly, replay, width }: HeaderProps) {
  const inView = statuses.filter((s) => contexts.includes(s.context) || contexts.length === 1);
  const troubled = inView.filter((s) => s.state !== 'live');
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>podlife</Text> {sourceLabel} <Text bold>{contexts.join(', ')}</Text>
        {namespace !== undefined && <Text> ns:<Text bold>{namespace || 'all'}</Text></Text>}
        {replay && <Text color={theme.warning}> REPLAY</Text>}
        {readonly && <Text color={theme.muted}> [readonly]</Text>}
        {'  '}
        <Text color={theme.waiting}>Waiting {counts.Waiting}</Text>{' '}
        <Text color={theme.running}>Running {counts.Running}</Text>{' '}
        <Text color={theme.completed}>Terminated {counts.Terminated}</Text>
      </Text>
      {troubled.length === 0 ? (
        <Text> </Text>
      ) : (
        <Text wrap="truncate-end">
          {troubled.map((status, i) => (
            <Text key={status.context}>
              {i > 0 && ' │ '}
              {contexts.length > 1 && <Text bold>{status.context}: </Text>}
              <ConnectionLine status={status} />
            </Text>
          ))}
        </Text>
      )}
    </Box>
  );
}

function ConnectionLine({ status }: { status: ConnectionStatus }) {
  switch (status.state) {
    case 'live':
      return null;
    case 'connecting':
      return <Text color={theme.muted}>connecting to {status.context}…</Text>;
    case 'ended':
      return <Text color={theme.muted}>{status.message ?? 'replay ended'}</Text>;
    case 'disconnected':
    case 'error':
      return (
        <Text color={theme.danger}>
          {status.state === 'error' ? 'error' : 'disconnected'} since {formatClock(status.since)}
          {status.message ? `: ${status.message}` : ''} (rows may be stale)
        </Text>
      );
  }
}
