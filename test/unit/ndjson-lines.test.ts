// Watch lines cut from chunks as the socket gives them (sources/ndjson-lines.ts): every
// way of cutting a stream into chunks gives its lines, as the whole text split at its
// newlines would.
import { describe, expect, it } from 'vitest';
import { NdjsonLines } from '../../src/sources/ndjson-lines.js';

const text = '{"type":"ADDED","name":"pod-é"}\n\n{"type":"MODIFIED","note":"naïve ✓ 🚀"}\n{"type":"DELETED"}\npartial';
const bytes = new TextEncoder().encode(text);
// Every line the text completes: the part after the last newline has not ended.
const expected = text.split('\n').slice(0, -1);

function linesOf(chunks: Uint8Array[]): string[] {
  const lines = new NdjsonLines();
  const seen: string[] = [];
  for (const chunk of chunks) lines.push(chunk, (line) => (seen.push(line), true));
  return seen;
}

describe('NdjsonLines', () => {
  it('gives the same lines however the bytes are cut, within a character too', () => {
    expect(linesOf([bytes])).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(linesOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    // A byte at a time: each character's bytes come apart.
    expect(linesOf(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)))).toEqual(expected);
  });

  it('stops at the line the taker refuses, and says so', () => {
    const lines = new NdjsonLines();
    const seen: string[] = [];
    expect(lines.push(bytes, (line) => (seen.push(line), seen.length < 2))).toBe(false);
    expect(seen).toEqual(expected.slice(0, 2));
  });
});
