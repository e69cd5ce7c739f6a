// The DockerSource's pure helpers: NDJSON splitting of the /events stream, host → dockerode options.
import { describe, expect, it } from 'vitest';
import { NdjsonSplitter, dockerodeOptions } from '../../src/sources/docker.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const recorded = readFileSync(fileURLToPath(new URL('../fixtures/docker/events/lifecycle.ndjson', import.meta.url)));

describe('NdjsonSplitter', () => {
  it('gives the same messages whatever the chunk boundaries (even inside a UTF-8 character)', () => {
    const whole = new NdjsonSplitter().push(recorded);
    expect(whole.length).toBe(recorded.toString().trim().split('\n').length);
    for (const size of [1, 7, 64, 333]) {
      const splitter = new NdjsonSplitter();
      const out: unknown[] = [];
      for (let i = 0; i < recorded.length; i += size) out.push(...splitter.push(recorded.subarray(i, i + size)));
      expect(out).toEqual(whole);
    }
    const euro = Buffer.from('{"a":"€"}\n');
    const s = new NdjsonSplitter();
    expect([...s.push(euro.subarray(0, 7)), ...s.push(euro.subarray(7))]).toEqual([{ a: '€' }]);
  });

  it('keeps a partial last line until it is complete; skips garbage lines', () => {
    const s = new NdjsonSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual([{ a: 1 }]);
    expect(s.push(':2}\r\nnot json\n\n')).toEqual([{ b: 2 }]);
    expect(s.badLines).toBe(1);
  });
});

describe('dockerodeOptions', () => {
  it('unix socket, overriding what DOCKER_HOST would set', () => {
    expect(dockerodeOptions({ context: 'default', host: 'unix:///run/user/1000/docker.sock' }))
      .toEqual({ socketPath: '/run/user/1000/docker.sock', host: undefined, port: undefined });
  });
  it('tcp: http on 2375, https with TLS material or on 2376', () => {
    expect(dockerodeOptions({ context: 'x', host: 'tcp://127.0.0.1:2375' })).toMatchObject({ host: '127.0.0.1', port: '2375', protocol: 'http' });
    expect(dockerodeOptions({ context: 'x', host: 'tcp://127.0.0.1:2376' })).toMatchObject({ protocol: 'https' });
  });
  it('ssh and unsupported schemes', () => {
    expect(dockerodeOptions({ context: 'x', host: 'ssh://me@box' })).toMatchObject({ protocol: 'ssh', host: 'box', username: 'me' });
    expect(() => dockerodeOptions({ context: 'x', host: 'ftp://box' })).toThrow(/Unsupported Docker host "ftp:\/\/box" \(context "x"\)/);
  });
});
