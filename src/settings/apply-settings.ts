// The settings the Ink UI reads from module state (its colours and keys), set once at
// the dashboard's start, before the first frame.
import { BINDINGS, rebind, setActiveBindings } from '../ui/keymap.js';
import { applyTheme } from '../ui/theme.js';
import type { Settings } from './settings.js';

export function applyUiSettings(settings: Settings): void {
  applyTheme(settings.theme, settings.colors);
  setActiveBindings(rebind(BINDINGS, settings.keys));
}
