import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRecording, readRecording, RecordingError } from '../../src/record/reader.js';
import { testDir } from '../support/test-dir.js';

const header = JSON.stringify({ podlife: 'recording', version: 1, source: 'docker', context: 'default', namespace: '', recordedAt: '2026-11-25T10:00:00Z' });
const record = (t: number, type = 'docker.event') => JSON.stringify({ t, type, context: 'default', data: { Action: 'start' } });

const fails = (text: string) => {
  try {
    parseRecording(text, 'rec.ndjson');
  } catch (error) {
    expect(error).toBeInstanceOf(RecordingError);
    return (error as Error).message;
  }
  throw new Error('expected the recording to be refused');
};

describe('recording reader', () => {
  it('reads a header and records, in order', () => {
    const rec = parseRecording([header, record(1), record(2)].join('\n') + '\n', 'rec.ndjson');
    expect(rec.header.source).toBe('docker');
    expect(rec.records.map((r) => r.t)).toEqual([1, 2]);
  });

  it('names the line of a truncated record', () => {
    const truncated = record(2).slice(0, 25);
    expect(fails([header, record(1), truncated].join('\n'))).toMatch(/^rec\.ndjson line 3: not valid JSON \(truncated\?\)/);
  });

  it('refuses an unknown record type, naming it and the line', () => {
    expect(fails([header, record(1, 'k8s.secret')].join('\n'))).toBe('rec.ndjson line 2: unknown record type "k8s.secret"');
  });

  it('refuses another version with the version it can read', () => {
    expect(fails(header.replace('"version":1', '"version":7'))).toBe('rec.ndjson line 1: recording version 7 is not supported (this podlife reads version 1)');
  });

  it('refuses an empty file and a file that is not a recording', () => {
    expect(fails('')).toMatch(/is empty/);
    expect(fails('{"hello":1}')).toMatch(/line 1: not a podlife recording/);
    expect(fails('[1,2]')).toMatch(/line 1: expected a JSON object/);
  });

  it('refuses records whose time goes backwards', () => {
    expect(fails([header, record(5), record(4)].join('\n'))).toMatch(/line 3: time goes backwards/);
  });

  // Two watches read on the reader thread are stamped each on its own: a record taken in
  // after another may have arrived before it. Its receive time t still goes forwards.
  it('keeps an arrival stamp that goes backwards from the record before; drops one later than its own t', () => {
    const arrived = (t: number, arrivedAt: number) => JSON.stringify({ t, arrivedAt, type: 'k8s.pod', context: 'default', data: { type: 'MODIFIED', object: {} } });
    const rec = parseRecording([header, arrived(10, 9), arrived(12, 7), arrived(13, 14)].join('\n'), 'rec.ndjson');
    expect(rec.records.map((r) => [r.t, r.arrivedAt])).toEqual([
      [10, 9],
      [12, 7],
      [13, undefined],
    ]);
  });

  it('reads gzip when the name ends in .gz, and says when the file is missing', () => {
    const dir = testDir('podlife-rec-');
    writeFileSync(join(dir, 'r.ndjson.gz'), gzipSync([header, record(1)].join('\n')));
    expect(readRecording(join(dir, 'r.ndjson.gz')).records).toHaveLength(1);
    expect(() => readRecording(join(dir, 'missing.ndjson'))).toThrow(/cannot read recording .*missing\.ndjson/);
  });
});
