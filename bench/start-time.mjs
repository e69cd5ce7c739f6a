// npm run bench:start [-- --runs N]: start time of the single executable
// (dist-binary/podlife, npm run build:binary) against `node dist/cli.js`, and their sizes.
// Each command runs N times one after the other (medians printed): `--version` (start and
// exit), `--once` on the bundled demo (the whole program: load, replay, print) and `--once`
// of one namespace of 500 pods served by a stand-in apiserver over TLS (bench/lib/
// stand-in-apiserver.mjs: kubeconfig, list, print), with its peak RSS. The first runs,
// which fill an empty cache (the binary unpacks its code, both write V8's code cache),
// are timed on their own.
// Sizes: the binary against the npm package installed with its dependencies, plus Node.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { standInApiserver } from './lib/stand-in-apiserver.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;
const binary = join(root, 'dist-binary/podlife');
const home = mkdtempSync(join(tmpdir(), 'podlife-start-'));
const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: '', DOCKER_HOST: `unix://${home}/none.sock`, DOCKER_CONTEXT: '', NO_COLOR: '1', XDG_CACHE_HOME: join(home, 'cache') };

// GNU time reports the peak RSS of what it runs; without it the column stays empty.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command to its end: wall ms and peak RSS MB. Not spawnSync: the stand-in apiserver answers from this process. */
function timed(command, args) {
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, argv, { env, cwd: home, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (status !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${status}: ${stderr}`));
      resolve({ ms, rssMb: GNU_TIME ? Number(stderr.trim().split('\n').at(-1)) / 1024 : undefined });
    });
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;
const size = (path) => statSync(path).size;
const treeSize = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + size(join(e.parentPath, e.name)), 0);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

const apiserver = await standInApiserver({ pods: 500 });
const oneNamespace = ['--kubeconfig', apiserver.kubeconfig, '--once'];
const node = (args) => timed(process.execPath, [join(root, 'dist/cli.js'), ...args]);
const sea = (args) => timed(binary, args);
const firstRuns = { node: await node(['--version']), sea: await sea(['--version']) };
const rows = [];
for (const [label, args, withRss] of [
  ['--version', ['--version'], false],
  ['demo --once', ['--once'], false],
  ['one namespace, 500 pods, --once', oneNamespace, true],
]) {
  const runsOf = { node: [], sea: [] };
  // Interleaved, so a burst of load on the shared machine hits both alike.
  for (let i = 0; i < runs; i++) {
    runsOf.node.push(await node(args));
    runsOf.sea.push(await sea(args));
  }
  const cell = (xs) => `${fmt(median(xs.map((x) => x.ms)))}${withRss && GNU_TIME ? `, peak RSS ${Math.round(median(xs.map((x) => x.rssMb)))} MB` : ''}`;
  rows.push(`| ${label} | ${cell(runsOf.node)} | ${cell(runsOf.sea)} |`);
}
await apiserver.close();
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
console.log(`| first run, --version (fills an empty cache: the binary unpacks its code; both write V8's code cache) | ${fmt(firstRuns.node.ms)} | ${fmt(firstRuns.sea.ms)} |`);
console.log(`| size on disk | npm install -g of the package: ${mb(installed)}, plus Node itself (${mb(size(process.execPath))}) | ${mb(size(binary))} |`);
