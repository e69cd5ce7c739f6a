// The namespace picker (n) with two contexts in view (--context east,west): a choice
// moves both, so it lists the namespaces of both and says which context has which; a
// context that cannot list its namespaces is named, the other's are still offered.
import './layout-engine.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import { App } from '../../src/ui/App.js';
import { staticSession } from '../support/static-source.js';

const pod = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/kubernetes/lifecycle-running.json', import.meta.url)), 'utf8')) as PodJson;
const rowsIn = (context: string) => podToRows(pod, { context });
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Waits until the last frame contains `text` (a busy machine renders late), at most 3 s. */
async function until(frame: () => string | undefined, text: string): Promise<string> {
  for (let waited = 0; waited < 3000; waited += 20) {
    const now = frame() ?? '';
    if (now.includes(text)) return now;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never showed "${text}"; last frame:\n${frame()}`);
}

/** The picker's lines after its title: marker, name, detail, spaces squeezed. */
const pickerLines = (frame: string) =>
  frame
    .split('\n')
    .slice(frame.split('\n').findIndex((l) => l.includes('Namespaces (Enter choose')) + 1)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l && !/^[─-]+$/.test(l));

function open(namespaces: Record<string, string[] | Error>) {
  const setup = staticSession('kubernetes', { east: rowsIn('east'), west: rowsIn('west') }, { context: 'east,west', namespaces });
  const app = render(<App session={setup.session} sourceLabel="kubernetes" />);
  unmount = app.unmount;
  return { ...setup, app };
}

describe('namespace picker with two contexts', () => {
  it('lists the union of their namespaces, each with the contexts that have it, and a choice moves both', async () => {
    const { app, session } = open({ east: ['default', 'payments', 'shared'], west: ['default', 'search', 'shared'] });
    await until(app.lastFrame, 'web');
    app.stdin.write('n');
    const frame = await until(app.lastFrame, 'only in west');
    expect(pickerLines(frame).slice(0, 5)).toEqual([
      'all every namespace (-A) of every context',
      // The namespace in view (the session's default) is marked, and selected.
      '* default in every context (east, west)',
      'payments only in east',
      'search only in west',
      'shared in every context (east, west)',
    ]);
    for (let i = 0; i < 2; i++) app.stdin.write('j');
    app.stdin.write('\r');
    await until(app.lastFrame, 'namespace search');
    expect(session.namespaces).toEqual(['search']);
    expect(session.contexts).toEqual(['east', 'west']);
  });

  it('a context that cannot list its namespaces is named; the other\'s are still offered', async () => {
    const { app } = open({ east: ['default', 'payments'], west: new Error('forbidden: cannot list namespaces (context west)') });
    await until(app.lastFrame, 'web');
    app.stdin.write('n');
    const frame = await until(app.lastFrame, 'payments');
    expect(frame).toContain('not listed: context west: forbidden: cannot list namespaces (context west)');
    expect(pickerLines(frame)).toContain('payments only in east');
  });
});
