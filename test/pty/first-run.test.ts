// A newcomer with no cluster and no Docker engine: podlife plays the bundled demo
// recording (captured from a real cluster), says so on screen, and the preStop bar runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { TmuxScreen } from '../support/tmux.js';
import { describeWhere, tmuxMissing } from '../support/requirements.js';

let screen: TmuxScreen | undefined;
afterEach(() => screen?.close());

describeWhere(tmuxMissing(), 'first run without a cluster or a Docker engine', () => {
  it('plays the bundled lifecycle demo, says why, and the preStop bar moves', async () => {
    // An empty home: no ~/.kube/config, no ~/.docker contexts.
    const home = mkdtempSync(join(tmpdir(), 'podlife-newcomer-'));
    const s = (screen = new TmuxScreen([], { HOME: home, KUBECONFIG: '', DOCKER_HOST: `unix://${home}/no-docker.sock`, DOCKER_CONTEXT: '', NO_COLOR: '1' }, { columns: 180, rows: 16 }));
    const first = await s.waitForText('REPLAY', 15_000);
    expect(first).toContain('podlife demo replay');
    expect(first).toContain('No cluster or Docker engine answers: playing the bundled demo');
    const hook = await s.waitForText(/lifecycle\s+web\s+Running.*\] preStop \d\.\d\/30s/, 30_000);
    expect(hook).toMatch(/prestop-overrun\s+stubborn/);
    await s.waitForText(/lifecycle\s+web\s+Terminat.*exited 0 after \d\.\d s of 30 s/, 30_000);
    await s.waitForText(/prestop-overrun\s+stubborn\s+Terminat.*killed after \d\.\d s of 5 s/, 30_000);
  }, 90_000);
});
