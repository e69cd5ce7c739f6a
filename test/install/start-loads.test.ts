// What a start loads, counted with a module-load hook on the built program (node dist/cli.js):
// a command loads the packages it uses and no others. --version needs none, --help only the
// flag parser; printing one namespace of a cluster needs neither Ink nor React nor the
// Kubernetes client library (whose index alone is 868 modules and its generated API models).
import { execFileSync, spawn } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './package-root.js';
import { startTwoPodApiserver, type TwoPodApiserver } from '../support/two-pod-apiserver.js';

const recorder = fileURLToPath(new URL('../support/record-module-loads.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'podlife-start-loads-'));
const env = { PATH: process.env.PATH, HOME: work, XDG_CACHE_HOME: join(work, 'cache'), KUBECONFIG: '', DOCKER_HOST: `unix://${work}/no-docker.sock`, NO_COLOR: '1' };

// dist/cli.js runs the bundled program (scripts/bundle.mjs): a module of dist/bundle/ holds
// the files its build's meta.json lists.
type BundleMeta = { outputs: Record<string, { inputs: Record<string, unknown>; imports?: { path: string; kind: string }[] }> };
const bundleMeta = (): BundleMeta => JSON.parse(readFileSync(join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as BundleMeta;
const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/** The packages (node_modules names) a loaded module's code comes from. */
function packagesIn(url: string): string[] {
  const bundled = /\/(dist\/bundle\/[^/]+\.mjs)$/.exec(url);
  if (!bundled) return [packageOf(url)].filter((p): p is string => p !== undefined);
  const output = bundleMeta().outputs[bundled[1]!];
  if (!output) throw new Error(`${bundled[1]} is not in dist/bundle/meta.json: a stale build?`);
  return Object.keys(output.inputs).map(packageOf).filter((p): p is string => p !== undefined);
}

/** Runs podlife with the recorder; its output and the packages (node_modules names) it loaded. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; packages: string[]; urls: string[] }> {
  const log = join(work, `loads-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', recorder, join(ROOT, 'dist/cli.js'), ...args], { env: { ...env, PODLIFE_TEST_MODULE_LOG: log }, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const urls = readFileSync(log, 'utf8').trim().split('\n');
      const packages = new Set(urls.flatMap(packagesIn));
      resolve({ code, stdout, stderr, packages: [...packages].sort(), urls });
    });
  });
}

// A stand-in apiserver with one namespace (shop) of two pods.
let apiserver: TwoPodApiserver | undefined;
let kubeconfig = '';

beforeAll(async () => {
  // Built from this checkout when a source is newer than dist/ (as npm test does).
  execFileSync('bash', ['-c', 'source scripts/build-if-stale.sh'], { cwd: ROOT, stdio: 'pipe' });
  apiserver = await startTwoPodApiserver(work);
  kubeconfig = apiserver.kubeconfig;
}, 120_000);

afterAll(async () => {
  await apiserver?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('what a start loads', () => {
  it('runs the bundled program, not dist/main.js and its ~300 modules', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.urls.some((u) => u.endsWith('/dist/bundle/main.mjs'))).toBe(true);
    expect(r.urls.filter((u) => u.includes('/node_modules/'))).toEqual([]);
    expect(r.urls.filter((u) => /\/dist\/(?!bundle\/|cli\.js$|cli\/compile-cache\.js$)/.test(u))).toEqual([]);
  });

  it('reaches Node\'s built-ins through require(): a static ES import of one reads all its exports, getters too', () => {
    const imports = Object.entries(bundleMeta().outputs).flatMap(([file, output]) => (output.imports ?? []).map((i) => ({ file, ...i })));
    const builtins = imports.filter((i) => isBuiltin(i.path));
    expect(builtins.filter((i) => i.kind === 'require-call').length).toBeGreaterThan(0);
    // An import() (Ink's of node:fs, for React's DevTools) stays one: its facade is built only when it runs.
    expect(builtins.filter((i) => i.kind !== 'require-call' && i.kind !== 'dynamic-import')).toEqual([]);
  });

  it('--version loads no package at all, only podlife\'s own modules', async () => {
    const r = await run(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.packages).toEqual([]);
  });

  it('--help loads the flag parser and nothing else', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('Usage');
    expect(r.packages).toEqual(['meow']);
  });

  it('-h, --help and --version answer beside other flags (as kubectl does), not only alone', async () => {
    for (const args of [['-h'], ['-n', 'shop', '--help'], ['delete', 'pod/web-1', '--help']]) {
      const r = await run(args);
      expect(r.stdout, args.join(' ')).toContain('Usage');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.packages, args.join(' ')).toEqual(['meow']);
    }
    const version = await run(['--no-readonly', '--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version.code).toBe(0);
    // After `--` nothing is a flag.
    const passed = await run(['--kubeconfig', kubeconfig, '-n', 'shop', '--once', '--', '--version']);
    expect(passed.stdout).not.toMatch(/^\d+\.\d+\.\d+$/m);
  });

  it('a Kubernetes --once of one namespace loads neither Ink, React nor the Kubernetes client library', async () => {
    const r = await run(['--kubeconfig', kubeconfig, '-n', 'shop', '--once']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/shop\s+web-1\s+web\b/);
    expect(r.stdout).toMatch(/shop\s+web-2\s+web\b/);
    expect(r.code).toBe(0);
    for (const heavy of ['ink', 'react', 'react-reconciler', 'yoga-layout', '@kubernetes/client-node', 'undici', 'dockerode']) expect(r.packages).not.toContain(heavy);
    // The YAML parser, for the kubeconfig.
    expect(r.packages).toContain('js-yaml');
  });

  it('-o json of one namespace: the same', async () => {
    const r = await run(['--kubeconfig', kubeconfig, '-n', 'shop', '-o', 'json']);
    expect(JSON.parse(r.stdout).map((row: { group: string }) => row.group).sort()).toEqual(['web-1', 'web-2']);
    for (const heavy of ['ink', 'react', '@kubernetes/client-node', 'undici']) expect(r.packages).not.toContain(heavy);
  });
});
