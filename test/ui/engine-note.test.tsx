// What the screen says about a Podman engine: the header's second line when the connection
// is fine, and the detail pane of its containers. dockerd's endpoints get neither.
import './layout-engine.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Header } from '../../src/ui/Header.js';
import { detailLines } from '../../src/ui/Detail.js';
import { dockerRow } from '../../src/lifecycle/docker.js';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { podmanInspect } from '../unit/podman-fixtures.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const status = (engine: ConnectionStatus['engine']): ConnectionStatus => ({ source: 'docker', context: 'default', state: 'live', since: 0, engine });
const counts = { Waiting: 0, Running: 1, Terminated: 0, gone: 0 };
const header = (s: ConnectionStatus) => {
  const app = render(<Header sourceLabel="docker" contexts={['default']} counts={counts} statuses={[s]} readonly={false} replay={false} width={160} />);
  unmount = app.unmount;
  return app.lastFrame()!;
};

describe('the engine on screen', () => {
  it('Podman: the header names it with its version and what its events do not say', () => {
    expect(header(status({ kind: 'podman', version: '4.3.1' }))).toContain('Podman 4.3.1: its events do not say when TERM or KILL is sent; a stop by another client shows only its exit');
  });

  it('dockerd: no such line', () => {
    expect(header(status({ kind: 'docker', version: '27.3.1' }))).not.toContain('events do not say');
  });

  it('the detail pane of a container on Podman says where its bar comes from', () => {
    const row = dockerRow(podmanInspect('running'), { context: 'default' });
    const engine = detailLines(row, [], status({ kind: 'podman', version: '4.3.1' }), 0).find(([label]) => label === 'Engine');
    expect(engine?.[1]).toBe("Podman 4.3.1 reports no TERM or KILL: a bar runs from podlife's own stop to its deadline (Podman's KILL); another client's stop shows only its exit");
    expect(detailLines(row, [], status({ kind: 'docker' }), 0).some(([label]) => label === 'Engine')).toBe(false);
  });
});
