// Reads a recording back, checking every line: a damaged file gets an error that names
// the file and line, never a crash or a blank screen.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { RawRecord } from './raw-record.js';
import { isGzipName, RECORDING_VERSION, type RecordingHeader } from './format.js';

export class RecordingError extends Error {}

const KNOWN_TYPES = new Set([
  'status',
  'k8s.pods.list',
  'k8s.pod',
  'k8s.events.list',
  'k8s.event',
  'k8s.endpointslices.list',
  'k8s.endpointslice',
  'k8s.replicasets.list',
  'k8s.replicaset',
  'k8s.podlife.delete',
  'k8s.drain.holds',
  'k8s.podlife.eviction',
  'k8s.log',
  'docker.log',
  'docker.list',
  'docker.inspect',
  'docker.event',
  'docker.stop-requested',
]);

export interface Recording {
  header: RecordingHeader;
  records: RawRecord[];
}

export function readRecording(file: string): Recording {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = (isGzipName(file) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new RecordingError(`cannot read recording ${file}: ${(error as Error).message}`);
  }
  return parseRecording(text, file);
}

export function parseRecording(text: string, file: string): Recording {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new RecordingError(`${file} is empty: a recording starts with a podlife header line (make one with --record FILE)`);
  const header = parseLine(lines[0]!, 1, file) as Partial<RecordingHeader>;
  if (header.podlife !== 'recording') throw new RecordingError(`${file} line 1: not a podlife recording (no "podlife":"recording" header)`);
  if (header.version !== RECORDING_VERSION) {
    throw new RecordingError(`${file} line 1: recording version ${String(header.version)} is not supported (this podlife reads version ${RECORDING_VERSION})`);
  }
  if (header.source !== 'kubernetes' && header.source !== 'docker') throw new RecordingError(`${file} line 1: unknown source "${String(header.source)}"`);
  if (typeof header.context !== 'string') throw new RecordingError(`${file} line 1: the header has no context`);
  const records: RawRecord[] = [];
  let previousT = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const record = parseLine(lines[i]!, n, file) as Partial<RawRecord>;
    if (typeof record.t !== 'number' || !Number.isFinite(record.t)) throw new RecordingError(`${file} line ${n}: the record has no receive time "t"`);
    if (typeof record.type !== 'string' || !KNOWN_TYPES.has(record.type)) throw new RecordingError(`${file} line ${n}: unknown record type "${String(record.type)}"`);
    if (record.data === undefined) throw new RecordingError(`${file} line ${n}: the record has no data`);
    if (record.t < previousT) throw new RecordingError(`${file} line ${n}: time goes backwards (${record.t} after ${previousT})`);
    previousT = record.t;
    const read: RawRecord = { t: record.t, type: record.type, context: typeof record.context === 'string' ? record.context : header.context, data: record.data };
    if (typeof record.arrivedAt === 'number' && Number.isFinite(record.arrivedAt) && record.arrivedAt <= record.t) read.arrivedAt = record.arrivedAt;
    records.push(read);
  }
  return { header: header as RecordingHeader, records };
}

function parseLine(line: string, n: number, file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    throw new RecordingError(`${file} line ${n}: not valid JSON (truncated?): ${line.slice(0, 60)}${line.length > 60 ? '…' : ''}`);
  }
  throw new RecordingError(`${file} line ${n}: expected a JSON object`);
}
