import { Text } from 'ink';
import type { Message, Mode } from './app-state.js';
import { footerHints } from './keymap.js';
import { theme } from './theme.js';

export interface FooterProps {
  mode: Mode;
  filter: string;
  message?: Message;
  /** Rows under the filter, all rows, and the selected row's index. */
  count: number;
  total: number;
  selected: number;
}

/** The last line: what is being typed, else the latest message, else position and key hints. */
export function Footer({ mode, filter, message, count, total, selected }: FooterProps) {
  if (mode.kind === 'filter') return <Text wrap="truncate-end">/{filter}<Text inverse> </Text></Text>;
  if (mode.kind === 'command') return <Text wrap="truncate-end">:{mode.text}<Text inverse> </Text></Text>;
  if (message) return <Text wrap="truncate-end" color={message.error ? theme.danger : theme.accent}>{message.text}</Text>;
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {count === 0 ? 0 : selected + 1}/{count}
      {filter ? ` (filter "${filter}", ${total} in all)` : ''} · {footerHints().join(' · ')}
    </Text>
  );
}
