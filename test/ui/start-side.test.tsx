// The start side's times on the dashboard move with the clock: the row keeps only the
// moment (the Started event, the flip to not ready), and each 1 Hz tick redraws the cell,
// also when no grace bar is running.
import './layout-engine.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { staticSession } from '../support/static-source.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Waits for the frame to match, at most `ms`. */
async function until(frame: () => string | undefined, pattern: RegExp, ms = 5000): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const match = pattern.exec(frame() ?? '');
    if (match) return match;
  }
  throw new Error(`the frame never matched ${pattern}:\n${frame()}`);
}

it('a running postStart counts up on screen with no grace bar running', async () => {
  // The article's pod as the API served it while ContainerCreating; its Started event seen 1.5 s ago.
  const pod = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/kubernetes/lifecycle-waiting.json', import.meta.url)), 'utf8')) as PodJson;
  const [row] = podToRows(pod, { context: 'podlife-local' });
  row!.start = { postStart: { since: Date.now() - 1500 } };
  const { session } = staticSession('kubernetes', { 'podlife-local': [row!] });
  const app = render(<App session={session} sourceLabel="kubernetes" />);
  unmount = app.unmount;
  const first = Number((await until(app.lastFrame, /postStart (\d+\.\d)s…/))[1]);
  const later = Number((await until(app.lastFrame, new RegExp(`postStart (?!${first.toFixed(1).replace('.', '\\.')}s)(\\d+\\.\\d)s…`)))[1]);
  expect(later).toBeGreaterThan(first);
});
