// On a Node older than package.json's "engines" (the machines podlife targets often ship
// Node 20), the installed command prints one line that names the Node it needs and how to
// get it, and exits 1: never a stack trace from deep inside a dependency.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { describeWhere } from '../support/requirements.js';
import { PACKAGE, ROOT } from './package-root.js';

const needed = Number(/^>=\s*(\d+)$/.exec(PACKAGE.engines.node)?.[1]);
// The machine's own Node (Debian's, 20 here); PODLIFE_OLD_NODE names another.
const candidates = [process.env.PODLIFE_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node'].filter((c): c is string => !!c);
const nodeMajor = (path: string) => {
  const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('.')[0]) : Infinity;
};
const oldNode = candidates.find((c) => nodeMajor(c) < needed);

function expectOneLineRefusal(r: SpawnSyncReturns<string>, node: string): void {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`podlife: needs Node.js >= ${needed}, but this is Node ${version}`);
  expect(r.stderr).toMatch(/install Node \d+ or newer \(https:\/\/nodejs\.org/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describeWhere(oldNode ? undefined : `no Node older than ${needed} among ${candidates.join(', ')} (set PODLIFE_OLD_NODE)`, `podlife on Node older than ${needed}`, () => {
  const node = oldNode!;
  it('node dist/cli.js prints one line and exits 1', () => {
    const r = spawnSync(node, [`${ROOT}dist/cli.js`, '--version'], { encoding: 'utf8', cwd: ROOT });
    expectOneLineRefusal(r, node);
  });

  it('the bin run by its shebang (env node) does the same', () => {
    const r = spawnSync(`${ROOT}dist/cli.js`, ['-n', 'demo'], { encoding: 'utf8', env: { ...process.env, PATH: `${dirname(node)}:/usr/bin:/bin` } });
    expectOneLineRefusal(r, node);
  });
});
