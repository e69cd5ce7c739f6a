// The help's lines and the window of them a terminal of a given height shows. Shared by the
// Help (what to draw) and the key reducer (how far the window may scroll), so both agree.
import { firstKeyOf, keymapHelp, keysOf, type KeyHelp, type NotAllowed } from './keymap.js';

export type HelpLine = { kind: 'key'; help: KeyHelp } | { kind: 'note'; text: string };

/** Every key, then each refusal reason once ("not allowed: you may not delete pods …"), then why nothing may be changed. */
export function helpLines(notAllowed?: NotAllowed, readonlyReason?: string): HelpLine[] {
  const keys = keymapHelp(undefined, notAllowed);
  const reasons = [...new Set(keys.flatMap((k) => (k.notAllowed ? [k.notAllowed] : [])))];
  return [
    ...keys.map((help): HelpLine => ({ kind: 'key', help })),
    ...reasons.map((text): HelpLine => ({ kind: 'note', text })),
    ...(readonlyReason ? [{ kind: 'note' as const, text: readonlyReason }] : []),
  ];
}

/** "Keys (Esc or ? to close)", naming the help's own key as the settings file binds it. */
export function helpTitle(): string {
  return `Keys (Esc or ${keysOf('help')} to close)`;
}

/** Where a window of the help is, and the keys that move it: "lines 1–17 of 25 · j/k, PgDn/PgUp move". */
export function helpPosition(window: HelpWindow, lineCount: number): string {
  const keys = `${firstKeyOf('down')}/${firstKeyOf('up')}, ${firstKeyOf('pageDown')}/${firstKeyOf('pageUp')}`;
  return `lines ${window.top + 1}–${window.top + window.shown} of ${lineCount} · ${keys} move`;
}

export interface HelpWindow {
  /** The first line shown. */
  top: number;
  /** How many lines are shown from there. */
  shown: number;
  /** Not every line fits: the last screen line says where the window is and how to move it. */
  scrolls: boolean;
}

/**
 * The lines shown under the title in `height` screen lines, from `top` (clamped). A help
 * taller than the terminal would leave the lines that scrolled off unredrawn, half over
 * the table: it scrolls instead, one line kept to say where it is.
 */
export function helpWindow(lineCount: number, height: number, top: number): HelpWindow {
  const room = Math.max(0, height - 1);
  if (lineCount <= room) return { top: 0, shown: lineCount, scrolls: false };
  const shown = Math.max(0, room - 1);
  return { top: Math.max(0, Math.min(top, lineCount - shown)), shown, scrolls: true };
}
