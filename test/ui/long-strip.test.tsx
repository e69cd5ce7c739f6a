// A row's strip may be longer than the room beside its cells (a last stop leads it, then
// the timeline): it is cut at the terminal's edge, never squeezing the cells or wrapping.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { dockerRow } from '../support/rows.js';
import { staticSession } from '../support/static-source.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

it('a long strip is cut at the edge: one line per row, the cells intact', async () => {
  const base = dockerRow('running');
  const requestedAt = (base.startedAt ?? Date.now()) - 60_000;
  const row: ContainerRow = {
    ...base,
    lastStop: {
      cause: { kind: 'restart', text: 'restarted by its restart policy (on-failure:3) after a long and eventful run', short: 'restart' },
      termination: { requestedAt, graceSeconds: 30, deadline: requestedAt + 30_000, hasPreStop: true, hookEndedAt: requestedAt + 3300, termSentAt: requestedAt + 3300, killSentAt: requestedAt + 30_000, exitedAt: requestedAt + 30_000, exitCode: 137 },
    },
  };
  const setup = staticSession('docker', { default: [row] });
  const app = render(<App session={setup.session} sourceLabel="docker" />);
  unmount = app.unmount;
  let frame = '';
  for (let waited = 0; waited < 3000 && !frame.includes('restart:'); waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
    frame = app.lastFrame() ?? '';
  }
  const lines = frame.split('\n');
  const rowLine = lines.find((l) => l.includes('restart:'));
  expect(rowLine, frame).toBeDefined();
  // The cells before the strip keep their text and place (squeezed, REASON read "rea…" and
  // the mark's two cells were lost).
  expect(rowLine).toMatch(/^ {2}\S/);
  expect(rowLine).toMatch(/Running\s+ready\s/);
  // Nothing wrapped onto a line of its own.
  expect(lines.filter((l) => /^\s*…/.test(l)), frame).toEqual([]);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
});
