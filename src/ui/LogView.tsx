// A container's log on screen: `l` follows it live, `p` shows the previous instance's.
// The stream starts when the view opens and is cancelled when it closes (Esc).
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { ContainerRow } from '../lifecycle/types.js';
import { formatClock } from '../render/format.js';
import type { Session } from '../session.js';
import { theme } from './theme.js';

/** Lines kept in memory while following: a chatty container must not grow the heap. */
const KEPT_LINES = 2000;
const TAIL_LINES = 500;

export interface LogViewProps {
  session: Session;
  row: ContainerRow;
  previous: boolean;
  width: number;
  height: number;
}

type Status = { kind: 'loading' } | { kind: 'streaming' } | { kind: 'ended' } | { kind: 'failed'; message: string };

export function LogView({ session, row, previous, width, height }: LogViewProps) {
  const [lines, setLines] = useState<{ at?: number; text: string }[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    let buffer: { at?: number; text: string }[] = [];
    let flush: NodeJS.Timeout | undefined;
    // Lines arrive in bursts: draw at most ten times a second.
    const push = () => {
      flush = undefined;
      // React may run the updater later: hand it this batch, not the variable.
      const batch = buffer;
      buffer = [];
      setLines((prev) => [...prev, ...batch].slice(-KEPT_LINES));
    };
    (async () => {
      try {
        const stream = session.logs(row, { follow: !previous, previous, tailLines: TAIL_LINES, signal: abort.signal });
        setStatus({ kind: 'streaming' });
        for await (const line of stream) {
          buffer.push(line);
          flush ??= setTimeout(push, 100);
        }
        if (!abort.signal.aborted) {
          if (flush) clearTimeout(flush);
          push();
          setStatus({ kind: 'ended' });
        }
      } catch (error) {
        if (!abort.signal.aborted) setStatus({ kind: 'failed', message: (error as Error).message });
      }
    })();
    return () => {
      abort.abort();
      if (flush) clearTimeout(flush);
    };
  }, [session, row.key, previous]);

  const what = previous ? 'previous instance' : 'live';
  const state = status.kind === 'failed' ? status.message : status.kind === 'ended' ? (previous ? 'end of log' : 'stream ended (the container stopped)') : status.kind === 'loading' ? 'connecting…' : 'following';
  const shown = lines.slice(-Math.max(1, height - 1));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        Log of {row.group}/{row.name} ({what}) · <Text color={status.kind === 'failed' ? theme.danger : theme.muted}>{state}</Text> · Esc back
      </Text>
      {shown.length === 0 && status.kind !== 'failed' ? <Text color={theme.muted}>{status.kind === 'loading' ? '' : '(no lines)'}</Text> : null}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color={theme.muted}>{line.at !== undefined ? formatClock(line.at) : '?'.padStart(10)} </Text>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
