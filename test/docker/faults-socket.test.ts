// The Docker socket removed (renamed away) under a running engine of the test's own:
// podlife says "disconnected" naming the socket, marks rows stale, and once the socket is
// back it relists: no ghost of a container removed meanwhile, the one created is there.
import { renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../src/lifecycle/types.js';
import { DockerSource } from '../../src/sources/docker.js';
import { Store } from '../../src/store/store.js';
import { docker, engine, runContainer, uniqueName, waitFor } from './setup.js';

// An engine of its own: the shared one's socket must never go away under other tests.
const dir = join(tmpdir(), `podlife-docker-sock-${process.pid}`);
let host = '';
let socket = '';
let away = '';
let source: DockerSource | undefined;
let store: Store | undefined;

beforeAll(async () => {
  host = await engine('up', dir);
  socket = host.replace(/^unix:\/\//, '');
  away = `${socket}.away`;
}, 300_000);
afterEach(async () => {
  try {
    renameSync(away, socket); // a failed test must not leave the socket away
  } catch {
    // it is where it belongs
  }
  await source?.close();
  source = undefined;
  store?.dispose();
});
afterAll(async () => {
  await engine('down', dir);
  rmSync(dir, { recursive: true, force: true });
});

function watch() {
  store = new Store({ frameMs: 5 });
  const statuses: ConnectionStatus[] = [];
  const s = store;
  source = new DockerSource({ host, backoff: { initialMs: 100, maxMs: 500 }, tap: (r) => r.type === 'status' && statuses.push(r.data as ConnectionStatus) });
  source.start(s.sinkFor('docker', source.context));
  const row = (id: string) => s.allRows().find((r) => r.id === id && r.goneAt === undefined);
  return { store: s, statuses, row, last: () => statuses.at(-1) };
}

describe('the Docker socket goes away', () => {
  it('while watching: disconnected naming the socket, rows stale; back: resync, no ghost rows', async () => {
    const gone = runContainer(host, uniqueName('sock-gone'), [], 'sleep 100000');
    const kept = runContainer(host, uniqueName('sock-kept'), [], 'sleep 100000');
    const w = watch();
    await waitFor(() => w.last()?.state === 'live' && w.row(gone) && w.row(kept), 'live with both rows');

    renameSync(socket, away);
    const movedHost = `unix://${away}`;
    // The open event stream still works; the next inspect (after this container's events) cannot.
    const created = runContainer(movedHost, uniqueName('sock-new'), [], 'sleep 100000');
    const down = await waitFor(() => w.statuses.find((s) => s.state === 'disconnected'), 'a disconnected status', 5000);
    expect(down.message).toContain(socket);
    expect(down.message).toContain('the socket does not exist');
    expect(w.store.allRows().every((r) => r.stale)).toBe(true);
    docker(movedHost, ['rm', '-f', gone]);

    renameSync(away, socket);
    await waitFor(() => w.last()?.state === 'live', 'live again', 10_000);
    await waitFor(() => w.row(created)?.state === 'Running', 'the container created meanwhile');
    expect(w.row(gone)).toBeUndefined();
    expect(w.row(kept)?.state).toBe('Running');
    expect(w.store.allRows().some((r) => r.stale)).toBe(false);
    const truth = docker(host, ['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean).sort();
    expect(w.store.allRows().filter((r) => r.goneAt === undefined).map((r) => r.id).sort()).toEqual(truth);
    docker(host, ['rm', '-f', kept, created]);
  }, 60_000);

  it('before starting: disconnected at once naming the missing socket; live when it appears', async () => {
    const id = runContainer(host, uniqueName('sock-late'), [], 'sleep 100000');
    renameSync(socket, away);
    const w = watch();
    const down = await waitFor(() => w.statuses.find((s) => s.state === 'disconnected'), 'a disconnected status', 3000);
    expect(down.message).toMatch(new RegExp(`context "default" \\(unix://${socket.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): the socket does not exist`));
    await new Promise((r) => setTimeout(r, 1000));
    expect(w.last()?.state).toBe('disconnected');
    renameSync(away, socket);
    await waitFor(() => w.last()?.state === 'live' && w.row(id), 'live with the row', 10_000);
    docker(host, ['rm', '-f', id]);
  }, 30_000);
});
