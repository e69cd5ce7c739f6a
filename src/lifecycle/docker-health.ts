// Since when a Docker container's health status holds. dockerd turns a container
// `unhealthy` at the end of the check that makes its FailingStreak reach the check's
// Retries (default 3), and keeps only the last 5 checks in State.Health.Log; a new run
// starts in `starting` with the streak at 0 (the log carries over). The
// `health_status: …` event gives the moment of a change podlife saw happen.
import { dockerTime, type DockerInspect } from './docker.js';

/** dockerd's default for a health check without --health-retries. */
export const DEFAULT_HEALTH_RETRIES = 3;

export interface HealthSince {
  at: number;
  /** The status began before `at`: the log no longer holds the check that turned it. */
  atLeast?: boolean;
}

/** A health_status event the feed saw in the container's current run (local clock). */
export interface SeenHealthChange {
  status: string;
  at: number;
  /** The change happened before `at` (Podman reports a status at the next check's start). */
  atLeast?: boolean;
}

/**
 * Since when the current status holds: the engine's own record when it tells it exactly,
 * else the event podlife saw, else the oldest moment the record still shows.
 */
export function healthSince(info: DockerInspect, clockOffsetMs: number, seen?: SeenHealthChange): HealthSince | undefined {
  const status = info.State.Health?.Status;
  if (!status || status === 'none') return undefined;
  const recorded = healthSinceFromInspect(info, clockOffsetMs);
  if (recorded && !recorded.atLeast) return recorded;
  if (seen && seen.status === status) return seen.atLeast ? { at: seen.at, atLeast: true } : { at: seen.at };
  return recorded;
}

/** What the inspect alone tells: `starting` since the run began, `unhealthy` from its log. */
export function healthSinceFromInspect(info: DockerInspect, clockOffsetMs: number): HealthSince | undefined {
  const health = info.State.Health;
  if (health?.Status === 'starting') {
    const startedAt = dockerTime(info.State.StartedAt, clockOffsetMs);
    return startedAt === undefined ? undefined : { at: startedAt };
  }
  if (health?.Status !== 'unhealthy') return undefined; // healthy: only its event tells when
  const log = health.Log ?? [];
  const streak = health.FailingStreak ?? 0;
  const retries = info.Config?.Healthcheck?.Retries || DEFAULT_HEALTH_RETRIES;
  // The log's last `streak` checks failed in a row; the one that reached `retries` turned it.
  const turned = log.length - streak + retries - 1;
  if (streak < retries || turned >= log.length) return undefined; // not the record of an unhealthy run
  if (turned >= 0) {
    const at = dockerTime(log[turned]!.End, clockOffsetMs);
    return at === undefined ? undefined : { at };
  }
  // Older than the 5 checks kept: unhealthy since before the oldest of them began.
  const oldest = dockerTime(log[0]?.Start, clockOffsetMs);
  return oldest === undefined ? undefined : { at: oldest, atLeast: true };
}
