import { Box, Text } from 'ink';
import type { LifecycleWarning } from '../lifecycle/warnings.js';
import { theme } from './theme.js';

/** The `w` list: every lifecycle warning among the rows in view, with its explanation. */
export function WarningList({ warnings, height }: { warnings: readonly LifecycleWarning[]; height: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>Lifecycle warnings ({warnings.length}) — Esc or w to close</Text>
      {warnings.length === 0 && <Text color={theme.muted}>none: no preStop outlives its grace, no KILL at a deadline, no failed hook, no crash loop</Text>}
      {warnings.slice(0, Math.max(1, height - 1)).map((w, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color={w.severity === 'error' ? theme.danger : theme.warning}>{w.severity === 'error' ? '✗' : '!'} </Text>
          <Text bold>{w.groupKey.split('/').slice(-2).join('/')}/{w.container}</Text> {w.message}
        </Text>
      ))}
    </Box>
  );
}
