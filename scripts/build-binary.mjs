// `npm run build:binary`: dist-binary/podlife, one file that runs podlife on a machine
// without Node (same OS and CPU as the Node that builds it), using Node's single
// executable application support:
//   1. scripts/bundle.mjs bundles dist/main.js and all its dependencies into ES modules:
//      main.mjs and the chunks it imports when a command needs them;
//   2. scripts/sea-main.cjs (a single executable's main must be CommonJS) imports main.js,
//      the modules being kept as assets (see there why);
//   3. node --experimental-sea-config makes the blob and postject injects it into a copy
//      of this Node binary.
// package.json and the demo recording are assets too (src/cli/packaged-files.ts reads them).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { bundleProgram } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-binary');
const binary = join(out, process.platform === 'win32' ? 'podlife.exe' : 'podlife');
const ASSETS = ['package.json', 'demo/recordings/lifecycle.ndjson.gz'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const bundleDir = join(out, 'bundle');
await bundleProgram({ outdir: bundleDir, selfContained: true });

// The modules and a digest of them all: the cache directory a run unpacks them into is named by it.
const modules = readdirSync(bundleDir).filter((name) => /\.[mc]js$/.test(name)).sort();
const digest = createHash('sha256');
for (const name of modules) digest.update(name).update('\0').update(readFileSync(join(bundleDir, name))).update('\0');
writeFileSync(join(out, 'bundle.json'), JSON.stringify({ version: digest.digest('hex').slice(0, 16), modules }));

const config = {
  main: join(root, 'scripts/sea-main.cjs'),
  output: join(out, 'podlife.blob'),
  disableExperimentalSEAWarning: true,
  // What the shebang of dist/cli.js gives the npm-installed podlife (see src/cli.ts).
  execArgv: ['--max-semi-space-size=8', '--heap-growing-percent=50'],
  assets: Object.fromEntries([
    ['bundle.json', join(out, 'bundle.json')],
    ...modules.map((m) => [`bundle/${m}`, join(bundleDir, m)]),
    ...ASSETS.map((a) => [a, join(root, a)]),
  ]),
};
writeFileSync(join(out, 'sea-config.json'), JSON.stringify(config, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', join(out, 'sea-config.json')], { stdio: 'inherit' });

copyFileSync(process.execPath, binary);
chmodSync(binary, 0o755);
// The fuse is the fixed string Node's documentation gives: the binary checks it to know
// that a blob was injected.
await inject(binary, 'NODE_SEA_BLOB', readFileSync(config.output), { sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2' });
for (const f of ['podlife.blob', 'sea-config.json', 'bundle.json', 'bundle']) rmSync(join(out, f), { recursive: true });
console.log(`podlife: built ${binary} (${(statSync(binary).size / 1e6).toFixed(1)} MB, Node ${process.version}, ${process.platform}-${process.arch})`);
