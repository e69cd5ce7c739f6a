import { Text } from 'ink';
import type { Termination } from '../lifecycle/types.js';
import { graceBarParts } from '../render/grace-bar-text.js';
import { BAR_MIN_CELLS } from '../render/row-cells.js';
import { cutTo } from '../render/widths.js';
import { theme } from './theme.js';

/**
 * elapsed / grace, the phase, and seconds to KILL; the measured outcome once done. At most
 * `width` cells, the label cut first (the bar is the last part of its row's one <Text>).
 */
export function GraceBar({ termination, now, width }: { termination: Termination; now: number; width: number }) {
  // 12 cells when the label fits beside them, never fewer than BAR_MIN_CELLS: the label is cut first.
  const barWidth = Math.max(BAR_MIN_CELLS, Math.min(12, width - 36));
  const p = graceBarParts(termination, now, barWidth);
  const fill = p.phase === 'kill-due' || p.killed ? theme.barKill : theme.barFill;
  // '[', the cells, '] ', then the label in what is left.
  const label = cutTo(p.label, width - barWidth - 3);
  return (
    <Text>
      [<Text color={fill}>{'█'.repeat(p.filled)}</Text>
      <Text color={theme.muted}>{'░'.repeat(p.empty)}</Text>]{label && ' '}
      {label && <Text color={p.killed ? theme.danger : undefined}>{label}</Text>}
    </Text>
  );
}
