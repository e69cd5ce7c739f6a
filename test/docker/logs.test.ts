// A Docker container's log through DockerSource on a real engine: the lines `docker logs`
// prints (stdout and stderr demultiplexed, in order), the previous instance's after a
// restart, and a live follow that ends when the container does.
import { afterEach, describe, expect, it } from 'vitest';
import { DockerSource } from '../../src/sources/docker.js';
import type { LogLine } from '../../src/sources/source.js';
import { Store } from '../../src/store/store.js';
import { timelineFor } from '../../src/store/warnings-and-timelines.js';
import { docker, inspectState, runContainer, uniqueName, useSharedEngine, waitFor } from './setup.js';

let host = '';
let source: DockerSource | undefined;
useSharedEngine((h) => (host = h));
afterEach(async () => {
  await source?.close();
  source = undefined;
});

async function lines(id: string, options: { follow?: boolean; previous?: boolean }): Promise<LogLine[]> {
  source ??= new DockerSource({ host });
  const out: LogLine[] = [];
  for await (const line of source.logs({ groupKey: id, namespace: '', group: id, id, container: id }, { follow: options.follow ?? false, previous: options.previous ?? false, signal: AbortSignal.timeout(20_000) })) out.push(line);
  return out;
}

describe('DockerSource logs on a real engine', () => {
  it('stdout and stderr both, each with the stamp `docker logs -t` prints for it', async () => {
    const id = runContainer(host, uniqueName('logs'), [], 'echo one; echo two >&2; echo three');
    await waitFor(() => inspectState(host, id).Running === false && inspectState(host, id).Status === 'exited', 'the container to exit');
    const got = await lines(id, {});
    expect(got.map((l) => l.text).sort()).toEqual(['one', 'three', 'two']);
    // The CLI's stdout carries the container's stdout lines: same stamps, same order.
    const stdout = docker(host, ['logs', '-t', id]).trim().split('\n').map((l) => ({ at: Date.parse(l.split(' ')[0]!), text: l.slice(l.indexOf(' ') + 1) }));
    expect(got.filter((l) => l.text !== 'two')).toEqual(stdout);
  }, 30_000);

  it('the previous instance: what was written before the current start; a follow ends with the container', async () => {
    const id = runContainer(host, uniqueName('logs-restart'), ['--restart', 'on-failure:1'], 'echo run $(cat /proc/sys/kernel/random/uuid); sleep 1.2; exit 3');
    // The second run has started and written its line (the engine's own log says so).
    await waitFor(() => docker(host, ['logs', id]).trim().split('\n').length === 2, 'the second run\'s line', 30_000);
    const previous = await lines(id, { previous: true });
    expect(previous).toHaveLength(1);
    expect(previous[0]!.text).toMatch(/^run [0-9a-f-]{36}$/);
    const followed = await lines(id, { follow: true }); // ends when the second run exits
    expect(followed.map((l) => l.text)).toHaveLength(2);
    expect(followed[0]!.text).toBe(previous[0]!.text);
  }, 40_000);

  it('a container stopped by podlife: what it logged on TERM is on its timeline, before the exit', async () => {
    const store = new Store({ frameMs: 0 });
    source = new DockerSource({ host });
    source.start(store.sinkFor('docker', 'default'));
    await waitFor(() => store.statusList()[0]?.state === 'live', 'the source to go live');
    const id = runContainer(host, uniqueName('logs-term'), [], "trap 'echo got TERM, draining; sleep 1; echo bye; exit 0' TERM; echo up; while true; do sleep 1 & wait; done");
    const row = await waitFor(() => store.allRows().find((r) => r.id === id && r.state === 'Running'), 'the Running row');
    await source.terminate({ groupKey: row.groupKey, namespace: '', group: row.group, id }, { mode: 'stop', graceSeconds: 10 });
    const lines = await waitFor(() => {
      const done = store.allRows().find((r) => r.id === id && r.termination?.exitedAt !== undefined);
      const segments = done ? timelineFor(store, done) : [];
      return segments.some((s) => s.label === 'log: bye') && segments.some((s) => s.phase === 'terminated') && segments;
    }, 'the stop\'s log lines on the timeline', 20_000);
    const at = (label: string) => lines.findIndex((s) => s.label === label);
    expect(at('log: got TERM, draining')).toBeGreaterThanOrEqual(0);
    expect(at('log: bye')).toBeGreaterThan(at('log: got TERM, draining'));
    expect(lines.findIndex((s) => s.phase === 'terminated')).toBeGreaterThan(at('log: bye'));
    // The engine's own record: the same lines, the same stamps.
    const engine = docker(host, ['logs', '-t', id]).trim().split('\n').filter((l) => /got TERM|bye/.test(l)).map((l) => Date.parse(l.split(' ')[0]!));
    expect([lines[at('log: got TERM, draining')]!.from, lines[at('log: bye')]!.from]).toEqual(engine);
  }, 40_000);
});
