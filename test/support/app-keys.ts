// Terminal input for the dashboard's reducer without a terminal: raw chunks as Ink's
// useInput hands them over, split into keypresses and fed through reduceApp.
import type { Key } from 'ink';
import { initialAppState, reduceApp, type AppState, type Effect, type KeyContext } from '../../src/ui/app-state.js';
import { keypressesFrom } from '../../src/ui/keypress.js';

export const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/** Feeds raw terminal input, chunk by chunk; returns the last state and every effect. */
export function typeKeys(chunks: (string | [string, Partial<Key>])[], ctx: KeyContext, state: AppState = initialAppState()): { state: AppState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const chunk of chunks) {
    const [input, key] = typeof chunk === 'string' ? [chunk, {}] : chunk;
    for (const keypress of keypressesFrom(input, { ...NO_KEY, ...key })) {
      const step = reduceApp(state, { type: 'key', key: keypress, view: ctx });
      state = step.state;
      effects.push(...step.effects);
    }
  }
  return { state, effects };
}
