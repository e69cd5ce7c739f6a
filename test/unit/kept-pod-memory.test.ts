// What the feed keeps per pod, made smaller: repeated strings point at one copy (values
// unchanged, nothing added), and a row's history holds its first state without an array.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PodJson } from '../../src/lifecycle/kubernetes-json.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { sharePodStrings, StringPool } from '../../src/sources/shared-strings.js';
import { RowHistory } from '../../src/store/row-history.js';

const dir = fileURLToPath(new URL('../fixtures/kubernetes/', import.meta.url));
const pod = (name: string): PodJson => JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8'));

describe('sharePodStrings', () => {
  it('changes no value and adds no field, whatever the pod carries', () => {
    const pool = new StringPool();
    for (const name of ['lifecycle-running', 'lifecycle-deleting', 'init-and-sidecar-running', 'crash-loop-backoff', 'rollout/evicted', 'finalizer/held-deleting']) {
      const shared = pod(name);
      sharePodStrings(shared, pool);
      expect(shared, name).toStrictEqual(pod(name));
    }
    expect(pool.size).toBeGreaterThan(0);
  });

  it('gives containers started in the same second one frozen running state, and may share a pod twice', () => {
    const pool = new StringPool();
    const [a, b] = [pod('lifecycle-running'), pod('lifecycle-running')];
    sharePodStrings(a, pool);
    sharePodStrings(b, pool);
    const state = (p: PodJson) => p.status!.containerStatuses![0]!.state;
    expect(state(a)?.running?.startedAt).toBeTruthy();
    expect(state(b)).toBe(state(a));
    expect(Object.isFrozen(state(a)) && Object.isFrozen(state(a)?.running)).toBe(true);
    expect(() => sharePodStrings(a, pool)).not.toThrow();
    expect(a).toStrictEqual(pod('lifecycle-running'));
  });

  it('starts afresh when full, and still hands back the value asked for', () => {
    const pool = new StringPool(3);
    for (const value of ['a', 'b', 'c']) pool.share(value);
    expect(pool.size).toBe(3);
    expect(pool.share('d')).toBe('d');
    expect(pool.size).toBe(1);
    expect(pool.share('a')).toBe('a');
  });
});

describe('RowHistory', () => {
  const key = 'k8s/c/ns/pod/web';
  const row = (state: ContainerRow['state'], restartCount = 0, exitCode?: number) => ({ key, state, restartCount, ready: state === 'Running', ...(exitCode === undefined ? {} : { exitCode }) }) as ContainerRow;

  it('gives the first transition alone, then every one in order, at most 64', () => {
    const history = new RowHistory();
    history.observe(undefined, row('Waiting'), 1);
    expect(history.of(key, row('Waiting')).map((t) => [t.at, t.state])).toEqual([[1, 'Waiting']]);
    history.observe(row('Waiting'), row('Running'), 2);
    history.observe(row('Running'), row('Running'), 3); // no change: not a transition
    expect(history.of(key, row('Running')).map((t) => [t.at, t.state])).toEqual([
      [1, 'Waiting'],
      [2, 'Running'],
    ]);
    for (let i = 1; i <= 100; i++) history.observe(row('Running', i - 1), row('Running', i), 10 + i);
    const kept = history.of(key, row('Running', 100));
    expect(kept).toHaveLength(64);
    expect(kept.at(-1)).toMatchObject({ at: 110, restartCount: 100 });
    expect(kept[0]).toMatchObject({ at: 47, restartCount: 37 });
    expect(history.size).toBe(1);
    history.forget(key);
    expect(history.of(key, row('Running', 100))).toEqual([]);
  });

  it('keeps the first sighting as seen, also when the row changes without a transition', () => {
    const history = new RowHistory();
    history.observe(undefined, row('Terminated', 0, 1), 5);
    // Same state, reason, restarts and readiness, another exit code: no transition, and the
    // first sighting still says exit 1 (it is read from the row only while nothing changed).
    history.observe(row('Terminated', 0, 1), row('Terminated', 0, 137), 6);
    expect(history.of(key, row('Terminated', 0, 137))).toEqual([{ at: 5, state: 'Terminated', exitCode: 1, restartCount: 0, ready: false, reason: undefined }]);
  });

  it('starts a new life after a gone row: its first sighting kept, the new one added', () => {
    const history = new RowHistory();
    history.observe(undefined, row('Running'), 1);
    const gone = { ...row('Running'), goneAt: 2 };
    history.observe(gone, row('Running'), 3, true);
    expect(history.of(key, row('Running')).map((t) => [t.at, t.state])).toEqual([
      [1, 'Running'],
      [3, 'Running'],
    ]);
  });
});
