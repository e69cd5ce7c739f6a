// The single executable (npm run build:binary) on a machine without Node: run with an
// empty PATH from another directory, it prints its version and plays the bundled demo.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBundledDemo, PACKAGE, ROOT } from './package-root.js';

const binary = join(ROOT, 'dist-binary', 'podlife');
const work = mkdtempSync(join(tmpdir(), 'podlife-binary-'));
const home = join(work, 'home');
const cache = join(work, 'cache');
// No PATH: no node, npm or kubectl to fall back on. The cache is where it unpacks its code.
const env = { PATH: '', HOME: home, XDG_CACHE_HOME: cache, KUBECONFIG: '', DOCKER_HOST: `unix://${home}/no-docker.sock`, DOCKER_CONTEXT: '', NO_COLOR: '1' };
const run = (args: string[]) => spawnSync(binary, args, { cwd: work, env, encoding: 'utf8', timeout: 60_000 });

beforeAll(() => {
  mkdirSync(home);
  // Built here, from this checkout: a stale binary would test nothing.
  execFileSync('npm', ['run', '--silent', 'build:binary'], { cwd: ROOT, stdio: 'pipe' });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the single executable', () => {
  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(PACKAGE.version);
    expect(r.status).toBe(0);
    // Its code went into the cache, once: one directory of modules, named by their digest.
    const unpacked = readdirSync(join(cache, 'podlife', 'binary'));
    expect(unpacked).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
    expect(readdirSync(join(cache, 'podlife', 'binary', unpacked[0]!))).toContain('main.mjs');
  });

  it('--once with no cluster and no Docker engine prints the embedded demo', () => {
    expectBundledDemo(run(['--once']));
  });

  it('bad input still ends with a one-line message and exit 1, no stack trace', () => {
    const r = run(['--replay', join(work, 'missing.ndjson')]);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^podlife: cannot read recording .*missing\.ndjson: ENOENT/)]);
    expect(r.status).toBe(1);
  });
});
