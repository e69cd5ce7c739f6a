// `podlife --record` on the real engine keeps no secret of a container: its health check
// prints a token (dockerd keeps that output in State.Health.Log and names the check's
// command in its exec events) and it has an env value. The built binary records while the
// checks run; the file must hold the container, its health status and its exec events,
// and neither value.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PODLIFE_BIN } from '../support/tmux.js';
import { docker, runContainer, uniqueName, useSharedEngine, waitFor } from './setup.js';

let host = '';
useSharedEngine((h) => (host = h));
const dir = mkdtempSync(join(tmpdir(), 'podlife-rec-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--record on the real engine', () => {
  it('a container whose health check prints a token: the recording has neither the token nor its env value', async () => {
    const HEALTH_TOKEN = `health-${randomBytes(12).toString('hex')}`;
    const ENV_VALUE = `env-${randomBytes(12).toString('hex')}`;
    const file = join(dir, 'session.ndjson');
    const podlife = spawn(process.execPath, [PODLIFE_BIN, '--docker-host', host, '--record', file, '-o', 'ndjson'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    podlife.stdout.on('data', (d) => (stdout += d));
    podlife.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => podlife.on('close', resolve));
    let id = '';
    try {
      const name = uniqueName('health-token');
      id = runContainer(host, name, ['--env', `API_TOKEN=${ENV_VALUE}`, '--health-cmd', `echo token=${HEALTH_TOKEN}`, '--health-interval', '1s'], 'sleep 100000 & wait $!');
      // dockerd really holds the token: the check ran (twice) and printed it.
      await waitFor(() => {
        const health = JSON.parse(docker(host, ['inspect', '--format', '{{json .State.Health}}', id])) as { Log?: { Output: string }[] };
        return (health.Log ?? []).filter((l) => l.Output.includes(HEALTH_TOKEN)).length >= 2;
      }, 'two health checks that printed the token');
      // podlife saw the container healthy (health_status comes after the check's exec events).
      await waitFor(() => stdout.split('\n').some((l) => l.includes(`"container":"${name}"`) && l.includes('"health":"healthy"')), `podlife to show the container healthy (stderr: ${stderr})`, 20_000);
    } finally {
      podlife.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);

    const recording = readFileSync(file, 'utf8');
    // What makes this check able to fail: the container, its health and its health checks' exec events are in the file.
    expect(recording).toContain(id);
    expect(recording).toContain('"Status":"healthy"');
    expect(recording).toContain('"Action":"exec_start"');
    expect(recording).not.toContain(HEALTH_TOKEN);
    expect(recording).not.toContain(ENV_VALUE);
  }, 90_000);
});

