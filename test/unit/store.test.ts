import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/store/store.js';
import { dockerRow } from '../support/rows.js';

describe('store', () => {
  afterEach(() => vi.useRealTimers());

  it('coalesces a burst of changes into one notification per frame', () => {
    vi.useFakeTimers();
    const store = new Store({ frameMs: 33 });
    const sink = store.sinkFor('docker', 'default');
    const calls: number[] = [];
    store.subscribe((changed) => calls.push(changed.size));
    const running = dockerRow('running');
    for (let i = 0; i < 500; i++) sink.upsertGroup(running.groupKey, [{ ...running, restartCount: i }]);
    vi.advanceTimersByTime(0);
    expect(calls).toEqual([1]);
    for (let i = 0; i < 100; i++) sink.upsertGroup(running.groupKey, [{ ...running, restartCount: 1000 + i }]);
    vi.advanceTimersByTime(10);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(40);
    expect(calls).toHaveLength(2);
    expect(store.row(running.key)!.restartCount).toBe(1099);
  });

  it('waits the short live-bar frame only for a stop on screen; stops off screen wait the paced frame', () => {
    vi.useFakeTimers();
    const store = new Store({ frameMs: 200, liveBarFrameMs: 100 });
    const sink = store.sinkFor('docker', 'default');
    const calls: number[] = [];
    store.subscribe(() => calls.push(performance.now()));
    const shown = dockerRow('running');
    const hidden = { ...dockerRow('running'), key: 'docker/default/hidden', groupKey: 'docker/default/hidden', group: 'hidden' };
    sink.upsertGroup(shown.groupKey, [shown]);
    sink.upsertGroup(hidden.groupKey, [hidden]);
    vi.advanceTimersByTime(0); // the first change after a quiet spell is drawn at once
    store.showing(new Set([shown.key]), false);
    const stopping = (row: typeof shown) => ({ ...row, termination: { requestedAt: 0, graceSeconds: 10, deadline: 10_000, hasPreStop: false } });
    // A stop begins off screen: it waits the paced 200 ms.
    sink.upsertGroup(hidden.groupKey, [stopping(hidden)]);
    vi.advanceTimersByTime(150);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(60);
    expect(calls).toHaveLength(2);
    // A stop begins on screen: its bar is drawn within 100 ms.
    sink.upsertGroup(shown.groupKey, [stopping(shown)]);
    vi.advanceTimersByTime(110);
    expect(calls).toHaveLength(3);
    // While that bar runs on screen, any change is drawn within 100 ms.
    store.showing(new Set([shown.key]), true);
    sink.upsertGroup(hidden.groupKey, [{ ...stopping(hidden), restartCount: 1 }]);
    vi.advanceTimersByTime(110);
    expect(calls).toHaveLength(4);
  });

  it('does not notify when a source re-sends an identical row (idle means no redraw)', () => {
    vi.useFakeTimers();
    const store = new Store();
    const sink = store.sinkFor('docker', 'default');
    const row = dockerRow('running');
    sink.upsertGroup(row.groupKey, [row]);
    vi.runAllTimers();
    const version = store.version;
    sink.upsertGroup(row.groupKey, [{ ...row, hooks: { ...row.hooks } }]);
    vi.runAllTimers();
    expect(store.version).toBe(version);
  });

  it('resync removes rows the source no longer has (no ghosts) but only in its own context', () => {
    const store = new Store();
    const a = store.sinkFor('docker', 'a');
    const b = store.sinkFor('docker', 'b');
    const gone = dockerRow('exited-0', 'a');
    const kept = dockerRow('running', 'a');
    const other = dockerRow('exited-1', 'b');
    a.resync([gone, kept]);
    b.resync([other]);
    a.resync([kept]);
    expect(store.allRows().map((r) => r.key).sort()).toEqual([kept.key, other.key].sort());
  });

  it('tells when a whole list is in: at its last page, not before', () => {
    let lists = 0;
    const store = new Store({ listed: () => lists++ });
    const sink = store.sinkFor('docker', 'a');
    sink.listPage([dockerRow('running', 'a')], { first: true, last: false });
    expect(lists).toBe(0);
    sink.listPage([dockerRow('exited-0', 'a')], { first: false, last: true });
    expect(lists).toBe(1);
    sink.resync([dockerRow('running', 'a')]);
    expect(lists).toBe(2);
  });

  it('marks rows stale while the source is disconnected and fresh again when live', () => {
    const store = new Store();
    const sink = store.sinkFor('docker', 'default');
    const row = dockerRow('running');
    sink.resync([row]);
    sink.status({ source: 'docker', context: 'default', state: 'disconnected', since: 1 });
    expect(store.row(row.key)!.stale).toBe(true);
    sink.status({ source: 'docker', context: 'default', state: 'live', since: 2 });
    expect(store.row(row.key)!.stale).toBe(false);
  });

  it('rows written while the source is disconnected (the pages of a relist) are stale too until it is live again', () => {
    const store = new Store();
    const sink = store.sinkFor('docker', 'default');
    const [old, relisted] = [dockerRow('running'), dockerRow('exited-0')];
    sink.resync([old]);
    sink.status({ source: 'docker', context: 'default', state: 'disconnected', since: 1 });
    sink.listPage([relisted], { first: true, last: false });
    // Another status while still down (say, a page's progress) changes no row.
    const version = store.version;
    sink.status({ source: 'docker', context: 'default', state: 'disconnected', since: 1, message: 'retrying' });
    expect(store.version).toBe(version + 1);
    expect([store.row(old.key)!.stale, store.row(relisted.key)!.stale]).toEqual([true, true]);
    sink.listPage([], { first: false, last: true });
    sink.status({ source: 'docker', context: 'default', state: 'live', since: 2 });
    // The relist had no `old`: gone; the one it had, fresh.
    expect(store.row(old.key)).toBeUndefined();
    expect(store.row(relisted.key)!.stale).toBe(false);
  });

  it('keeps the rows of a deleted group dimmed until retention passes', () => {
    let now = 1_000_000;
    const store = new Store({ clock: () => now, goneRetentionMs: 60_000 });
    const sink = store.sinkFor('docker', 'default');
    const row = dockerRow('exited-0');
    sink.resync([row]);
    sink.removeGroup(row.groupKey, now);
    expect(store.row(row.key)!.goneAt).toBe(now);
    now += 59_000;
    store.prune();
    expect(store.row(row.key)).toBeDefined();
    now += 2_000;
    store.prune();
    expect(store.row(row.key)).toBeUndefined();
  });

  it('drops a gone group whose retention passed as soon as another group goes, with no timer', () => {
    let now = 1_000_000;
    const store = new Store({ clock: () => now, goneRetentionMs: 60_000 });
    const sink = store.sinkFor('docker', 'default');
    const [first, second] = ['exited-0', 'exited-1'].map((n) => dockerRow(n));
    sink.resync([first!, second!]);
    sink.removeGroup(first!.groupKey, now);
    now += 60_100;
    sink.removeGroup(second!.groupKey, now);
    expect(store.row(first!.key)).toBeUndefined();
    expect(store.row(second!.key)?.goneAt).toBe(now);
  });

  it('keeps at most maxGoneGroups deleted groups, dropping the oldest first, however recent', () => {
    let now = 1_000_000;
    const store = new Store({ clock: () => now, goneRetentionMs: 60_000, maxGoneGroups: 2 });
    const sink = store.sinkFor('docker', 'default');
    const rows = ['exited-0', 'exited-1', 'running'].map((n) => dockerRow(n));
    sink.resync(rows);
    for (const row of rows) {
      now += 1_000;
      sink.removeGroup(row.groupKey, now);
    }
    expect(store.row(rows[0]!.key)).toBeUndefined();
    expect(store.row(rows[1]!.key)?.goneAt).toBeDefined();
    expect(store.row(rows[2]!.key)?.goneAt).toBeDefined();
    expect(store.stateCounts().gone).toBe(2);
  });

  it('prunes by time only the groups whose retention passed, and a group that comes back is no longer gone', () => {
    let now = 1_000_000;
    const store = new Store({ clock: () => now, goneRetentionMs: 60_000 });
    const sink = store.sinkFor('docker', 'default');
    const [early, late, back] = ['exited-0', 'exited-1', 'running'].map((n) => dockerRow(n));
    sink.resync([early!, late!, back!]);
    sink.removeGroup(early!.groupKey, now);
    sink.removeGroup(back!.groupKey, now);
    sink.upsertGroup(back!.groupKey, [back!]); // the same name, alive again
    now += 30_000;
    sink.removeGroup(late!.groupKey, now);
    now += 31_000;
    store.prune();
    expect(store.row(early!.key)).toBeUndefined();
    expect(store.row(late!.key)?.goneAt).toBeDefined();
    expect(store.row(back!.key)?.goneAt).toBeUndefined();
  });

  it('counts gone (†) rows as their own number, in no state', () => {
    let now = 1_000_000;
    const store = new Store({ clock: () => now, goneRetentionMs: 60_000 });
    const sink = store.sinkFor('docker', 'default');
    const rows = ['running', 'exited-0', 'exited-1'].map((n) => dockerRow(n));
    sink.resync(rows);
    expect(store.stateCounts()).toEqual({ Waiting: 0, Running: 1, Terminated: 2, gone: 0 });
    sink.removeGroup(rows[1]!.groupKey, now);
    expect(store.stateCounts()).toEqual({ Waiting: 0, Running: 1, Terminated: 1, gone: 1 });
    now += 61_000;
    store.prune();
    expect(store.stateCounts()).toEqual({ Waiting: 0, Running: 1, Terminated: 1, gone: 0 });
  });

  it('records observed transitions, oldest first', () => {
    let now = 5_000;
    const store = new Store({ clock: () => now });
    const sink = store.sinkFor('docker', 'default');
    const created = dockerRow('created');
    sink.upsertGroup(created.groupKey, [created]);
    now = 6_000;
    sink.upsertGroup(created.groupKey, [{ ...created, state: 'Running', reason: undefined }]);
    expect(store.transitions(created.key).map((t) => [t.at, t.state])).toEqual([
      [5_000, 'Waiting'],
      [6_000, 'Running'],
    ]);
  });

  it('orders rows by context, group, then the order the pod runs them', () => {
    const store = new Store();
    const sink = store.sinkFor('kubernetes', 'ctx');
    const base = dockerRow('running');
    const mk = (group: string, name: string, order: number) => ({ ...base, source: 'kubernetes' as const, context: 'ctx', namespace: 'ns', group, name, order, key: `${group}/${name}`, groupKey: group });
    sink.resync([mk('b', 'main', 1), mk('a', 'main', 2), mk('a', 'init', 0)]);
    expect(store.allRows().map((r) => r.key)).toEqual(['a/init', 'a/main', 'b/main']);
  });
});

describe('store: a pod created again under the same name', () => {
  it('starts a new life: the old pod\'s events and transitions are forgotten', () => {
    const store = new Store({ clock: () => 3 });
    const sink = store.sinkFor('docker', 'default');
    const row = dockerRow('running');
    sink.upsertGroup(row.groupKey, [row]);
    sink.event({ at: 1, groupKey: row.groupKey, container: row.name, type: 'Warning', reason: 'FailedPreStopHook', message: 'old life' });
    sink.removeGroup(row.groupKey, 2);
    expect(store.eventsFor(row.groupKey)).toHaveLength(1);
    sink.upsertGroup(row.groupKey, [{ ...row, restartCount: 0 }]);
    expect(store.eventsFor(row.groupKey)).toHaveLength(0);
    expect(store.transitions(row.key)).toHaveLength(1);
  });
});

describe('store: events of an earlier pod with the same name', () => {
  it('are not shown for the current pod (its uid differs)', () => {
    const store = new Store();
    const sink = store.sinkFor('kubernetes', 'ctx');
    const row = { ...dockerRow('running'), source: 'kubernetes' as const, podUid: 'uid-now' };
    sink.event({ at: 1, groupKey: row.groupKey, uid: 'uid-before', container: row.name, type: 'Warning', reason: 'FailedPreStopHook', message: 'earlier pod' });
    sink.event({ at: 2, groupKey: row.groupKey, uid: 'uid-now', container: row.name, type: 'Normal', reason: 'Started', message: 'this pod' });
    sink.upsertGroup(row.groupKey, [row]);
    expect(store.eventsFor(row.groupKey).map((e) => e.message)).toEqual(['this pod']);
  });
});
