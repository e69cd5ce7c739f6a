// Signal names ↔ numbers, checked against the machine's own table (`kill -l` of bash),
// not against a list copied from the code: every signal both ways, by name with and
// without SIG, and the real-time ones Docker accepts ("RTMIN+3").
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeSignal, signalName, signalNumber } from '../../src/lifecycle/signals.js';

/** `kill -l` → [[1, 'SIGHUP'], …, [64, 'SIGRTMAX']]. */
const table = [...execFileSync('bash', ['-c', 'kill -l'], { encoding: 'utf8' }).matchAll(/(\d+)\)\s+(SIG[\w+-]+)/g)].map((m) => [Number(m[1]), m[2]!] as const);

describe('signals', () => {
  it('reads the whole table of the machine (sanity: QUIT 3, KILL 9, TERM 15, RTMAX 64)', () => {
    expect(table.length).toBeGreaterThan(60);
    expect(new Map(table).get(3)).toBe('SIGQUIT');
  });

  it('number → name for every signal kill -l lists', () => {
    for (const [number, name] of table) expect(signalName(number), `signal ${number}`).toBe(name);
  });

  it('name → number for every signal, as SIGQUIT, QUIT, quit, and as the number itself', () => {
    for (const [number, name] of table) {
      expect(signalNumber(name), name).toBe(number);
      expect(signalNumber(name.slice(3)), name).toBe(number);
      expect(signalNumber(name.toLowerCase()), name).toBe(number);
      expect(signalNumber(String(number))).toBe(number);
    }
  });

  it('aliases, and what is no signal at all', () => {
    expect(signalNumber('SIGIOT')).toBe(signalNumber('SIGABRT'));
    expect(signalNumber('SIGPOLL')).toBe(signalNumber('SIGIO'));
    for (const bad of ['SIGNOPE', '', '0', '65', '-1', 'RTMIN+31', 'RTMAX-31', '1.5', undefined]) expect(signalNumber(bad), String(bad)).toBeUndefined();
    expect(signalName(0)).toBeUndefined();
    expect(signalName(99)).toBeUndefined();
  });

  it('describes a signal for the event line', () => {
    expect(describeSignal(3)).toBe('signal 3 (SIGQUIT)');
    expect(describeSignal(99)).toBe('signal 99');
  });
});
