// Signal names ↔ numbers, both ways, for any signal: Docker reports a `kill` event's
// signal as a number ("3") while a container's StopSignal is written by name ("SIGQUIT",
// "QUIT") or number. Names and numbers come from Node's os.constants.signals; the
// real-time signals Node does not list use Docker's own numbering on Linux
// (RTMIN = 34 … RTMAX = 64, "RTMIN+3", "RTMAX-2").
import { constants } from 'node:os';

const SIGRTMIN = 34;
const SIGRTMAX = 64;

const BY_NAME = new Map<string, number>(Object.entries(constants.signals));
const BY_NUMBER = new Map<number, string>();
// Several names share a number (SIGIOT = SIGABRT, SIGPOLL = SIGIO): the first listed wins.
for (const [name, number] of BY_NAME) if (!BY_NUMBER.has(number)) BY_NUMBER.set(number, name);

/** "15", "SIGTERM", "term", "RTMIN+3" → the number; undefined for anything else. */
export function signalNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n > 0 && n <= SIGRTMAX ? n : undefined;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  const known = BY_NAME.get(`SIG${name}`);
  if (known !== undefined) return known;
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (!rt) return undefined;
  const base = rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX;
  const n = base + (rt[2] === '-' ? -1 : 1) * Number(rt[3] ?? 0);
  return n >= SIGRTMIN && n <= SIGRTMAX ? n : undefined;
}

/** 3 → "SIGQUIT", 36 → "SIGRTMIN+2", 62 → "SIGRTMAX-2"; undefined for a number no signal has. */
export function signalName(number: number | undefined): string | undefined {
  if (number === undefined) return undefined;
  const known = BY_NUMBER.get(number);
  if (known) return known;
  if (!Number.isInteger(number) || number < SIGRTMIN || number > SIGRTMAX) return undefined;
  // Named from the nearer end, as `kill -l` does: 35 SIGRTMIN+1 … 49 SIGRTMIN+15, 50 SIGRTMAX-14 … 64 SIGRTMAX.
  if (number === SIGRTMIN) return 'SIGRTMIN';
  if (number === SIGRTMAX) return 'SIGRTMAX';
  return number - SIGRTMIN <= 15 ? `SIGRTMIN+${number - SIGRTMIN}` : `SIGRTMAX-${SIGRTMAX - number}`;
}

/** "signal 3 (SIGQUIT)" or "signal 99" when the number is no known signal. */
export function describeSignal(number: number): string {
  const name = signalName(number);
  return name ? `signal ${number} (${name})` : `signal ${number}`;
}
