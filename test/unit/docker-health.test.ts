// Since when a Docker health status holds, on inspects and events captured from a real
// dockerd (test/docker/capture-restart-fixtures.sh: --health-cmd 'exit 1' --health-interval 1s
// --health-retries 2), and how the row says it (REASON, -o json).
import { describe, expect, it } from 'vitest';
import { healthSince } from '../../src/lifecycle/docker-health.js';
import { dockerGroupKey, type DockerInspect } from '../../src/lifecycle/docker.js';
import type { ContainerRow } from '../../src/lifecycle/types.js';
import { rowToJson } from '../../src/output/row-json.js';
import { redactInspect } from '../../src/record/redact.js';
import { cellText } from '../../src/render/row-cells.js';
import { DockerFeed, type DockerEventMessage } from '../../src/sources/docker-feed.js';
import type { RawRecord } from '../../src/record/raw-record.js';
import { FakeSink, eventMs, eventsFixture, inspectFixture } from './docker-fixtures.js';

const context = 'default';
const rec = (type: string, data: unknown, t = 0): RawRecord => ({ t, type, context, data });
const ev = (m: DockerEventMessage): RawRecord => rec('docker.event', m, eventMs(m) + 3);
const log = (info: DockerInspect) => info.State.Health!.Log!;
const ms = (iso: string | undefined) => Date.parse(iso!);

const turned = inspectFixture('unhealthy.turned');
const long = inspectFixture('unhealthy.long');
const events = eventsFixture('unhealthy');
const unhealthyEvent = events.find((e) => e.Action === 'health_status: unhealthy')!;

describe('since when a health status holds, from the engine\'s record', () => {
  it('the fixtures: retries 2; turned with 2 failed checks; later 7 failed, of which the log keeps 5', () => {
    expect(turned.Config?.Healthcheck?.Retries).toBe(2);
    expect(turned.State.Health).toMatchObject({ Status: 'unhealthy', FailingStreak: 2 });
    expect(log(turned)).toHaveLength(2);
    expect(long.State.Health).toMatchObject({ Status: 'unhealthy', FailingStreak: 7 });
    expect(log(long)).toHaveLength(5);
    expect(log(long).every((check) => check.ExitCode === 1)).toBe(true);
  });

  it('unhealthy since the end of the check that made the streak reach its retries (the 2nd), which the event follows', () => {
    expect(healthSince(turned, 0)).toEqual({ at: ms(log(turned)[1]!.End) });
    const eventAt = eventMs(unhealthyEvent);
    expect(eventAt).toBeGreaterThanOrEqual(ms(log(turned)[1]!.End));
    expect(eventAt).toBeLessThan(ms(log(turned)[1]!.End) + 1000);
  });

  it('retries 1 (another capture): the first failed check turned it', () => {
    const one = inspectFixture('running-unhealthy');
    expect(one.Config?.Healthcheck?.Retries).toBe(1);
    expect(healthSince(one, 0)).toEqual({ at: ms(log(one)[0]!.End) });
  });

  it('once the log no longer holds that check: at least since the oldest check it keeps', () => {
    const since = healthSince(long, 0)!;
    expect(since).toEqual({ at: ms(log(long)[0]!.Start), atLeast: true });
    expect(since.at).toBeGreaterThan(ms(log(turned)[1]!.End)); // the truth lies before it
  });

  it('podlife saw the change: the event\'s moment beats a log that no longer reaches back, not the exact record', () => {
    const seen = { status: 'unhealthy', at: eventMs(unhealthyEvent) };
    expect(healthSince(long, 0, seen)).toEqual({ at: seen.at });
    expect(healthSince(turned, 0, seen)).toEqual({ at: ms(log(turned)[1]!.End) });
    expect(healthSince(long, 0, { status: 'healthy', at: 5 })).toMatchObject({ atLeast: true }); // another status's event
  });

  it('starting: since the run began; healthy: only an event tells; no check: nothing', () => {
    const starting = { ...turned, State: { ...turned.State, Health: { Status: 'starting' } } };
    expect(healthSince(starting, 0)).toEqual({ at: ms(turned.State.StartedAt) });
    expect(healthSince(inspectFixture('running-healthy'), 0)).toBeUndefined();
    expect(healthSince(inspectFixture('running'), 0)).toBeUndefined();
  });

  it('a recording keeps what it takes (when each check ran and its exit code), not what the check printed', () => {
    for (const info of [turned, long, inspectFixture('running-health-token')]) {
      const kept = redactInspect(info) as unknown as DockerInspect;
      expect(healthSince(kept, 0)).toEqual(healthSince(info, 0));
      expect(JSON.stringify(kept.State.Health)).not.toContain('Output');
      expect(JSON.stringify(kept.Config)).not.toContain('CMD-SHELL');
    }
  });
});

describe('the feed and the row', () => {
  const beforeTurn: DockerInspect = { ...turned, State: { ...turned.State, Health: { Status: 'starting', FailingStreak: 1, Log: log(turned).slice(0, 1) } } };

  function watch(first: DockerInspect) {
    const sink = new FakeSink();
    const feed = new DockerFeed(sink, context);
    feed.apply(rec('docker.list', [first], 1));
    return { feed, row: () => sink.lastRow(dockerGroupKey(context, first.Id))! };
  }

  it('the event turns the row unhealthy since its moment; the inspect after it puts the engine\'s own', () => {
    const { feed, row } = watch(beforeTurn);
    expect(row()).toMatchObject({ health: 'starting', healthSince: ms(turned.State.StartedAt) });
    feed.apply(ev(unhealthyEvent));
    expect(row()).toMatchObject({ health: 'unhealthy', healthSince: eventMs(unhealthyEvent), ready: false });
    feed.apply(rec('docker.inspect', turned, eventMs(unhealthyEvent) + 20));
    expect(row().healthSince).toBe(ms(log(turned)[1]!.End));
    // Later inspects whose log no longer reaches back keep the moment podlife saw.
    feed.apply(rec('docker.inspect', long, eventMs(unhealthyEvent) + 7000));
    expect(row().healthSince).toBe(eventMs(unhealthyEvent));
    expect(row().healthSinceAtLeast).toBeUndefined();
  });

  it('watched only after it turned: at least since the oldest logged check', () => {
    const { row } = watch(long);
    expect(row()).toMatchObject({ healthSince: ms(log(long)[0]!.Start), healthSinceAtLeast: true });
  });

  it('REASON says how long: "unhealthy 42s", ">" when it is a lower bound; -o json carries healthSince', () => {
    const at = ms(log(turned)[1]!.End);
    const exact = watch(turned).row();
    expect(cellText(exact, 'reason', at + 42_400)).toBe('unhealthy 42s');
    expect(cellText(exact, 'reason', at + 300_000)).toBe('unhealthy 5m');
    const bound = watch(long).row();
    expect(cellText(bound, 'reason', ms(log(long)[0]!.Start) + 9_000)).toBe('unhealthy >9s');
    expect(rowToJson(exact, at + 1)).toMatchObject({ health: 'unhealthy', healthSince: log(turned)[1]!.End!.slice(0, 23) + 'Z' });
    expect(rowToJson(bound, at + 1)).toMatchObject({ healthSinceAtLeast: true });
    expect(rowToJson(exact, at + 1).healthSinceAtLeast).toBeUndefined();
  });

  it('other rows keep their reason: healthy, paused, a Kubernetes row', () => {
    const now = ms(log(turned)[1]!.End) + 5000;
    expect(cellText(watch(inspectFixture('running-healthy')).row(), 'reason', now)).toBe('healthy');
    const unhealthy = watch(turned).row();
    expect(cellText({ ...unhealthy, paused: true, reason: 'Paused' }, 'reason', now)).toBe('Paused');
    const pod: ContainerRow = { ...unhealthy, source: 'kubernetes', health: undefined, healthSince: undefined, reason: undefined, ready: true };
    expect(cellText(pod, 'reason', now)).toBe('ready');
  });

  it('a new run starts its checks afresh: starting, since the start', () => {
    const { feed, row } = watch(turned);
    const start = events.find((e) => e.Action === 'start')!;
    feed.apply(ev({ ...start, timeNano: String(BigInt(unhealthyEvent.timeNano!) + 5_000_000_000n), time: undefined }));
    expect(row()).toMatchObject({ health: 'starting', healthSince: eventMs(unhealthyEvent) + 5000 });
  });
});
