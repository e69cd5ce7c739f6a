// Every colour the UI uses, in one place. NO_COLOR (https://no-color.org) turns them off;
// state then still reads from the text itself.
import type { ContainerRow } from '../lifecycle/types.js';

export const colorsEnabled = !('NO_COLOR' in process.env) || process.env.NO_COLOR === '';

const c = (name: string) => (colorsEnabled ? name : undefined);

export const theme = {
  waiting: c('yellow'),
  running: c('green'),
  completed: c('gray'),
  failed: c('red'),
  accent: c('cyan'),
  warning: c('yellow'),
  danger: c('red'),
  muted: c('gray'),
  barFill: c('magenta'),
  barKill: c('red'),
  selectedBackground: c('blue'),
};

export function stateColor(row: ContainerRow): string | undefined {
  switch (row.state) {
    case 'Waiting':
      return theme.waiting;
    case 'Running':
      return row.paused ? theme.waiting : theme.running;
    case 'Terminated':
      return row.exitCode === 0 ? theme.completed : theme.failed;
  }
}
