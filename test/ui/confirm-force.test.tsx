// The Ctrl-D confirmation on a real pod (the lifecycle pod captured from the cluster):
// typing 0 as the grace period turns the delete into a force delete, and the
// confirmation says so, in the same words `podlife delete --force` uses, before y.
import './layout-engine.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { podToRows } from '../../src/lifecycle/kubernetes.js';
import { App } from '../../src/ui/App.js';
import { staticSession } from '../support/static-source.js';

const pod = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/kubernetes/lifecycle-running.json', import.meta.url)), 'utf8'));
const CTRL_D = '\u0004';
const BACKSPACE = '\u007F';
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

describe('Ctrl-D with grace 0 on a pod', () => {
  it('warns that grace 0 is a FORCE delete, and sends grace 0 with force only after y', async () => {
    const rows = podToRows(pod, { context: 'podlife-local' });
    const { session, sources } = staticSession('kubernetes', { 'podlife-local': rows });
    const app = render(<App session={session} sourceLabel="kubernetes" />);
    unmount = app.unmount;
    await until(app.lastFrame, 'web');
    app.stdin.write(CTRL_D);
    await until(app.lastFrame, `Grace period: ${pod.spec.terminationGracePeriodSeconds} s`);
    for (let i = 0; i < 6; i++) app.stdin.write(BACKSPACE);
    app.stdin.write('0');
    // Ink wraps the note to the box: compare without line breaks and borders.
    await until(app.lastFrame, 'Grace period: 0 s');
    const text = app.lastFrame()!.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(`Delete pod ${pod.metadata.name} in namespace ${pod.metadata.namespace} on context podlife-local?`);
    expect(text).toContain('Grace 0 is a FORCE delete: the pod object is removed at once, without waiting for its containers to stop');
    expect(text).toContain('a container may go on running');
    expect(sources[0]!.terminated).toHaveLength(0);
    app.stdin.write('y');
    for (let waited = 0; waited < 3000 && sources[0]!.terminated.length === 0; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(sources[0]!.terminated).toEqual([expect.objectContaining({ options: { mode: 'stop', graceSeconds: 0, force: true } })]);
  });
});
