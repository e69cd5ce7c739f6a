import { Text } from 'ink';
import type { Termination } from '../lifecycle/types.js';
import { graceBarParts } from '../render/grace-bar-text.js';
import { BAR_MIN_CELLS } from '../render/row-cells.js';
import { theme } from './theme.js';

/** elapsed / grace, the phase, and seconds to KILL; the measured outcome once done. */
export function GraceBar({ termination, now, width }: { termination: Termination; now: number; width: number }) {
  // 12 cells when the label fits beside them, never fewer than BAR_MIN_CELLS: the label is cut first.
  const barWidth = Math.max(BAR_MIN_CELLS, Math.min(12, width - 36));
  const p = graceBarParts(termination, now, barWidth);
  const fill = p.phase === 'kill-due' || p.killed ? theme.barKill : theme.barFill;
  return (
    <Text wrap="truncate-end">
      [<Text color={fill}>{'█'.repeat(p.filled)}</Text>
      <Text color={theme.muted}>{'░'.repeat(p.empty)}</Text>] <Text color={p.killed ? theme.danger : undefined}>{p.label}</Text>
    </Text>
  );
}
