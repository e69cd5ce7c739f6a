// The engine goes away and comes back: DockerSource says "disconnected", retries, and
// relists on success so the rows match the engine again (no ghost rows, none lost).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerSource } from '../../src/sources/docker.js';
import { RecordingSink } from './recording-sink.js';
import { SocketProxy } from './socket-proxy.js';
import { docker, engine, runContainer, uniqueName, waitFor, useSharedEngine } from './setup.js';

let host = '';
let source: DockerSource | undefined;
let proxy: SocketProxy | undefined;

useSharedEngine((h) => (host = h));
afterEach(async () => {
  await source?.close();
  source = undefined;
  await proxy?.close();
  proxy = undefined;
});

const backoff = { initialMs: 100, maxMs: 1000 };

describe('DockerSource when the engine goes away', () => {
  it('connection lost (engine socket gone): disconnected naming the socket; back live with a resync that drops the removed and adds the created', async () => {
    const socket = host.replace(/^unix:\/\//, '');
    proxy = new SocketProxy(join(tmpdir(), `podlife-proxy-${process.pid}.sock`), socket);
    await proxy.open();
    const sink = new RecordingSink();
    source = new DockerSource({ host: `unix://${proxy.path}`, backoff });
    const removedWhileDown = runContainer(host, uniqueName('gone'), [], 'exit 0');
    const kept = runContainer(host, uniqueName('kept'), [], 'sleep 100000 & wait $!');
    source.start(sink);
    await waitFor(() => sink.row(removedWhileDown) && sink.row(kept), 'both rows');

    await proxy.close();
    const down = await waitFor(() => sink.statuses.find((s) => s.state === 'disconnected'), 'a disconnected status');
    expect(down.message).toContain(proxy.path);
    expect(down.message).toContain('context "default"');
    expect(down.since).toBeLessThanOrEqual(Date.now());

    docker(host, ['rm', '-f', removedWhileDown]);
    const createdWhileDown = runContainer(host, uniqueName('new'), [], 'sleep 100000', true);
    await new Promise((r) => setTimeout(r, 1500)); // several failed retries
    expect(sink.lastStatus()?.state).toBe('disconnected');
    expect(sink.statuses.filter((s) => s.state === 'disconnected')).toHaveLength(1); // said once, not per retry
    expect(sink.row(createdWhileDown)).toBeUndefined();
    expect(sink.row(removedWhileDown)).toBeDefined(); // the source cannot know yet

    const resyncsBefore = sink.resyncs.length;
    await proxy.open();
    await waitFor(() => sink.lastStatus()?.state === 'live', 'live again', 10_000);
    expect(sink.resyncs.length).toBe(resyncsBefore + 1);
    const ids = sink.resyncs.at(-1)!.map((r) => r.id);
    expect(ids).toContain(createdWhileDown);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(removedWhileDown);
    expect(sink.row(removedWhileDown)).toBeUndefined();
    expect(sink.row(createdWhileDown)).toMatchObject({ state: 'Waiting', reason: 'Created' });

    // And it follows events again.
    docker(host, ['start', createdWhileDown]);
    await waitFor(() => sink.row(createdWhileDown)?.state === 'Running', 'the started row');
  }, 60_000);

  it('dockerd stopped and started again (engine.sh down / up): disconnected, then live with rows matching the engine', async () => {
    // An engine of its own: stopping the shared one would pull it from under other test files.
    const dir = join(tmpdir(), `podlife-docker-restart-${process.pid}`);
    let own = await engine('up', dir);
    try {
      const sink = new RecordingSink();
      source = new DockerSource({ host: own, backoff });
      // --rm: dockerd removes it when it stops the container on shutdown or restores at start.
      const autoRemoved = runContainer(own, uniqueName('autorm'), ['--rm'], 'trap "exit 0" TERM; sleep 100000 & wait $!');
      const exited = runContainer(own, uniqueName('exited'), [], 'exit 4');
      source.start(sink);
      await waitFor(() => sink.row(autoRemoved) && sink.row(exited)?.state === 'Terminated', 'the rows');

      await engine('down', dir);
      const down = await waitFor(() => sink.statuses.find((s) => s.state === 'disconnected'), 'a disconnected status');
      expect(down.message).toContain(own.replace(/^unix:\/\//, ''));
      await new Promise((r) => setTimeout(r, 1000));
      expect(sink.lastStatus()?.state).toBe('disconnected');

      own = await engine('up', dir);
      await waitFor(() => sink.lastStatus()?.state === 'live', 'live again', 20_000);
      const truth = docker(own, ['ps', '-aq', '--no-trunc']).split('\n').filter(Boolean).sort();
      expect(truth).toContain(exited);
      expect(truth).not.toContain(autoRemoved);
      expect([...sink.rows.values()].map((r) => r.id!).sort()).toEqual(truth);
      expect(sink.row(exited)).toMatchObject({ state: 'Terminated', exitCode: 4, reason: 'Error' });
    } finally {
      await source?.close();
      await engine('down', dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
