// On a Node older than package.json's "engines" (the machines podlife targets often ship
// Node 20), the installed command prints one line that names the Node it needs and how to
// get it, and exits 1: never a stack trace from deep inside a dependency.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeMajor, PACKAGE, prerequisite, ROOT } from './prerequisite.js';

const needed = Number(/^>=\s*(\d+)$/.exec(PACKAGE.engines.node)?.[1]);
// The machine's own Node (Debian's, 20 here); PODLIFE_OLD_NODE names another.
const candidates = [process.env.PODLIFE_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node'].filter((c): c is string => !!c);
const oldNode = prerequisite(
  candidates.find((c) => (nodeMajor(c) ?? Infinity) < needed),
  `no Node older than ${needed} among ${candidates.join(', ')} (set PODLIFE_OLD_NODE)`,
);

function expectOneLineRefusal(r: ReturnType<typeof spawnSync<string>>, node: string): void {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`podlife: needs Node.js >= ${needed}, but this is Node ${version}`);
  expect(r.stderr).toMatch(/install Node \d+ or newer \(https:\/\/nodejs\.org/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe(`podlife on Node older than ${needed}${oldNode.note}`, () => {
  it.skipIf(oldNode.skip)('node dist/cli.js prints one line and exits 1', () => {
    const node = oldNode.get();
    const r = spawnSync(node, [`${ROOT}dist/cli.js`, '--version'], { encoding: 'utf8', cwd: ROOT });
    expectOneLineRefusal(r, node);
  });

  it.skipIf(oldNode.skip)('the bin run by its shebang (env node) does the same', () => {
    const node = oldNode.get();
    const r = spawnSync(`${ROOT}dist/cli.js`, ['-n', 'demo'], { encoding: 'utf8', env: { ...process.env, PATH: `${dirname(node)}:/usr/bin:/bin` } });
    expectOneLineRefusal(r, node);
  });
});
