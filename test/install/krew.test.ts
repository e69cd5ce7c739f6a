// The krew plugin (npm run build:krew): the manifest scripts/krew-manifest.mjs writes for
// the single executable is checked by krew's own code, not by a copy of its rules:
// krew-index's validator (validate-krew-manifest) and krew itself, built from their Go
// module (test/install/krew-tools.sh). kubectl then runs the installed plugin.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhere, itWhere } from '../support/requirements.js';
import { PACKAGE, ROOT } from './package-root.js';

const k8sBin = execFileSync('bash', ['-c', 'source test/cluster/lib.sh && echo "$K8S_BIN"'], { cwd: ROOT, encoding: 'utf8' }).trim();
const kubectl = join(k8sBin, 'kubectl');
const kubectlMissing = existsSync(kubectl) ? undefined : `no kubectl in ${k8sBin} (npm run cluster:up builds it)`;
const goMissing = spawnSync('bash', ['-c', 'PATH="$PATH:/usr/local/go/bin" go version'], { stdio: 'ignore' }).status === 0 ? undefined : 'Go is not installed (krew is built from its Go module; https://go.dev/dl)';
const platformMissing = process.platform === 'linux' && process.arch === 'x64' ? undefined : `the release archive is built for linux/amd64, not ${process.platform}-${process.arch}`;

const work = mkdtempSync(join(tmpdir(), 'podlife-krew-'));
const home = join(work, 'home');
// Where the release says the archive is published; nothing is fetched from there.
const RELEASE_URL = `https://example.test/podlife/releases/download/v${PACKAGE.version}`;
const release = join(work, 'release');
const manifest = join(release, 'podlife.yaml');
const archive = join(release, `podlife_v${PACKAGE.version}_linux_amd64.tar.gz`);
let krewBin = '';

/** Writes the manifest and archive into `out` with the given release URL. */
function generate(out: string, releaseUrl: string): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/krew-manifest.mjs'), '--release-url', releaseUrl, '--homepage', 'https://example.test/podlife', '--out', out], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** A krew environment of its own: KREW_ROOT in the scratch dir, no upgrade check over the network. */
function krewEnv(krewRoot: string, path = '/usr/bin:/bin') {
  return { PATH: path, HOME: home, KREW_ROOT: krewRoot, KREW_NO_UPGRADE_CHECK: '1', NO_COLOR: '1' };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(() => {
  if (goMissing ?? platformMissing) return;
  mkdirSync(home);
  krewBin = execFileSync('bash', [join(ROOT, 'test/install/krew-tools.sh')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  // Built here, from this checkout: a stale executable would test nothing.
  execFileSync('npm', ['run', '--silent', 'build:binary'], { cwd: ROOT, stdio: 'pipe' });
  generate(release, RELEASE_URL);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describeWhere(goMissing ?? platformMissing, 'the krew plugin manifest', () => {
  it("names package.json's version, the release URL and the archive's sha256 for linux/amd64", () => {
    const text = readFileSync(manifest, 'utf8');
    expect(text).toMatch(/^kind: Plugin$/m);
    expect(text).toMatch(/^ {2}name: podlife$/m);
    expect(text).toMatch(new RegExp(`^ {2}version: "v${PACKAGE.version.replaceAll('.', '\\.')}"$`, 'm'));
    expect(text).toContain(`    uri: "${RELEASE_URL}/${basename(archive)}"\n`);
    expect(text).toContain(`    sha256: "${sha256(archive)}"\n`);
    expect(text).toMatch(/matchLabels:\n\s+os: linux\n\s+arch: amd64\n/);
  });

  it('the archive holds the executable as kubectl-podlife and the licence', () => {
    const listing = execFileSync('tar', ['tvzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).at(-1)).sort()).toEqual(['LICENSE', 'kubectl-podlife']);
    expect(listing.find((l) => l.endsWith(' kubectl-podlife'))).toMatch(/^-rwxr-xr-x /);
  });

  it("krew-index's validator accepts it (structure, name, version, selectors)", () => {
    const r = spawnSync(join(krewBin, 'validate-krew-manifest'), ['-manifest', manifest, '-skip-install'], { env: krewEnv(join(work, 'validate')), encoding: 'utf8' });
    expect(r.stderr).toContain('structural validation OK');
    expect(r.status).toBe(0);
  });

  it('kubectl krew install --manifest --archive installs kubectl-podlife, which runs without Node', () => {
    const krewRoot = join(work, 'krew-archive');
    const r = spawnSync(join(krewBin, 'krew'), ['install', `--manifest=${manifest}`, `--archive=${archive}`], { env: krewEnv(krewRoot), encoding: 'utf8' });
    expect(r.stderr + r.stdout).toContain('Installed plugin: podlife');
    expect(r.status).toBe(0);
    expect(statSync(join(krewRoot, 'store', 'podlife', `v${PACKAGE.version}`, 'LICENSE')).isFile()).toBe(true);
    const version = spawnSync(join(krewRoot, 'bin', 'kubectl-podlife'), ['--version'], {
      env: { PATH: '', HOME: home, XDG_CACHE_HOME: join(work, 'cache') },
      encoding: 'utf8',
    });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(PACKAGE.version);
    expect(version.status).toBe(0);
  });

  it("krew refuses an archive whose sha256 is not the manifest's", () => {
    const tampered = join(work, 'tampered.tar.gz');
    copyFileSync(archive, tampered);
    execFileSync('bash', ['-c', 'printf x >> "$1"', 'append', tampered]);
    const r = spawnSync(join(krewBin, 'krew'), ['install', `--manifest=${manifest}`, `--archive=${tampered}`], { env: krewEnv(join(work, 'krew-tampered')), encoding: 'utf8' });
    expect(r.stderr).toMatch(/checksum does not match/);
    expect(r.status).not.toBe(0);
  });

  itWhere(kubectlMissing, 'kubectl podlife runs the krew-installed plugin', () => {
    const krewRoot = join(work, 'krew-archive');
    const r = spawnSync(kubectl, ['podlife', '--version'], {
      env: { PATH: join(krewRoot, 'bin'), HOME: home, XDG_CACHE_HOME: join(work, 'cache'), KUBECONFIG: '' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(PACKAGE.version);
    expect(r.status).toBe(0);
  });

  // What krew-index's CI does with a submitted manifest: `kubectl krew install` from
  // the uri for every platform, then look for the licence among the installed files.
  // The archive is served on loopback; only the uri differs from the release manifest.
  itWhere(kubectlMissing, 'the validator installs it from its uri with kubectl krew, licence included', async () => {
    const served = join(work, 'served');
    const server = await serve(served);
    try {
      generate(served, `http://127.0.0.1:${(server.address() as AddressInfo).port}/download`);
      const path = join(work, 'path');
      mkdirSync(path);
      symlinkSync(kubectl, join(path, 'kubectl'));
      symlinkSync(join(krewBin, 'krew'), join(path, 'kubectl-krew'));
      const { stderr } = await promisify(execFile)(join(krewBin, 'validate-krew-manifest'), ['-manifest', join(served, 'podlife.yaml')], {
        env: { ...krewEnv(join(work, 'unused'), `${path}:/usr/bin:/bin`), TMPDIR: work },
        encoding: 'utf8',
      });
      expect(stderr).toContain('all 1 spec.platforms installed fine');
    } finally {
      await new Promise((done) => server.close(done));
    }
  }, 120_000);
});

/** Serves the files of `dir` under /download/ on a free loopback port. */
async function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const name = /^\/download\/([\w.-]+)$/.exec(req.url ?? '')?.[1];
    const file = name === undefined ? undefined : join(dir, name);
    if (file === undefined || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}
