// The npm package as a user gets it: `npm pack` (prepack builds), `npm install -g` of the
// tarball into a fresh prefix, then `podlife` and `kubectl podlife` from another
// directory, the bundled demo included.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itWhere } from '../support/requirements.js';
import { expectBundledDemo, PACKAGE, ROOT } from './package-root.js';

// The cluster's own kubectl (test/cluster/lib.sh builds it into K8S_BIN).
const k8sBin = execFileSync('bash', ['-c', 'source test/cluster/lib.sh && echo "$K8S_BIN"'], { cwd: ROOT, encoding: 'utf8' }).trim();
const kubectl = join(k8sBin, 'kubectl');

const work = mkdtempSync(join(tmpdir(), 'podlife-package-'));
const prefix = join(work, 'prefix');
// A user's directory with nothing of podlife's in it, and a home without kube or Docker config.
const elsewhere = join(work, 'elsewhere');
const home = join(work, 'home');
// Only the installed bins and a Node >= 22 (the one running the tests) on PATH.
const env = {
  PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
  HOME: home,
  KUBECONFIG: '',
  DOCKER_HOST: `unix://${home}/no-docker.sock`,
  DOCKER_CONTEXT: '',
  NO_COLOR: '1',
};
let tarballFiles: string[] = [];

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: elsewhere, env, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  mkdirSync(elsewhere);
  mkdirSync(home);
  // Output only on failure: execFileSync's error carries it.
  execFileSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
  const tarball = join(work, `${PACKAGE.name}-${PACKAGE.version}.tgz`);
  tarballFiles = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  // --prefer-offline: the dependencies npm ci just fetched come from npm's cache.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: elsewhere,
    env: { ...process.env, PATH: env.PATH },
    stdio: 'pipe',
  });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack → npm install -g → podlife', () => {
  it('the tarball holds the compiled program and the demo recordings, no sources, tests or source maps', () => {
    for (const f of ['package.json', 'README.md', 'dist/cli.js', 'dist/bundle/main.mjs', 'dist/main.js', 'demo/recordings/lifecycle.ndjson.gz']) expect(tarballFiles).toContain(`package/${f}`);
    expect(tarballFiles.filter((f) => /^package\/(src|test|bench|scripts|\.ci)\/|\.(ts|tsx|map)$/.test(f))).toEqual([]);
  });

  it('podlife --version prints the package version', () => {
    const r = run('podlife', ['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(PACKAGE.version);
    expect(r.status).toBe(0);
  });

  it('podlife --help gives the description once, then usage', () => {
    const r = run('podlife', ['--help']);
    expect(r.stdout.split('Watch container lifecycles live').length - 1).toBe(1);
    expect(r.stdout).toMatch(/Usage\n\s+\$ podlife \[flags\]/);
    expect(r.status).toBe(0);
  });

  it('podlife --once with no cluster and no Docker engine prints the bundled demo', () => {
    expectBundledDemo(run('podlife', ['--once']));
  });

  itWhere(existsSync(kubectl) ? undefined : `no kubectl in ${k8sBin} (npm run cluster:up builds it)`, 'kubectl podlife --version runs the kubectl-podlife bin', () => {
    const r = run(kubectl, ['podlife', '--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(PACKAGE.version);
    expect(r.status).toBe(0);
  });
});
