import { Box, Text } from 'ink';
import { fit } from '../render/widths.js';
import { theme } from './theme.js';

export interface PickerItem {
  name: string;
  current?: boolean;
  detail?: string;
}

/** A k9s-like list to choose a context or namespace from. */
export function Picker({ title, items, selected, height, error }: { title: string; items: readonly PickerItem[] | undefined; selected: number; height: number; error?: string }) {
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), (items?.length ?? 0) - height));
  return (
    <Box flexDirection="column">
      <Text bold>{title} (Enter choose, Esc cancel)</Text>
      {error && <Text color={theme.danger}>{error}</Text>}
      {!items && !error && <Text color={theme.muted}>loading…</Text>}
      {items?.slice(start, start + height).map((item, i) => (
        <Text key={item.name} inverse={start + i === selected} wrap="truncate-end">
          {item.current ? '* ' : '  '}
          {fit(item.name, 32)} <Text color={theme.muted}>{item.detail ?? ''}</Text>
        </Text>
      ))}
    </Box>
  );
}
