// The dashboard under a settings file: the columns it chose, in its order, and a rebound
// key that works and shows in the footer (rendered with Ink, as the user would see it).
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/settings/settings.js';
import { applyUiSettings } from '../../src/settings/apply-settings.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import { App } from '../../src/ui/App.js';
import { dockerRow } from '../support/rows.js';
import { staticSession } from '../support/static-source.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  applyUiSettings(DEFAULT_SETTINGS);
});

async function waitForFrame(frame: () => string | undefined, predicate: (text: string) => boolean): Promise<string> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const text = frame() ?? '';
    if (predicate(text)) return text;
    await sleep(20);
  }
  return frame() ?? '';
}

describe('the dashboard with a settings file', () => {
  it('shows the chosen columns in the chosen order, and answers to a rebound key', async () => {
    const settings = readSettings(['columns: [state, group, reason]', 'keys:', '  help: h', '  quit: [x, ctrl-c]'].join('\n'), 'config.yaml');
    applyUiSettings(settings);
    const setup = staticSession('docker', { default: ['running', 'exited-1'].map((n) => dockerRow(n)) });
    const app = render(<App session={setup.session} sourceLabel="docker" columnChoice={settings.columns} />);
    unmount = app.unmount;
    // A terminal tall enough for the whole help (a shorter one shows a window of it).
    Object.defineProperty(app.stdout, 'rows', { value: 40 });
    app.stdout.emit('resize');
    const frame = await waitForFrame(app.lastFrame, (t) => t.includes('STATE') && t.includes('h help'));
    const header = frame.split('\n').find((line) => line.includes('STATE'))!;
    expect(header).toMatch(/STATE\s+PROJECT\s+REASON/);
    expect(header).not.toContain('CONTAINER');
    expect(header).not.toContain('EXIT');
    expect(frame).toContain('h help');
    expect(frame).toContain('x quit');
    app.stdin.write('?');
    await sleep(100);
    // The help screen lists each action with its keys: "h   this help" once it is open.
    const helpLine = /^h\s+this help$/m;
    expect(app.lastFrame()).not.toMatch(helpLine);
    app.stdin.write('h');
    expect(await waitForFrame(app.lastFrame, (t) => helpLine.test(t))).toMatch(helpLine);
    // Its title names the key that closes it, and that key does.
    expect(app.lastFrame()).toContain('Keys (Esc or h to close)');
    app.stdin.write('h');
    await waitForFrame(app.lastFrame, (t) => !helpLine.test(t) && t.includes('STATE'));
  });
});
