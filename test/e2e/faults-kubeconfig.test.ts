// Bad kubeconfigs, through the built binary headless: each ends with a message naming the
// file (or the context) and what is wrong, and a non-zero exit status. No cluster needed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TmuxScreen } from '../support/tmux.js';
import { itWhere, tmuxMissing } from '../support/requirements.js';

const dir = mkdtempSync(join(tmpdir(), 'podlife-fault-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TWO_CONTEXTS = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {}}]
contexts: [{name: alpha, context: {cluster: c, user: u}}, {name: beta, context: {cluster: c, user: u}}]
current-context: alpha
`;

describe('bad kubeconfig input (podlife --once, headless)', () => {
  it('a missing file: names it, exit 1', async () => {
    const file = join(dir, 'missing.yaml');
    const r = await runCli(['--kubeconfig', file, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`kubeconfig ${file} (from --kubeconfig) does not exist`);
    expect(r.stdout).toBe('');
  });

  it('a missing file named by KUBECONFIG with --kubernetes: says to set KUBECONFIG or pass --kubeconfig', async () => {
    const r = await runCli(['--kubernetes', '--once'], { KUBECONFIG: join(dir, 'nope.yaml') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no kubeconfig found: .*nope\.yaml does not exist; set KUBECONFIG or pass --kubeconfig/);
  });

  it('an unreadable path (a directory; chmod 000 does not stop root): cannot read, exit 1', async () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const r = await runCli(['--kubeconfig', sub, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read kubeconfig ${sub}: it is a directory`);
  });

  it('not YAML: says so with the position, exit 1', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nclusters: [\n  - {name: x\n');
    const r = await runCli(['--kubeconfig', file, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`kubeconfig ${file} is not valid YAML: .*\\(\\d+:\\d+\\)`));
  });

  it('YAML that is not a kubeconfig: says so, exit 1', async () => {
    const file = join(dir, 'list.yaml');
    writeFileSync(file, '- just\n- a list\n');
    const r = await runCli(['--kubeconfig', file, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`kubeconfig ${file} is YAML but not a kubeconfig`);
  });

  itWhere(tmuxMissing(), 'in a terminal: the same message, exit 1, and the terminal is left as it was', async () => {
    const file = join(dir, 'two-tty.yaml');
    writeFileSync(file, TWO_CONTEXTS);
    const s = new TmuxScreen(['--kubeconfig', file, '--context', 'gamma'], { NO_COLOR: '1' }, { columns: 160, rows: 10 });
    try {
      const out = await s.waitForText('[exit 1]', 15_000);
      expect(out).toContain(`context "gamma" not found in kubeconfig ${file}; known contexts: alpha, beta`);
      expect(s.display('#{alternate_on} #{cursor_flag}')).toBe('0 1');
    } finally {
      s.close();
    }
  });

  it('an unknown context: lists the known ones, exit 1', async () => {
    const file = join(dir, 'two.yaml');
    writeFileSync(file, TWO_CONTEXTS);
    const r = await runCli(['--kubeconfig', file, '--context', 'gamma', '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`context "gamma" not found in kubeconfig ${file}; known contexts: alpha, beta`);
  });
});
