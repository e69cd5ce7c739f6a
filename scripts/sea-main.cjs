// The single executable (scripts/build-binary.mjs) starts here. Its code is one ES
// module, kept as an asset: it must stay an ES module because Ink's layout engine
// (yoga-layout) loads with a top-level await, and Node imports ES modules only from files
// (a data: URL would do, but then every stack trace prints megabytes of it). So the first
// run writes it into the user's cache, named by its content hash, and every run imports
// it from there, with Node's compile cache beside it.
const { getAsset } = require('node:sea');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { homedir, tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const hash = getAsset('podlife.mjs.sha256', 'utf8');

function unpackInto(dir) {
  const file = join(dir, `podlife-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Write then rename: a run started meanwhile never imports half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(getAsset('podlife.mjs')));
    renameSync(partial, file);
    // Another version's code is of no more use (a run of it keeps its open file).
    for (const old of readdirSync(dir)) if (/^podlife-\w+\.mjs$/.test(old) && join(dir, old) !== file) rmSync(join(dir, old), { force: true });
  }
  return file;
}

let dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'podlife', 'binary');
let file;
try {
  file = unpackInto(dir);
} catch {
  // No writable cache (a read-only home): a private temporary directory for this run.
  dir = mkdtempSync(join(tmpdir(), 'podlife-'));
  file = unpackInto(dir);
}
enableCompileCache(join(dir, 'compile-cache'));
import(pathToFileURL(file).href);
