#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50
// The installed command (podlife, kubectl-podlife). It checks the Node version before
// anything else loads: podlife's dependencies need Node >= 22 and on an older Node die
// with a stack trace from deep inside undici. Hence no static import here (those would
// load first), and only syntax that old Nodes parse.
// The shebang keeps V8's young generation at 8 MB (16 by default): a cluster's list and
// watch traffic is short-lived garbage, and the default lets it lift peak memory by a
// hundred MB at 10,000 pods (379 → 286 MB in bench/), for ~10 % more CPU under churn.
// It also lets the old generation grow to 1.5× what survived the last full GC before the
// next one, where V8's own factor goes up to 4× under steady allocation: with 5,000 pods
// under churn the live data is ~60 MB, and RSS went from 354 to 222 MB for the same CPU.
// Below 1,000 pods the young generation is held smaller still (perf/young-generation.ts).

/** package.json "engines" says the same (test/install/node-guard.test.ts checks both). */
const MIN_NODE_MAJOR = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE_MAJOR) {
  process.stderr.write(
    `podlife: needs Node.js >= ${MIN_NODE_MAJOR}, but this is Node ${process.version} (${process.execPath}); ` +
      `install Node ${MIN_NODE_MAJOR} or newer (https://nodejs.org, or: nvm install ${MIN_NODE_MAJOR})\n`,
  );
  process.exit(1);
} else {
  // The code cache first, so that it holds everything the program loads. The program is
  // main.js bundled (scripts/bundle.mjs, part of the build): a few files to read instead
  // of ~300 modules, each resolved through node_modules.
  const program = './bundle/main.mjs';
  import('./cli/compile-cache.js')
    .then((cache) => cache.useCompileCache())
    .catch(() => undefined)
    .then(() => import(program));
}
