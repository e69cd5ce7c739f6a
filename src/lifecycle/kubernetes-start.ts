// The start side of a pod's containers, from the pod object plus what the feed saw live:
// a postStart hook that is running (the kubelet posts `Started`, then runs the hook
// synchronously, and the status stays Waiting until it returns), a startup probe that has
// not passed yet, a Running container that is not ready, and the pod's init containers.
// Pure: the row keeps moments; the text works out elapsed times at render.
import type { ContainerKind, ContainerState, StartProgress } from './types.js';
import type { ContainerJson, ContainerStatusJson, PodJson } from './kubernetes-json.js';
import { refineByPromptObservation, serverToLocal } from './server-time.js';

/** What the feed saw of one container's start side. Server stamps stay on the server's clock. */
export interface StartObservations {
  /** The latest `Started` event: its whole-second stamp and when it was seen. */
  started?: { stampServerMs: number; seenAt: number; finishedBeforeServerMs?: number };
  /** The latest `FailedPostStartHook` event's stamp: the hook failed, the kubelet kills the container. */
  postStartFailedServerMs?: number;
  /** Readiness of the run last seen Running, as watched. */
  readiness?: ReadinessWatch;
  /** The run (containerID, or "" before there is one) the container was last seen in. */
  lastRun?: string;
  /** Unhealthy startup-probe events as seen, oldest first (capped). */
  startupFailures?: StartupFailureSighting[];
}

export interface ReadinessWatch {
  run: string;
  ready: boolean;
  /** When a change of `ready` in this run was seen (the status is patched within ms of the kubelet's decision). */
  changedAt?: number;
  /** The container was seen before this run was Running: its readiness is known from the start. */
  sawStart: boolean;
}

/** One sighting of an Unhealthy startup event object (the kubelet aggregates repeats: count rises). */
export interface StartupFailureSighting {
  /** The Event object's name: each distinct message is its own object with its own count. */
  event: string;
  firstServerMs?: number;
  lastServerMs: number;
  count: number;
  message: string;
}

/** Enough for a failureThreshold of 60 with the sighting that came before the run. */
export const MAX_STARTUP_SIGHTINGS = 64;

/** The feed's part: a pod update shows this status; notes the run it is in and, while Running, its readiness. */
export function watchReadiness(observed: StartObservations, status: ContainerStatusJson, t: number): void {
  const running = status.state?.running !== undefined;
  const run = running ? (status.containerID ?? status.state?.running?.startedAt ?? '') : '';
  const previousRun = observed.lastRun;
  observed.lastRun = run;
  if (!running) return;
  const ready = status.ready === true;
  const watch = observed.readiness;
  if (!watch || watch.run !== run) {
    observed.readiness = { run, ready, sawStart: previousRun !== undefined && previousRun !== run };
    return;
  }
  if (watch.ready !== ready) observed.readiness = { ...watch, ready, changedAt: t };
}

/** The feed's part: one more sighting of an Unhealthy startup event, the list capped. */
export function addStartupSighting(list: readonly StartupFailureSighting[] | undefined, sighting: StartupFailureSighting): StartupFailureSighting[] {
  const next = [...(list ?? []), sighting];
  return next.length > MAX_STARTUP_SIGHTINGS ? next.slice(next.length - MAX_STARTUP_SIGHTINGS) : next;
}

export interface StartClock {
  clockOffsetMs: number;
  clockUncertaintyMs?: number;
}

/** One container as the mapping already worked it out. */
export interface StartContainer {
  spec: ContainerJson;
  kind: ContainerKind;
  status?: ContainerStatusJson;
  state: ContainerState;
  startedAt?: number;
  hasPostStart: boolean;
  /** The readiness probe's last Unhealthy event (local clock), for its output. */
  readinessFailure?: { at: number; message: string };
}

/** Whether the row's start side shows a time that moves with the clock (the UI ticks for it). */
export function startMovesWithTime(row: { start?: StartProgress }): boolean {
  const start = row.start;
  return start !== undefined && (start.postStart !== undefined || start.notReady !== undefined || start.startupProbe !== undefined);
}

/** The start progress of each container, by name; a container with nothing to say is absent. */
export function podStartProgress(
  pod: PodJson,
  containers: readonly StartContainer[],
  observations: Record<string, StartObservations | undefined>,
  clock: StartClock,
): Map<string, StartProgress> {
  const out = new Map<string, StartProgress>();
  // A stopping pod's story is its stop (readiness drops there by design).
  if (pod.metadata?.deletionTimestamp) return out;
  const init = initProgress(pod, containers);
  const readySince = containersReadySince(pod, containers, clock);
  for (const c of containers) {
    const observed = observations[c.spec.name];
    const progress: StartProgress = {};
    const postStart = c.hasPostStart ? runningPostStart(c, observed, clock) : undefined;
    if (postStart) progress.postStart = postStart;
    const startup = startupProgress(c, observed, clock);
    if (startup) progress.startupProbe = startup;
    else {
      const notReady = notReadySince(c, observed, readySince.get(c.spec.name));
      if (notReady) progress.notReady = notReady;
    }
    if (init && (c.kind === 'init' ? c.state !== 'Terminated' : c.kind === 'main')) progress.init = init;
    if (Object.keys(progress).length) out.set(c.spec.name, progress);
  }
  return out;
}

/** kubectl's Init:N/M: completed regular init containers of all, while the pod is initialising. */
function initProgress(pod: PodJson, containers: readonly StartContainer[]): { done: number; total: number } | undefined {
  const inits = containers.filter((c) => c.kind === 'init');
  if (!inits.length || (pod.status?.phase !== undefined && pod.status.phase !== 'Pending')) return undefined;
  const done = inits.filter((c) => c.status?.state?.terminated?.exitCode === 0).length;
  return done < inits.length ? { done, total: inits.length } : undefined;
}

/**
 * The Started event of the run not yet reported. While postStart runs the kubelet's sync
 * is blocked, so the status still shows the state before this run (Waiting, or the last
 * run's exit): a Started stamped at or after the last reported finish belongs to the new
 * run. Within the same second, the event must have been seen after that finish was.
 */
function runningPostStart(c: StartContainer, observed: StartObservations | undefined, clock: StartClock): StartProgress['postStart'] {
  const started = observed?.started;
  if (!started || c.state === 'Running') return undefined;
  const failed = observed?.postStartFailedServerMs;
  if (failed !== undefined && failed >= started.stampServerMs) return undefined;
  const finished = lastFinishServerMs(c.status);
  if (finished !== undefined) {
    if (started.stampServerMs < finished) return undefined;
    if (started.stampServerMs === finished && started.finishedBeforeServerMs !== finished) return undefined;
  }
  const stamp = started.stampServerMs - clock.clockOffsetMs;
  const since = refineByPromptObservation(stamp, started.seenAt, clock.clockUncertaintyMs);
  return since === stamp && started.seenAt !== stamp ? { since, estimated: true } : { since };
}

/** The latest finish the status reports (this state's or the last one's), server ms, whole seconds. */
export function lastFinishServerMs(status: ContainerStatusJson | undefined): number | undefined {
  const stamps = [status?.state?.terminated?.finishedAt, status?.lastState?.terminated?.finishedAt]
    .map((s) => (s ? Date.parse(s) : Number.NaN))
    .filter((n) => !Number.isNaN(n));
  return stamps.length ? Math.max(...stamps) : undefined;
}

/**
 * Failures in this run, from the Unhealthy startup events seen: an event object first
 * stamped in this run counts whole; one that spans runs (the same message again after a
 * restart: the kubelet raises its count) counts from the count seen before this run began.
 * When no such earlier sighting exists (podlife came late), the count is unknown and the
 * text estimates from time instead (marked ~).
 */
function startupProgress(c: StartContainer, observed: StartObservations | undefined, clock: StartClock): StartProgress['startupProbe'] {
  const probe = c.spec.startupProbe;
  if (!probe || c.state !== 'Running' || c.status?.started !== false || c.startedAt === undefined) return undefined;
  const runStartServerMs = c.startedAt + clock.clockOffsetMs;
  const progress: NonNullable<StartProgress['startupProbe']> = {
    threshold: probe.failureThreshold ?? 3,
    periodSeconds: probe.periodSeconds ?? 10,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    since: c.startedAt,
  };
  const sightings = observed?.startupFailures ?? [];
  let failures: number | undefined = 0;
  let lastInRun: StartupFailureSighting | undefined;
  for (const event of new Set(sightings.map((s) => s.event))) {
    const ofEvent = sightings.filter((s) => s.event === event);
    const inRun = ofEvent.filter((s) => s.lastServerMs >= runStartServerMs);
    if (!inRun.length) continue;
    const top = Math.max(...inRun.map((s) => s.count));
    const latest = inRun[inRun.length - 1]!;
    if (!lastInRun || latest.lastServerMs >= lastInRun.lastServerMs) lastInRun = latest;
    const first = ofEvent[0]!.firstServerMs;
    const before = ofEvent.filter((s) => s.lastServerMs < runStartServerMs);
    if (first !== undefined && first >= runStartServerMs) failures = failures === undefined ? undefined : failures + top;
    else if (before.length) failures = failures === undefined ? undefined : failures + top - Math.max(...before.map((s) => s.count));
    else failures = undefined;
  }
  if (failures !== undefined) progress.failures = Math.min(failures, progress.threshold);
  if (lastInRun) progress.lastFailureAt = lastInRun.lastServerMs - clock.clockOffsetMs;
  if (lastInRun?.message) progress.lastFailure = lastInRun.message;
  return progress;
}

/**
 * Since when a Running container is not ready, from the best that is known: the flip seen
 * live; else the run's start, when the run was watched from its start and never ready;
 * else the pod's ContainersReady transition when this is its only container not ready;
 * else the run's start as a lower bound (marked estimated).
 */
function notReadySince(c: StartContainer, observed: StartObservations | undefined, podTransition: number | undefined): StartProgress['notReady'] {
  if (c.state !== 'Running' || c.status?.ready !== false || !c.spec.readinessProbe || c.startedAt === undefined) return undefined;
  const run = c.status.containerID ?? c.status.state?.running?.startedAt ?? '';
  const watch = observed?.readiness?.run === run ? observed.readiness : undefined;
  const failure = c.readinessFailure && c.readinessFailure.at >= c.startedAt && c.readinessFailure.message ? { lastFailure: c.readinessFailure.message } : {};
  if (watch?.changedAt !== undefined && !watch.ready) return { since: watch.changedAt, basis: 'seen', ...failure };
  if (watch?.sawStart && watch.changedAt === undefined) return { since: c.startedAt, basis: 'started', ...failure };
  if (podTransition !== undefined) return { since: Math.max(c.startedAt, podTransition), basis: 'condition', ...failure };
  return { since: c.startedAt, basis: 'started', estimated: true, ...failure };
}

/** ContainersReady=False's lastTransitionTime, for the one container it must be about (the only one not ready). */
function containersReadySince(pod: PodJson, containers: readonly StartContainer[], clock: StartClock): Map<string, number> {
  const out = new Map<string, number>();
  const condition = pod.status?.conditions?.find((c) => c.type === 'ContainersReady');
  if (condition?.status !== 'False') return out;
  const since = serverToLocal(condition.lastTransitionTime, clock.clockOffsetMs);
  const counted = containers.filter((c) => c.kind === 'main' || c.kind === 'sidecar');
  const notReady = counted.filter((c) => c.status?.ready !== true);
  if (since !== undefined && notReady.length === 1) out.set(notReady[0]!.spec.name, since);
  return out;
}

/**
 * Failures so far in this run, as of `now`: counted from events while they come. When
 * there is no count (podlife came late), or the events stopped although the probe still
 * fails (the kubelet's event spam filter drops a busy pod's events), it is worked out from
 * the time since startedAt instead and marked estimated: the prober runs every
 * periodSeconds once initialDelaySeconds have passed, with its own tick phase, and each
 * exec may take up to timeoutSeconds, so this may be off by a probe or so.
 */
export function startupFailuresAsOf(p: NonNullable<StartProgress['startupProbe']>, now: number): { failures: number; estimated: boolean } {
  const elapsed = (now - p.since) / 1000 - p.initialDelaySeconds;
  const byTime = elapsed < 0 ? 0 : Math.min(p.threshold, Math.floor(elapsed / Math.max(1, p.periodSeconds)));
  // Two probes' time with no event: the count is no longer being kept.
  const quietFor = now - (p.lastFailureAt ?? p.since + p.initialDelaySeconds * 1000);
  const eventsStopped = quietFor > 2 * (p.periodSeconds + p.timeoutSeconds) * 1000;
  if (p.failures !== undefined && !(eventsStopped && byTime > p.failures)) return { failures: p.failures, estimated: false };
  return { failures: Math.max(byTime, p.failures ?? 0), estimated: true };
}
