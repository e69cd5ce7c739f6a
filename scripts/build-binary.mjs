// `npm run build:binary`: dist-binary/podlife, one file that runs podlife on a machine
// without Node (same OS and CPU as the Node that builds it), using Node's single
// executable application support:
//   1. esbuild bundles dist/main.js and its dependencies into ES modules: main.js and the
//      chunks it imports when a command needs them (Ink for the dashboard, the client
//      library for a legacy auth-provider), so that a start loads only what it runs;
//   2. scripts/sea-main.cjs (a single executable's main must be CommonJS) imports main.js,
//      the modules being kept as assets (see there why);
//   3. node --experimental-sea-config makes the blob and postject injects it into a copy
//      of this Node binary.
// package.json and the demo recording are assets too (src/cli/packaged-files.ts reads them).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';
import { INK_MODULE_SWAPS, wrapperSource } from '../dist/cli/ink-module-swaps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-binary');
const binary = join(out, process.platform === 'win32' ? 'podlife.exe' : 'podlife');
const ASSETS = ['package.json', 'demo/recordings/lifecycle.ndjson.gz'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Modules a bundle cannot take as they are, replaced by what the binary needs:
// - dockerode-lazy.ts requires dockerode through createRequire(import.meta.url), which a
//   bundle cannot follow: a plain require() esbuild bundles (still run lazily);
// - Ink's React DevTools hook (only with DEV=true and react-devtools-core installed,
//   which podlife does not depend on): nothing.
const REPLACED = [
  { filter: /[\\/]dockerode-lazy\.js$/, contents: "export function loadDockerode() { return require('dockerode'); }" },
  { filter: /[\\/]ink[\\/]build[\\/]devtools\.js$/, contents: '' },
];
const replaceModules = {
  name: 'replace-modules',
  setup(b) {
    for (const { filter, contents } of REPLACED) {
      b.onLoad({ filter }, (args) => ({ contents, resolveDir: dirname(args.path), loader: 'js' }));
    }
  },
};

// The faster parts handed to Ink's drawing code, as load-ink.ts does for a run from node_modules.
const swapInkModules = {
  name: 'swap-ink-modules',
  setup(b) {
    const from = pathToFileURL(join(root, 'dist/cli/'));
    for (const swap of INK_MODULE_SWAPS) {
      const exactly = new RegExp(`^${swap.specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      const replacement = fileURLToPath(new URL(swap.replacement, from));
      b.onResolve({ filter: exactly }, (args) => {
        if (!swap.importer.test(args.importer)) return undefined;
        if (!swap.wrapWith) return { path: replacement };
        // A wrapping swap's specifier is relative to its importer (Ink's own file).
        return { path: join(dirname(args.importer), swap.specifier), namespace: 'podlife-wrapped', pluginData: swap };
      });
    }
    b.onLoad({ filter: /.*/, namespace: 'podlife-wrapped' }, (args) => ({
      contents: wrapperSource(args.pluginData.wrapWith, args.path, fileURLToPath(new URL(args.pluginData.replacement, from))),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const bundleDir = join(out, 'bundle');
await build({
  entryPoints: [join(root, 'dist/main.js')],
  outdir: bundleDir,
  // ES modules only: chunks are what the entry's dynamic imports load (and what they share).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  // .mjs: ES modules wherever they are unpacked, with no package.json beside them.
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  // Not minified: a stack trace then names real functions on short lines.
  legalComments: 'none',
  logLevel: 'warning',
  // Optional native add-ons of the SSH stack (ssh2, cpu-features): they fall back to
  // JavaScript when require() fails, as it does here.
  external: ['*.node'],
  // Bundled CommonJS modules call require() for Node's built-ins and some read __dirname
  // (ssh2's Emscripten code); neither exists in an ES module.
  banner: {
    js: [
      "import { createRequire as podlifeCreateRequire } from 'node:module';",
      "import { fileURLToPath as podlifeFileURLToPath } from 'node:url';",
      'const require = podlifeCreateRequire(import.meta.url);',
      'const __filename = podlifeFileURLToPath(import.meta.url);',
      "const __dirname = podlifeFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [replaceModules, swapInkModules],
});

// The modules and a digest of them all: the cache directory a run unpacks them into is named by it.
const modules = readdirSync(bundleDir).sort();
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
