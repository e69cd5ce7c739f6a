// Ink cleans the string of every text node of the escape codes it cannot lay out
// (sanitize-ansi.js), for every node on screen, every frame: a coloured row that did not
// change is tokenized again each time (~2 ms of a churn frame's ~15). The cleaning is a
// function of the string alone, so its answers are remembered: TEXTS_REMEMBERED strings,
// far more than a screen holds, and bounded.
import { BoundedMap } from '../render/bounded-map.js';

export type Sanitize = (text: string) => string;

export const TEXTS_REMEMBERED = 4096;

/** Ink's sanitizeAnsi, remembering its answers. */
export function rememberingSanitize(sanitize: Sanitize): Sanitize {
  const remembered = new BoundedMap<string, string>(TEXTS_REMEMBERED);
  return (text) => {
    let clean = remembered.get(text);
    if (clean === undefined) {
      clean = sanitize(text);
      remembered.set(text, clean);
    }
    return clean;
  };
}
