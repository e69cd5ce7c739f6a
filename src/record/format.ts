// The recording file: NDJSON (gzip when the name ends in .gz). Line 1 is a header, every
// other line one RawRecord exactly as the live source received it, minus secrets
// (see redact.ts).
import type { SourceKind } from '../lifecycle/types.js';

export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  podlife: 'recording';
  version: number;
  source: Exclude<SourceKind, 'replay'>;
  context: string;
  namespace: string;
  /** ISO time the recording started. */
  recordedAt: string;
  /** Free text: what was recorded and how (the capture scripts fill it). */
  description?: string;
}

export function isGzipName(file: string): boolean {
  return file.endsWith('.gz');
}
