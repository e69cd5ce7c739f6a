// Ink cleans the string of every text node of the escape codes it cannot lay out
// (sanitize-ansi.js), for every node on screen, every frame: a coloured row that did not
// change is tokenized again each time (~2 ms of a churn frame's ~15). The cleaning is a
// function of the string alone, so its answers are remembered, in two generations of
// TEXTS_PER_GENERATION strings each: far more than a screen holds, and bounded.

export type Sanitize = (text: string) => string;

export const TEXTS_PER_GENERATION = 2048;

/** Ink's sanitizeAnsi, remembering its answers. */
export function rememberingSanitize(sanitize: Sanitize): Sanitize {
  let current = new Map<string, string>();
  let previous = new Map<string, string>();
  return (text) => {
    let clean = current.get(text);
    if (clean !== undefined) return clean;
    clean = previous.get(text) ?? sanitize(text);
    if (current.size >= TEXTS_PER_GENERATION) {
      previous = current;
      current = new Map();
    }
    current.set(text, clean);
    return clean;
  };
}
