import { Box, Text } from 'ink';
import { confirmNotes, confirmQuestion, type ConfirmRequest } from './confirm-text.js';
import { theme } from './theme.js';

export function Confirm({ request, width }: { request: ConfirmRequest; width: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.danger} width={Math.min(width, 120)} paddingX={1}>
      <Text bold wrap="wrap">{confirmQuestion(request)}</Text>
      {confirmNotes(request).map((note) => (
        <Text key={note} wrap="wrap" color={note.startsWith('Grace 0') ? theme.danger : undefined}>
          {note}
        </Text>
      ))}
      <Text>
        <Text bold color={theme.danger}>y</Text> confirm · <Text bold>n</Text>/Esc/Enter cancel (default: no)
      </Text>
    </Box>
  );
}
