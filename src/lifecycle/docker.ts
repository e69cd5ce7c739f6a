// A `docker inspect` result → one ContainerRow. Pure: the Docker source and the replay
// source both feed inspect results through here (via sources/docker-feed.ts).
import { signalNumber } from './signals.js';
import type { ContainerRow, ContainerState, LastState, PastStop, Termination } from './types.js';

/**
 * The part of a `docker inspect` result (dockerode's ContainerInspectInfo) podlife reads.
 * Declared here so fixtures and replays type-check without the full dockerode shape.
 */
export interface DockerInspect {
  Id: string;
  Name: string;
  Created?: string;
  RestartCount?: number;
  State: {
    Status: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    Dead?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: DockerHealth | null;
  };
  /** Only the restart policy: it names why a container that died runs again. */
  HostConfig?: { RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null } | null;
  Config?: {
    Image?: string;
    Labels?: Record<string, string> | null;
    StopTimeout?: number | null;
    /** `--stop-signal` or the image's STOPSIGNAL, by name ("SIGQUIT") or number; absent: SIGTERM. */
    StopSignal?: string | null;
    /** The health check's settings; its Test (the command) is never read. */
    Healthcheck?: { Retries?: number } | null;
  } | null;
}

/** State.Health: the status, the count of failed checks in a row, the last (up to 5) checks. */
export interface DockerHealth {
  Status: string;
  FailingStreak?: number;
  Log?: { Start?: string; End?: string; ExitCode?: number }[] | null;
}

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
export const COMPOSE_NUMBER_LABEL = 'com.docker.compose.container-number';

/** dockerd's own default for `docker stop` without -t and without a StopTimeout. */
export const DEFAULT_STOP_GRACE_SECONDS = 10;

export interface DockerRowOptions {
  /** Docker context name (shown in the header, part of the key). */
  context: string;
  /** The feed's termination record for this container, if a stop is or was under way. */
  termination?: Termination;
  /** The stop that ended an earlier run, once the container runs again (the feed's record). */
  lastStop?: PastStop;
  /** Since when the health status holds (lifecycle/docker-health.ts). */
  healthSince?: { at: number; atLeast?: boolean };
  /** Daemon clock minus local clock (ms); subtracted from the daemon's timestamps. */
  clockOffsetMs?: number;
  /**
   * The exit is known only from a `die` event (exit code, no OOMKilled): no reason unless
   * OOMKilled is already known, rather than "Error" or "Completed" guessed from the code.
   */
  exitReasonUnknown?: boolean;
}

/** Each container is a group of its own: rows are replaced per container id. */
export function dockerGroupKey(context: string, id: string): string {
  return `docker/${context}/${id}`;
}

/** The grace `docker stop` uses without -t: the container's StopTimeout, else 10 s. */
export function stopGraceSeconds(info: DockerInspect): number {
  return info.Config?.StopTimeout ?? DEFAULT_STOP_GRACE_SECONDS;
}

/** The signal `docker stop` sends first: the container's StopSignal, else SIGTERM (15). */
export function stopSignal(info: DockerInspect): number {
  return signalNumber(info.Config?.StopSignal ?? undefined) ?? 15;
}

/** 128+n exit codes mean "killed by signal n" (137 → 9 KILL, 143 → 15 TERM). */
export function signalFromExitCode(exitCode: number | undefined): number | undefined {
  if (exitCode === undefined || exitCode <= 128 || exitCode > 128 + 64) return undefined;
  return exitCode - 128;
}

/** Docker reports "never" as 0001-01-01T00:00:00Z; that (and garbage) becomes undefined. */
export function dockerTime(value: string | undefined, clockOffsetMs = 0): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return ms - clockOffsetMs;
}

export function containerName(info: DockerInspect): string {
  return info.Name.replace(/^\//, '');
}

/** Compose project, else the container's own name. */
export function dockerGroup(info: DockerInspect): string {
  return info.Config?.Labels?.[COMPOSE_PROJECT_LABEL] || containerName(info);
}

/** Compose service (with its replica number past the first), else the container name. */
function displayName(info: DockerInspect): string {
  const labels = info.Config?.Labels ?? {};
  const service = labels[COMPOSE_SERVICE_LABEL];
  if (!service) return containerName(info);
  const replica = labels[COMPOSE_NUMBER_LABEL];
  return replica && replica !== '1' ? `${service}-${replica}` : service;
}

function exitReason(info: DockerInspect, unknown: boolean): string | undefined {
  if (info.State.OOMKilled) return 'OOMKilled';
  if (unknown) return undefined;
  return (info.State.ExitCode ?? 0) === 0 ? 'Completed' : 'Error';
}

interface StatePart {
  state: ContainerState;
  reason?: string;
  exitCode?: number;
  signal?: number;
  paused?: boolean;
  lastState?: LastState;
}

/**
 * The health status, when the container has a health check: dockerd leaves State.Health
 * out without one, Podman sends an empty status; "none" is an image's HEALTHCHECK NONE.
 */
export function healthStatus(info: DockerInspect): string | undefined {
  const status = info.State.Health?.Status;
  return status && status !== 'none' ? status : undefined;
}

function statePart(info: DockerInspect, offset: number, reasonUnknown: boolean): StatePart {
  const s = info.State;
  const health = healthStatus(info);
  switch (s.Status) {
    case 'created':
      return { state: 'Waiting', reason: 'Created' };
    case 'restarting': {
      // Between two runs: what the last run ended with is the useful part.
      const exitCode = s.ExitCode ?? 0;
      return {
        state: 'Waiting',
        reason: 'Restarting',
        lastState: {
          state: 'Terminated',
          reason: exitReason(info, reasonUnknown),
          exitCode,
          signal: signalFromExitCode(exitCode),
          startedAt: dockerTime(s.StartedAt, offset),
          finishedAt: dockerTime(s.FinishedAt, offset),
        },
      };
    }
    case 'running':
      return { state: 'Running', reason: health };
    case 'stopping':
      // Podman, while a stop waits for the process to exit (dockerd still says running).
      return { state: 'Running', reason: 'Stopping' };
    case 'paused':
      return { state: 'Running', reason: 'Paused', paused: true };
    case 'exited':
    // Podman: exited, its cleanup (unmounts, the exit command) not done yet.
    case 'stopped':
    case 'dead':
    case 'removing': {
      const exitCode = s.ExitCode ?? 0;
      return { state: 'Terminated', reason: exitReason(info, reasonUnknown), exitCode, signal: signalFromExitCode(exitCode) };
    }
    default:
      return { state: 'Waiting', reason: s.Status };
  }
}

export function dockerRow(info: DockerInspect, options: DockerRowOptions): ContainerRow {
  const offset = options.clockOffsetMs ?? 0;
  const { context } = options;
  const group = dockerGroup(info);
  const part = statePart(info, offset, options.exitReasonUnknown ?? false);
  const health = healthStatus(info);
  const startedAt = part.state === 'Waiting' ? undefined : dockerTime(info.State.StartedAt, offset);
  const finishedAt = part.state === 'Terminated' ? dockerTime(info.State.FinishedAt, offset) : undefined;
  const row: ContainerRow = {
    // The full id: two containers may share the 12-character short id (rare, not impossible).
    key: `docker/${context}/${group}/${info.Id}`,
    groupKey: dockerGroupKey(context, info.Id),
    source: 'docker',
    context,
    namespace: '',
    group,
    name: displayName(info),
    kind: 'main',
    order: 0,
    image: info.Config?.Image,
    id: info.Id,
    state: part.state,
    restartCount: info.RestartCount ?? 0,
    ready: part.state === 'Running' && !part.paused && part.reason !== 'Stopping' && (health === undefined || health === 'healthy'),
    hooks: {},
    defaultGraceSeconds: stopGraceSeconds(info),
  };
  if (part.reason !== undefined) row.reason = part.reason;
  if (info.State.Error) row.message = info.State.Error;
  if (part.exitCode !== undefined) row.exitCode = part.exitCode;
  if (part.signal !== undefined) row.signal = part.signal;
  if (health !== undefined) {
    row.health = health;
    if (options.healthSince) {
      row.healthSince = options.healthSince.at;
      if (options.healthSince.atLeast) row.healthSinceAtLeast = true;
    }
  }
  if (part.paused) row.paused = true;
  if (startedAt !== undefined) row.startedAt = startedAt;
  if (finishedAt !== undefined) row.finishedAt = finishedAt;
  const createdAt = dockerTime(info.Created, offset);
  if (createdAt !== undefined) row.createdAt = createdAt;
  if (part.lastState) row.lastState = part.lastState;
  if (options.termination) row.termination = options.termination;
  if (options.lastStop) row.lastStop = options.lastStop;
  return row;
}
