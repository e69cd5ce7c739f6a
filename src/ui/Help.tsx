import { Box, Text } from 'ink';
import { fit } from '../render/widths.js';
import { helpLines, helpPosition, helpTitle, helpWindow } from './help-lines.js';
import type { NotAllowed } from './keymap.js';
import { theme } from './theme.js';

/**
 * The keys, in at most `height` lines, from line `top` of them (app-state.ts moves it with
 * the table's movement keys). A short terminal shows a window of them and says where it is.
 */
export function Help({ readonlyReason, notAllowed, height, top = 0 }: { readonlyReason?: string; notAllowed?: NotAllowed; height: number; top?: number }) {
  const lines = helpLines(notAllowed, readonlyReason);
  const window = helpWindow(lines.length, height, top);
  const shown = lines.slice(window.top, window.top + window.shown);
  return (
    <Box flexDirection="column">
      {height > 0 && (
        <Text bold wrap="truncate-end">
          {helpTitle()}
        </Text>
      )}
      {shown.map((line) =>
        line.kind === 'key' ? (
          <Text key={line.help.keys} wrap="truncate-end" dimColor={(line.help.modifies && readonlyReason !== undefined) || line.help.notAllowed !== undefined}>
            <Text color={theme.accent}>{fit(line.help.keys, 30)}</Text>
            {line.help.notAllowed ? `(not allowed) ${line.help.action}` : line.help.action}
          </Text>
        ) : (
          <Text key={line.text} color={theme.muted} wrap="truncate-end">
            {line.text}
          </Text>
        ),
      )}
      {window.scrolls && height > 1 && (
        <Text color={theme.muted} wrap="truncate-end">
          {helpPosition(window, lines.length)}
        </Text>
      )}
    </Box>
  );
}
