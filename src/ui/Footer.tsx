import { Text } from 'ink';
import type { Message, Mode } from './app-state.js';
import { footerHints, type NotAllowed } from './keymap.js';
import { theme } from './theme.js';
import { cellWidth, cutTo } from '../render/widths.js';

export interface FooterProps {
  mode: Mode;
  filter: string;
  message?: Message;
  /** Rows under the filter, all rows, and the selected row's index. */
  count: number;
  total: number;
  selected: number;
  /** Terminal columns: a message is cut so the key hints stay beside it. */
  width?: number;
  /** Keys the user may not use here (RBAC): their hints say so. */
  notAllowed?: NotAllowed;
}

/** A notice is cut for the full hints only while this much of it stays; else the hints shorten. */
const NOTICE_MIN = 30;

/** The last line: what is being typed, else the latest message and the key hints, else position and key hints. */
export function Footer({ mode, filter, message, count, total, selected, width, notAllowed }: FooterProps) {
  if (mode.kind === 'filter') return <Text wrap="truncate-end">/{filter}<Text inverse> </Text></Text>;
  if (mode.kind === 'command') return <Text wrap="truncate-end">:{mode.text}<Text inverse> </Text></Text>;
  const hints = footerHints(undefined, notAllowed);
  if (message) {
    const { text, tail } = besideHints(message, hints, width ?? Infinity);
    return (
      <Text wrap="truncate-end">
        <Text color={message.error ? theme.danger : theme.accent}>{text}</Text>
        <Text color={theme.muted}>{tail}</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" color={theme.muted}>
      {count === 0 ? 0 : selected + 1}/{count}
      {filter ? ` (filter "${filter}", ${total} in all)` : ''} · {hints.join(' · ')}
    </Text>
  );
}

/**
 * A message with the key hints kept visible beside it: all of them when they fit, a
 * notice giving up its end for them; else help and quit only. An error is never cut here.
 */
export function besideHints(message: Message, hints: readonly string[], width: number): { text: string; tail: string } {
  const full = ` · ${hints.join(' · ')}`;
  const short = ` · ${[hints[0], hints.at(-1)].filter(Boolean).join(' · ')}`;
  const room = width - cellWidth(full);
  if (cellWidth(message.text) <= room) return { text: message.text, tail: full };
  if (!message.error && room >= NOTICE_MIN) return { text: cutTo(message.text, room), tail: full };
  return { text: message.error ? message.text : cutTo(message.text, width - cellWidth(short)), tail: short };
}
