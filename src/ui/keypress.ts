// One keypress at a time, whatever the terminal delivered in one read. A fast typist, a
// laggy ssh link or `tmux send-keys j C-d` hands Ink "j\x04" as one input: Ink separates
// escape sequences, backspace and Ctrl-C, but leaves other control bytes inside the text,
// so without this the Ctrl-D after the j would be lost. Pure; the App feeds every
// keypress it returns, in order, to the keymap.
import type { Key } from 'ink';

export type KeyName = 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

export interface Keypress {
  /** The printable text (one character), or the letter of a Ctrl-key ('d' for Ctrl-D); '' for named keys. */
  input: string;
  name?: KeyName;
  ctrl: boolean;
  meta: boolean;
}

// Made on the first non-ASCII text typed, not as the module loads: a process's first
// Intl.Segmenter starts ICU's text services (15-20 ms and ~3 MB), which neither a start
// nor the keys of the keymap need.
let graphemes: Intl.Segmenter | undefined;
/** ASCII without CR: each character is a grapheme of its own (CR LF is one grapheme). */
const EACH_CHARACTER_A_GRAPHEME = /^[\u0000-\u000c\u000e-\u007f]*$/;

/** Splits one input event from Ink into the keypresses it holds. */
export function keypressesFrom(input: string, key: Key): Keypress[] {
  const name = namedKey(key);
  if (name || key.ctrl || key.meta) return [{ input, name, ctrl: key.ctrl, meta: key.meta }];
  if (EACH_CHARACTER_A_GRAPHEME.test(input)) return [...input].map(charKeypress);
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...graphemes.segment(input)].map((s) => charKeypress(s.segment));
}

function namedKey(key: Key): KeyName | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  return undefined;
}

/** A character found inside a chunk: control bytes are the keys they stand for. */
function charKeypress(ch: string): Keypress {
  const plain = { ctrl: false, meta: false };
  switch (ch) {
    case '\r':
    case '\n':
    case '\r\n':
      return { input: '', name: 'return', ...plain };
    case '\t':
      return { input: '', name: 'tab', ...plain };
    case '\u007F':
    case '\b':
      return { input: '', name: 'backspace', ...plain };
    case '\u001B':
      return { input: '', name: 'escape', ...plain };
  }
  const code = ch.codePointAt(0)!;
  // Ctrl-A … Ctrl-Z are the bytes 1 … 26.
  if (ch.length === 1 && code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), ctrl: true, meta: false };
  return { input: ch, ...plain };
}
