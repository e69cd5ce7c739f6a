// The single executable (scripts/build-binary.mjs) starts here. Its code is ES modules
// (main.mjs and the chunks it imports on demand), kept as assets: they must stay ES
// modules because Ink's layout engine (yoga-layout) loads with a top-level await, and
// Node imports ES modules only from files (a data: URL would do, but then every stack
// trace prints megabytes of it). So the first run of a build writes them into the user's
// cache, in a directory named by their digest, and every run imports them from there,
// with Node's compile cache beside them.
const { getAsset } = require('node:sea');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { homedir, tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundle = JSON.parse(getAsset('bundle.json', 'utf8'));
/** Another build's modules are removed once unused this long: a run of it may still import a chunk. */
const KEEP_OTHER_BUILDS_MS = 7 * 24 * 3600 * 1000;

function unpackInto(dir) {
  const target = join(dir, bundle.version);
  if (!existsSync(join(target, 'main.mjs'))) {
    mkdirSync(dir, { recursive: true });
    // Written beside, then renamed: a run started meanwhile never imports half a build.
    const partial = `${target}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial);
    for (const name of bundle.modules) writeFileSync(join(partial, name), Buffer.from(getAsset(`bundle/${name}`)));
    try {
      renameSync(partial, target);
    } catch (err) {
      // Another run unpacked the same build first.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(target, 'main.mjs'))) throw err;
    }
    removeOtherBuilds(dir);
  }
  return target;
}

function removeOtherBuilds(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    try {
      // The single file and the compile cache of builds before the modules were split.
      if (/^podlife-\w+\.mjs$/.test(entry) || entry === 'compile-cache') rmSync(path, { recursive: true, force: true });
      else if (/^\w{16}$/.test(entry) && entry !== bundle.version && Date.now() - statSync(path).mtimeMs > KEEP_OTHER_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

let dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'podlife', 'binary');
let code;
try {
  code = unpackInto(dir);
} catch {
  // No writable cache (a read-only home): a private temporary directory for this run.
  dir = mkdtempSync(join(tmpdir(), 'podlife-'));
  code = unpackInto(dir);
}
enableCompileCache(join(code, 'compile-cache'));
import(pathToFileURL(join(code, 'main.mjs')).href);
