// What an install test needs from the machine (an old Node, the cluster's kubectl). Under
// CI=true a missing one fails the test with the reason; elsewhere the test is skipped and
// its title says why.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGE = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string; engines: { node: string } };
const CI = process.env.CI === 'true';

export interface Prerequisite<T> {
  value?: T;
  /** it.skipIf(p.skip): true only outside CI when it is missing. */
  skip: boolean;
  /** ' (skipped: …)' for a test title, or ''. */
  note: string;
  /** The value, or an Error naming what is missing (the test fails under CI). */
  get(): T;
}

export function prerequisite<T>(value: T | undefined, missing: string): Prerequisite<T> {
  return {
    value,
    skip: value === undefined && !CI,
    note: value === undefined && !CI ? ` (skipped: ${missing})` : '',
    get() {
      if (value === undefined) throw new Error(`cannot run: ${missing}`);
      return value;
    },
  };
}

/** The major version of the Node at `path`, or undefined if it does not run. */
export function nodeMajor(path: string): number | undefined {
  const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('.')[0]) : undefined;
}
