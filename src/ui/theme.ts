// Every colour the UI uses, in one place. NO_COLOR (https://no-color.org) turns them off;
// state then still reads from the text itself. The settings file picks a preset (dark,
// the default, or light for light terminals) and may set single colours; applyTheme
// runs once at start, before the first frame.
import type { ContainerRow } from '../lifecycle/types.js';

export const colorsEnabled = !('NO_COLOR' in process.env) || process.env.NO_COLOR === '';

export type ThemeColor = 'waiting' | 'running' | 'completed' | 'failed' | 'accent' | 'warning' | 'danger' | 'muted' | 'barFill' | 'barKill' | 'selectedBackground';
export type ThemePreset = 'dark' | 'light';

export const THEME_PRESETS: Record<ThemePreset, Record<ThemeColor, string>> = {
  dark: {
    waiting: 'yellow',
    running: 'green',
    completed: 'gray',
    failed: 'red',
    accent: 'cyan',
    warning: 'yellow',
    danger: 'red',
    muted: 'gray',
    barFill: 'magenta',
    barKill: 'red',
    selectedBackground: 'blue',
  },
  // Yellow, cyan and light gray are hard to read on white: darker tones of the same hues.
  light: {
    waiting: '#9a6700',
    running: '#1a7f37',
    completed: '#57606a',
    failed: '#cf222e',
    accent: '#0550ae',
    warning: '#9a6700',
    danger: '#cf222e',
    muted: '#6e7781',
    barFill: '#8250df',
    barKill: '#cf222e',
    selectedBackground: '#ddf4ff',
  },
};

/** The colour names Ink understands (chalk's); #rrggbb and #rgb are taken too. */
export const COLOR_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey'].flatMap((c) =>
  c === 'gray' || c === 'grey' ? [c] : [c, `${c}Bright`],
);

export function isColor(text: string): boolean {
  return COLOR_NAMES.includes(text) || /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(text);
}

/** A preset with some colours replaced; every colour undefined when colours are off. */
export function themeColors(preset: ThemePreset, overrides: Partial<Record<ThemeColor, string>>, enabled = colorsEnabled): Record<ThemeColor, string | undefined> {
  const colors = { ...THEME_PRESETS[preset], ...overrides };
  return Object.fromEntries(Object.entries(colors).map(([name, color]) => [name, enabled ? color : undefined])) as Record<ThemeColor, string | undefined>;
}

export const theme: Record<ThemeColor, string | undefined> = themeColors('dark', {});

export function applyTheme(preset: ThemePreset, overrides: Partial<Record<ThemeColor, string>>): void {
  Object.assign(theme, themeColors(preset, overrides));
}

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
