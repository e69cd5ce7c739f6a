import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { fit } from '../render/widths.js';
import { keymapHelp, type NotAllowed } from './keymap.js';
import { theme } from './theme.js';

/**
 * The keys, in at most `height` lines. Taller, the frame would outgrow the terminal: the
 * lines scrolled off cannot be redrawn, and the help was left half over the table (and
 * Esc then q could reach podlife as Alt-q). A short terminal shows the first lines and
 * says how many more there are.
 */
export function Help({ readonlyReason, notAllowed, height }: { readonlyReason?: string; notAllowed?: NotAllowed; height: number }) {
  const keys = keymapHelp(undefined, notAllowed);
  // Each reason once, under the list: "not allowed: you may not delete pods in namespace … (context …)".
  const reasons = [...new Set(keys.flatMap((k) => (k.notAllowed ? [k.notAllowed] : [])))];
  const lines: ReactElement[] = [
    <Text key="title" bold>
      Keys (Esc or ? to close)
    </Text>,
    ...keys.map((k) => (
      <Text key={k.keys} wrap="truncate-end" dimColor={(k.modifies && readonlyReason !== undefined) || k.notAllowed !== undefined}>
        <Text color={theme.accent}>{fit(k.keys, 30)}</Text>
        {k.notAllowed ? `(not allowed) ${k.action}` : k.action}
      </Text>
    )),
    ...reasons.map((reason) => (
      <Text key={reason} color={theme.muted} wrap="truncate-end">
        {reason}
      </Text>
    )),
    ...(readonlyReason ? [<Text key="readonly" color={theme.muted} wrap="truncate-end">{readonlyReason}</Text>] : []),
  ];
  const shown = lines.length <= height ? lines : lines.slice(0, Math.max(0, height - 1));
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown}
      {hidden > 0 && (
        <Text color={theme.muted} wrap="truncate-end">
          … {hidden} more {hidden === 1 ? 'line' : 'lines'}: a taller terminal shows them all
        </Text>
      )}
    </Box>
  );
}
