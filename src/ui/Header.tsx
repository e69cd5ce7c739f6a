import { Box, Text } from 'ink';
import { memo } from 'react';
import type { ConnectionStatus } from '../lifecycle/types.js';
import type { StateCounts } from '../store/store.js';
import { formatClock } from '../render/format.js';
import { fitHeader, listingText, PRODUCT, READONLY_FLAG, REPLAY_FLAG, type FittedHeader } from '../render/header-text.js';
import { bold, paint } from './paint.js';
import { cordonedText } from '../render/drain-hold-text.js';
import { podmanHeaderNote } from '../render/engine-text.js';
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
  // A live connection is named only while it lists again, or when the user may not read some kinds (RBAC): once, as "no access: …".
  const troubled = inView.filter((s) => s.state !== 'live' || s.listing || s.noAccess?.length);
  const title = fitHeader({ sourceLabel, contexts: contexts.join(', '), namespace: namespace === undefined ? '' : ` ns:${namespace || 'all'}`, replay, readonly }, counts, width);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">{titleLine(title)}</Text>
      {troubled.length === 0 ? (
        <QuietLine {...quietNote(inView)} />
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

/**
 * The first line as one coloured text (paint.ts: the colour calls Ink's <Text> makes):
 * it changes with the counts, under churn at most frames, and one text is one node for
 * Ink where nested <Text>s were ten.
 */
function titleLine(title: FittedHeader): string {
  let line = bold(paint(PRODUCT, theme.accent)) + (title.sourceLabel ? ` ${title.sourceLabel}` : '') + ' ' + bold(title.contexts);
  if (title.namespace) line += ' ns:' + bold(title.namespace.slice(' ns:'.length));
  if (title.replay) line += paint(REPLAY_FLAG, theme.warning);
  if (title.readonly) line += paint(READONLY_FLAG, theme.muted);
  if (title.counts) {
    const [waiting, running, terminated, gone] = title.counts;
    line += '  ' + paint(waiting, theme.waiting) + ' ' + paint(running, theme.running) + ' ' + paint(terminated, theme.completed);
    if (gone) line += paint(` ${gone}`, theme.muted);
  }
  return line;
}

/** The second line when every connection is fine: cordoned nodes, or what a Podman engine does not tell. */
function quietNote(statuses: readonly ConnectionStatus[]): { text: string; warning: boolean } {
  const cordoned = cordonedText(statuses.flatMap((s) => s.cordonedNodes ?? []));
  if (cordoned) return { text: cordoned, warning: true };
  const podman = statuses.find((s) => s.engine?.kind === 'podman')?.engine;
  return { text: podman ? podmanHeaderNote(podman) : ' ', warning: false };
}

/**
 * Memoised on its text: the header renders again with every change of the counts, and a
 * <Text> rendered again makes Ink's frame draw its line again (ui/ink-output.ts).
 */
const QuietLine = memo(function QuietLine({ text, warning }: { text: string; warning: boolean }) {
  return <Text color={warning ? theme.warning : theme.muted} wrap="truncate-end">{text}</Text>;
});

/** "no access: events, endpointslices": what this user may not read, so what podlife cannot show. */
export function noAccessText(kinds: readonly string[]): string {
  return `no access: ${kinds.join(', ')}`;
}

function ConnectionLine({ status }: { status: ConnectionStatus }) {
  const listing = status.listing && listingText(status.listing);
  switch (status.state) {
    case 'live':
      if (listing) return <Text color={theme.muted}>{listing}…</Text>;
      return status.noAccess?.length ? <Text color={theme.warning}>{noAccessText(status.noAccess)}</Text> : null;
    case 'connecting':
      return <Text color={theme.muted}>{listing ? `${listing}…` : `connecting to ${status.context}…`}</Text>;
    case 'ended':
      return <Text color={theme.muted}>{status.message ?? 'replay ended'}</Text>;
    case 'disconnected':
    case 'error':
      return (
        <Text color={theme.danger}>
          {/* "rows may be stale" comes first: a long error may be cut at the terminal's edge. */}
          {status.state === 'error' ? 'error' : 'disconnected'} since {formatClock(status.since)} (rows may be stale)
          {status.message ? `: ${status.message}` : ''}
          {listing ? `; ${listing}` : ''}
        </Text>
      );
  }
}
