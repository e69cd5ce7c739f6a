// Files podlife ships besides its code (package.json, the bundled demo recording): beside
// dist/ in a clone or an installed package, or embedded as assets in the single
// executable, which has no files around it (scripts/build-binary.mjs embeds them under
// the same relative paths).
import { readFileSync } from 'node:fs';
import { getAsset, isSea } from 'node:sea';

/** `path` relative to the package root, e.g. "demo/recordings/lifecycle.ndjson.gz". */
export function readPackagedFile(path: string): Buffer {
  if (isSea()) return Buffer.from(getAsset(path));
  return readFileSync(new URL(`../../${path}`, import.meta.url));
}

export type PackageInfo = { name: string; version: string; description: string };

export function packageInfo(): PackageInfo {
  return JSON.parse(readPackagedFile('package.json').toString('utf8')) as PackageInfo;
}
