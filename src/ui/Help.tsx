import { Box, Text } from 'ink';
import { fit } from '../render/widths.js';
import { keymapHelp, type NotAllowed } from './keymap.js';
import { theme } from './theme.js';

export function Help({ readonlyReason, notAllowed }: { readonlyReason?: string; notAllowed?: NotAllowed }) {
  const keys = keymapHelp(undefined, notAllowed);
  // Each reason once, under the list: "not allowed: you may not delete pods in namespace … (context …)".
  const reasons = [...new Set(keys.flatMap((k) => (k.notAllowed ? [k.notAllowed] : [])))];
  return (
    <Box flexDirection="column">
      <Text bold>Keys (Esc or ? to close)</Text>
      {keys.map((k) => (
        <Text key={k.keys} wrap="truncate-end" dimColor={(k.modifies && readonlyReason !== undefined) || k.notAllowed !== undefined}>
          <Text color={theme.accent}>{fit(k.keys, 30)}</Text>
          {k.notAllowed ? `(not allowed) ${k.action}` : k.action}
        </Text>
      ))}
      {reasons.map((reason) => (
        <Text key={reason} color={theme.muted} wrap="truncate-end">
          {reason}
        </Text>
      ))}
      {readonlyReason && <Text color={theme.muted}>{readonlyReason}</Text>}
    </Box>
  );
}
