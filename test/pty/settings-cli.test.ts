// The built podlife with a settings file: `config path` and `config show`, and a bad file
// stopping every command with one line (file, line, key) and exit 2 before anything runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

let home = '';
let configFile = '';
const env = () => ({ HOME: home, XDG_CONFIG_HOME: undefined, PODLIFE_CONFIG: undefined, KUBECONFIG: join(home, 'no-kubeconfig') });

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'podlife-settings-'));
  mkdirSync(join(home, '.config', 'podlife'), { recursive: true });
  configFile = join(home, '.config', 'podlife', 'config.yaml');
});

describe('podlife config and the settings file', () => {
  it('config path prints ~/.config/podlife/config.yaml, or $XDG_CONFIG_HOME/podlife/config.yaml, or $PODLIFE_CONFIG', async () => {
    expect((await runCli(['config', 'path'], env())).stdout).toBe(`${configFile}\n`);
    expect((await runCli(['config', 'path'], { ...env(), XDG_CONFIG_HOME: '/xdg' })).stdout).toBe('/xdg/podlife/config.yaml\n');
    expect((await runCli(['config', 'path'], { ...env(), PODLIFE_CONFIG: '/etc/podlife.yaml' })).stdout).toBe('/etc/podlife.yaml\n');
  });

  it('config show prints the file over the defaults', async () => {
    writeFileSync(configFile, ['defaults:', '  namespace: web', 'columns: [state, group]', 'theme: light', 'gone-row-seconds: 5', ''].join('\n'));
    const { code, stdout } = await runCli(['config', 'show'], env());
    expect(code).toBe(0);
    expect(stdout).toContain('# read from ~/.config/podlife/config.yaml\n');
    expect(stdout).toContain('defaults:\n  namespace: "web"\n');
    expect(stdout).toContain('columns: [state, group]\n');
    expect(stdout).toContain('  quit: ["q", "ctrl-c"]\n');
    expect(stdout).toContain('theme: light\n');
    expect(stdout).toContain('gone-row-seconds: 5\n');
  });

  it('a bad file: one line naming file, line and key, exit 2, and nothing else runs', async () => {
    writeFileSync(configFile, ['theme: light', '', '# the columns I want', 'colums: [state, group]', ''].join('\n'));
    for (const args of [['--once'], ['delete', 'pod/web-1'], ['config', 'show']]) {
      const { code, stdout, stderr } = await runCli(args, env());
      expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: 'podlife: ~/.config/podlife/config.yaml line 4: unknown key "colums" (did you mean "columns"?)\n' });
    }
    // Where to fix it is still printed.
    expect((await runCli(['config', 'path'], env())).stdout).toBe(`${configFile}\n`);
  });
});
