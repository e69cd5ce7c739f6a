// --record FILE: every raw record the live source receives, redacted, one line each.
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { RawRecord, RawTap } from '../sources/source.js';
import { isGzipName, RECORDING_VERSION, type RecordingHeader } from './format.js';
import { redactRecord } from './redact.js';

export interface Recorder {
  tap: RawTap;
  /** Flushes and closes the file (and the gzip stream). */
  close(): Promise<void>;
}

export function createRecorder(file: string, header: Omit<RecordingHeader, 'podlife' | 'version' | 'recordedAt'>): Recorder {
  const out = createWriteStream(file);
  const gzip = isGzipName(file) ? createGzip() : undefined;
  if (gzip) gzip.pipe(out);
  const target: NodeJS.WritableStream = gzip ?? out;
  let failure: Error | undefined;
  out.on('error', (error) => (failure = error));
  const full: RecordingHeader = { podlife: 'recording', version: RECORDING_VERSION, recordedAt: new Date().toISOString(), ...header };
  target.write(JSON.stringify(full) + '\n');
  return {
    tap(record: RawRecord) {
      if (!failure) target.write(JSON.stringify(redactRecord(record)) + '\n');
    },
    close() {
      return new Promise((resolve, reject) => {
        out.once('close', () => (failure ? reject(new Error(`could not write recording ${file}: ${failure.message}`)) : resolve()));
        target.end();
        if (failure) (out as WriteStream).destroy();
      });
    },
  };
}
