// --record FILE: every raw record the live source receives, redacted, one line each.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { RawRecord, RawTap } from './raw-record.js';
import { isGzipName, RECORDING_VERSION, type RecordingHeader } from './format.js';
import { redactRecord } from './redact.js';

export interface Recorder {
  tap: RawTap;
  /** Flushes and closes the file (and the gzip stream). */
  close(): Promise<void>;
  /** Settles when the file has taken what was written, while it is behind (see RawTap.backlog). */
  backlog(): Promise<void> | undefined;
}

/** Raw records that carry what containers logged: kept out of a recording unless asked for (--record-logs). */
export const LOG_RECORD_TYPES: ReadonlySet<string> = new Set(['k8s.log', 'docker.log']);

export function createRecorder(file: string, header: Omit<RecordingHeader, 'podlife' | 'version' | 'recordedAt'>, options: { logs?: boolean } = {}): Recorder {
  const out = createWriteStream(file);
  const gzip = isGzipName(file) ? createGzip() : undefined;
  if (gzip) gzip.pipe(out);
  const target = gzip ?? out;
  let failure: Error | undefined;
  out.on('error', (error) => (failure = error));
  const full: RecordingHeader = { podlife: 'recording', version: RECORDING_VERSION, recordedAt: new Date().toISOString(), ...header };
  target.write(JSON.stringify(full) + '\n');
  return {
    tap(record: RawRecord) {
      // Logs may hold anything an application prints (tokens, customer data): opt-in only.
      if (!options.logs && LOG_RECORD_TYPES.has(record.type)) return;
      if (!failure) target.write(JSON.stringify(redactRecord(record)) + '\n');
    },
    backlog() {
      if (failure || !target.writableNeedDrain) return undefined;
      return once(target, 'drain').then(() => undefined);
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
