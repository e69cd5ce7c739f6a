// npm run bench:start [-- --runs N]: start time of the single executable
// (dist-binary/podlife, npm run build:binary) against `node dist/cli.js`, and their sizes.
// Each command runs N times one after the other (medians printed): `--version` (start and
// exit) and `--once` on the bundled demo (the whole program: load, replay, print). The
// binary's first run, which unpacks its code into an empty cache, is timed on its own.
// Sizes: the binary against the npm package installed with its dependencies, plus Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;
const binary = join(root, 'dist-binary/podlife');
const home = mkdtempSync(join(tmpdir(), 'podlife-start-'));
const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: '', DOCKER_HOST: `unix://${home}/none.sock`, DOCKER_CONTEXT: '', NO_COLOR: '1', XDG_CACHE_HOME: join(home, 'cache') };

function timeMs(command, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, cwd: home, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;
const size = (path) => statSync(path).size;
const treeSize = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + size(join(e.parentPath, e.name)), 0);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

const firstRun = timeMs(binary, ['--version']);
const rows = [];
for (const [label, args] of [['--version', ['--version']], ['demo --once', ['--once']]]) {
  const node = [];
  const sea = [];
  // Interleaved, so a burst of load on the shared machine hits both alike.
  for (let i = 0; i < runs; i++) {
    node.push(timeMs(process.execPath, [join(root, 'dist/cli.js'), ...args]));
    sea.push(timeMs(binary, args));
  }
  rows.push(`| ${label} | ${fmt(median(node))} | ${fmt(median(sea))} |`);
}
// What the Node route costs on disk: the npm package installed with its dependencies.
const prefix = join(home, 'prefix');
execFileSync('npm', ['pack', '--pack-destination', home], { cwd: root, stdio: 'pipe' });
const tarball = readdirSync(home).find((f) => f.endsWith('.tgz'));
execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(home, tarball)], { stdio: 'pipe' });
const installed = treeSize(join(prefix, 'lib/node_modules/podlife'));
rmSync(home, { recursive: true, force: true });

console.log(`date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · node ${process.version} · ${runs} runs each, medians · load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('');
console.log('| | node dist/cli.js | single executable |');
console.log('|---|---|---|');
for (const row of rows) console.log(row);
console.log(`| first run (unpacks its code into the cache), --version | | ${fmt(firstRun)} |`);
console.log(`| size on disk | npm install -g of the package: ${mb(installed)}, plus Node itself (${mb(size(process.execPath))}) | ${mb(size(binary))} |`);
