import { Box, Text } from 'ink';
import { fit } from '../render/widths.js';
import { keymapHelp } from './keymap.js';
import { theme } from './theme.js';

export function Help({ readonlyReason }: { readonlyReason?: string }) {
  return (
    <Box flexDirection="column">
      <Text bold>Keys (Esc or ? to close)</Text>
      {keymapHelp().map((k) => (
        <Text key={k.keys} wrap="truncate-end" dimColor={k.modifies && readonlyReason !== undefined}>
          <Text color={theme.accent}>{fit(k.keys, 30)}</Text>
          {k.action}
        </Text>
      ))}
      {readonlyReason && <Text color={theme.muted}>{readonlyReason}</Text>}
    </Box>
  );
}
