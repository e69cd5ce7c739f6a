// Container logs: the kubelet's line format, and recordings that leave logs out unless
// --record-logs asks for them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../../src/record/recorder.js';
import { parseLogLine } from '../../src/sources/kubernetes-logs.js';

describe('kubelet log lines (timestamps=true)', () => {
  it('a line as the apiserver served it from the local cluster: the nanosecond stamp, then the text', () => {
    // GET /api/v1/namespaces/demo-why/pods/web-74b8b74dbf-j7tlx/log?container=app&timestamps=true&tailLines=3
    expect(parseLogLine('2026-11-25T15:28:22.451117665Z serving')).toEqual({ at: Date.parse('2026-11-25T15:28:22.451Z'), text: 'serving' });
    expect(parseLogLine('no stamp here')).toEqual({ text: 'no stamp here' });
  });
});

describe('recordings and logs', () => {
  const line = { t: 1, type: 'k8s.log', context: 'c', data: { namespace: 'n', pod: 'p', container: 'app', line: 'password=hunter2' } };
  const pod = { t: 2, type: 'k8s.pod', context: 'c', data: { type: 'ADDED', object: { metadata: { name: 'p' } } } };
  const record = async (logs: boolean) => {
    const file = join(mkdtempSync(join(tmpdir(), 'podlife-logs-')), 'r.ndjson');
    const recorder = createRecorder(file, { source: 'kubernetes', context: 'c', namespace: 'n' }, { logs });
    recorder.tap(line);
    recorder.tap(pod);
    await recorder.close();
    return readFileSync(file, 'utf8');
  };

  it('without --record-logs no log line reaches the file; the rest does', async () => {
    const text = await record(false);
    expect(text).not.toContain('hunter2');
    expect(text).toContain('"k8s.pod"');
  });

  it('with --record-logs the lines are kept', async () => {
    expect(await record(true)).toContain('hunter2');
  });
});
