// A cell that counts time by itself (a running postStart) moves on screen with the clock,
// with no change from the source: the screen ticks while such a row is on it.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { dockerRow } from '../support/rows.js';
import { staticSession } from '../support/static-source.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

it("a running postStart's time moves with the clock alone", async () => {
  const row: ContainerRow = { ...dockerRow('created'), start: { postStart: { since: Date.now() - 3000 } } };
  const setup = staticSession('docker', { default: [row] });
  const app = render(<App session={setup.session} sourceLabel="docker" />);
  unmount = app.unmount;
  const shown = () => /postStart (\d+\.\d)s…/.exec(app.lastFrame() ?? '')?.[1];
  const waitFor = async (what: string, ok: () => boolean) => {
    for (let waited = 0; waited < 6000; waited += 50) {
      if (ok()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${what}; screen:\n${app.lastFrame()}`);
  };
  await waitFor('postStart shown', () => shown() !== undefined);
  const first = Number(shown());
  expect(first).toBeGreaterThanOrEqual(3);
  await waitFor('postStart time moved on by a second', () => Number(shown()) >= first + 1);
});
