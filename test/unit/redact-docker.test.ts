// What --record writes of Docker, on objects captured from a real engine
// (capture-fixtures.sh: a container whose health check prints a token, with an env
// value): the health check's output and the command Docker repeats in its exec events
// are gone, env values are gone; the row podlife draws is unchanged.
import { describe, expect, it } from 'vitest';
import { dockerRow } from '../../src/lifecycle/docker.js';
import { redactDockerEvent, redactInspect } from '../../src/record/redact.js';
import { eventsFixture, inspectFixture } from './docker-fixtures.js';
import { podmanEvents } from './podman-fixtures.js';

const HEALTH_TOKEN = 'health-fixture-token-4567';
const ENV_TOKEN = 'env-fixture-token-0123';

describe('recording redaction, Docker', () => {
  const info = inspectFixture('running-health-token');

  it('the captured container really carries the token in its health log and its env (the test can fail)', () => {
    expect(JSON.stringify(info)).toContain(HEALTH_TOKEN);
    expect(JSON.stringify(info)).toContain(ENV_TOKEN);
  });

  it('inspect: no health output, no env; the health status and the row podlife draws are unchanged', () => {
    const kept = redactInspect(info)!;
    expect(JSON.stringify(kept)).not.toContain(HEALTH_TOKEN);
    expect(JSON.stringify(kept)).not.toContain(ENV_TOKEN);
    // Of the checks, only when each ran and how it exited (since when a status holds).
    const checks = info.State.Health!.Log!.map(({ Start, End, ExitCode }) => ({ Start, End, ExitCode }));
    expect((kept.State as { Health: unknown }).Health).toEqual({ Status: 'healthy', FailingStreak: 0, Log: checks });
    const options = { context: 'default' };
    expect(dockerRow(kept as never, options)).toEqual(dockerRow(info, options));
  });

  it('inspect: of the host settings only the restart policy stays (it names why a container ran again)', () => {
    const policed = inspectFixture('restart-on-failure.second-run') as unknown as { HostConfig: Record<string, unknown> };
    expect(Object.keys(policed.HostConfig).length).toBeGreaterThan(10);
    const kept = redactInspect(policed)!;
    expect(kept.HostConfig).toEqual({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } });
  });

  it('events: exec_create/exec_start keep their action but not the health-check command', () => {
    const events = eventsFixture('health-token');
    expect(events.some((e) => JSON.stringify(e).includes(HEALTH_TOKEN))).toBe(true);
    const kept = events.map(redactDockerEvent);
    expect(JSON.stringify(kept)).not.toContain(HEALTH_TOKEN);
    const actions = kept.map((e) => e!.Action);
    expect(actions).toContain('exec_start');
    expect(actions).toContain('health_status: healthy');
  });
});

describe('recording redaction, Podman', () => {
  it('a health check event keeps Podman\'s HealthStatus (the replay needs it to tell a change), and no labels', () => {
    const check = podmanEvents('health').find((e) => e.Action === 'health_status' && e.HealthStatus === 'unhealthy')!;
    const kept = redactDockerEvent(check)!;
    expect(kept.HealthStatus).toBe('unhealthy');
    expect(JSON.stringify(kept)).not.toContain('podlife-fixture');
  });
});
