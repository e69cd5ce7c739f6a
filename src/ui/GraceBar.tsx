import { Text } from 'ink';
import type { Termination } from '../lifecycle/types.js';
import { graceBarParts } from '../render/grace-bar-text.js';
import { theme } from './theme.js';

/** elapsed / grace, the phase, and seconds to KILL; the measured outcome once done. */
export function GraceBar({ termination, now, width }: { termination: Termination; now: number; width: number }) {
  // The words matter more than the bar: it shrinks first on narrow terminals.
  const barWidth = Math.max(4, Math.min(12, width - 36));
  const p = graceBarParts(termination, now, barWidth);
  const fill = p.phase === 'kill-due' || p.killed ? theme.barKill : theme.barFill;
  return (
    <Text wrap="truncate-end">
      [<Text color={fill}>{'█'.repeat(p.filled)}</Text>
      <Text color={theme.muted}>{'░'.repeat(p.empty)}</Text>] <Text color={p.killed ? theme.danger : undefined}>{p.label}</Text>
    </Text>
  );
}
