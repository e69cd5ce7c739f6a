// The Docker source's pure half: raw records (list, inspect, /events messages, stop
// requests, status) in, sink calls out. No I/O and no timers, so a replay of recorded
// records gives exactly the rows the live session showed.
//
// Times: an event's own `timeNano` is used when present (the daemon's clock, corrected by
// the last measured clock offset), because it is when the thing happened; the record's
// receive time `t` is only a fallback. For a local engine both clocks are the same one.
import {
  dockerGroupKey,
  dockerRow,
  stopGraceSeconds,
  stopSignal,
  dockerTime,
  containerName,
  DEFAULT_STOP_GRACE_SECONDS,
  type DockerInspect,
} from '../lifecycle/docker.js';
import { describeSignal, signalName, signalNumber } from '../lifecycle/signals.js';
import { DockerEventFacts } from './docker-event-facts.js';
import { DockerLastStops } from './docker-last-stops.js';
import { healthSince, type SeenHealthChange } from '../lifecycle/docker-health.js';
import type { ConnectionStatus, DockerEngine, LifecycleEvent, Termination } from '../lifecycle/types.js';
import type { DockerEventMessage } from './docker-event-message.js';
import { PodmanEventAdapter, type AdaptedEvent, type PodmanEventMessage } from './podman-events.js';
import type { Feed, SourceSink } from './source.js';
import type { RawRecord } from '../record/raw-record.js';
import { LOG_REASON } from '../lifecycle/pod-timeline.js';

export type { DockerEventMessage } from './docker-event-message.js';

/** Record types this feed understands (the Docker source emits exactly these). */
export const DOCKER_RECORD = {
  list: 'docker.list',
  inspect: 'docker.inspect',
  event: 'docker.event',
  stopRequested: 'docker.stop-requested',
  /** A line a stopping container logged (kept out of recordings unless --record-logs). */
  log: 'docker.log',
  status: 'status',
} as const;


/** Data of a 'docker.stop-requested' record: the user asked to stop (or kill) a container. */
export interface DockerStopRequest {
  id: string;
  graceSeconds: number;
  mode: 'stop' | 'kill';
}

/** The event's time on the local clock (ms). */
export function eventTime(message: DockerEventMessage, receivedAt: number, clockOffsetMs: number): number {
  // Nanoseconds exceed 2^53; BigInt keeps the millisecond digits exact. Anything that is
  // not a whole number (a garbled or foreign payload) falls through to the next source.
  const nano = message.timeNano;
  let ms: number | undefined;
  if ((typeof nano === 'string' && /^\d+$/.test(nano)) || (typeof nano === 'number' && Number.isInteger(nano) && nano >= 0)) {
    ms = Number(BigInt(nano) / 1_000_000n);
  } else if (typeof message.time === 'number') ms = message.time * 1000;
  // Outside what a Date can hold (Date's limit is 8.64e15): the receive time is all we have.
  return ms !== undefined && Math.abs(ms) < 8e15 ? ms - clockOffsetMs : receivedAt;
}

/** The Action without its detail ("health_status: healthy" → "health_status"). */
function splitAction(message: DockerEventMessage): { action: string; detail?: string } {
  const raw = message.Action ?? message.status ?? '';
  const colon = raw.indexOf(':');
  if (colon < 0) return { action: raw };
  return { action: raw.slice(0, colon), detail: raw.slice(colon + 1).trim() };
}

const SIGTERM = 15;
const SIGKILL = 9;

/** Remember this many destroyed ids, so a late inspect cannot bring a ghost row back. */
const DESTROYED_MEMORY = 2000;

export class DockerFeed implements Feed {
  /** Last known inspect per container id, patched by events until the next inspect. */
  private readonly containers = new Map<string, DockerInspect>();
  private readonly terminations = new Map<string, Termination>();
  private readonly destroyed = new Set<string>();
  /** Terminations whose grace was assumed (a `docker stop -t N` from elsewhere does not say N). */
  private readonly assumedGrace = new Set<string>();
  /** Facts from events that a late inspect must not undo (an `oom`, an unconfirmed `die`). */
  private readonly facts = new DockerEventFacts();
  /** How each container's last run ended, once it runs again. */
  private readonly lastStops = new DockerLastStops();
  /** The health_status event seen in each container's current run. */
  private readonly healthChanges = new Map<string, SeenHealthChange>();
  private clockOffsetMs = 0;
  /** Set when the engine is Podman (the live status says): its events are rewritten first. */
  private podman?: PodmanEventAdapter;

  constructor(
    private readonly sink: SourceSink,
    private readonly context: string,
  ) {}

  apply(record: RawRecord): void {
    switch (record.type) {
      case DOCKER_RECORD.list:
        return this.applyList(record.data as DockerInspect[]);
      case DOCKER_RECORD.inspect:
        return this.applyInspect(record.data as DockerInspect);
      case DOCKER_RECORD.event:
        return this.applyEngineEvent(record.data as DockerEventMessage, record.t);
      case DOCKER_RECORD.stopRequested:
        return this.applyStopRequest(record.data as DockerStopRequest, record.t);
      case DOCKER_RECORD.status:
        return this.applyStatus(record.data as ConnectionStatus);
      case DOCKER_RECORD.log: {
        // A stopping container's line, on its timeline at the engine's stamp.
        const { id, at, line } = record.data as { id: string; at?: string; line: string };
        const stamp = at === undefined ? Number.NaN : Date.parse(at);
        return this.emitEvent(id, {}, Number.isNaN(stamp) ? record.t : stamp - this.clockOffsetMs, 'Normal', LOG_REASON, line);
      }
    }
  }

  /** The termination record the feed keeps for a container (tests and detail views). */
  termination(id: string): Termination | undefined {
    return this.terminations.get(id);
  }

  private applyStatus(status: ConnectionStatus): void {
    if (status.clockOffsetMs !== undefined) this.clockOffsetMs = status.clockOffsetMs;
    if (status.engine) this.useEngine(status.engine);
    this.sink.status(status);
  }

  private useEngine(engine: DockerEngine): void {
    if (engine.kind !== 'podman') this.podman = undefined;
    else this.podman ??= new PodmanEventAdapter();
  }

  /** Podman's events are first told in dockerd's words (sources/podman-events.ts). */
  private applyEngineEvent(message: DockerEventMessage, receivedAt: number): void {
    if (!this.podman) return this.applyEvent({ message }, receivedAt);
    const id = message.Actor?.ID ?? message.id;
    const info = id ? this.containers.get(id) : undefined;
    for (const adapted of this.podman.adapt(message as PodmanEventMessage, info)) this.applyEvent(adapted, receivedAt);
  }

  private applyList(list: DockerInspect[]): void {
    const seen = new Set(list.map((c) => c.Id));
    for (const id of [...this.containers.keys()]) {
      if (!seen.has(id)) {
        this.containers.delete(id);
        this.facts.forget(id);
        this.lastStops.forget(id);
        this.healthChanges.delete(id);
      }
    }
    for (const id of [...this.terminations.keys()]) if (!seen.has(id)) this.terminations.delete(id);
    const kept: DockerInspect[] = [];
    for (const listed of list) {
      const info = this.facts.reconcile(listed) ?? this.containers.get(listed.Id) ?? listed;
      this.containers.set(info.Id, info);
      this.settleTermination(info);
      this.lastStops.inspected(info, this.clockOffsetMs);
      kept.push(info);
    }
    this.sink.resync(kept.map((info) => this.row(info)));
  }

  private applyInspect(received: DockerInspect): void {
    if (this.destroyed.has(received.Id)) return; // taken before the destroy, arrived after it
    const info = this.facts.reconcile(received);
    if (!info) return; // taken before a `die` already shown; the source inspects again after it
    this.containers.set(info.Id, info);
    this.settleTermination(info);
    this.lastStops.inspected(info, this.clockOffsetMs);
    this.publish(info.Id);
  }

  private applyStopRequest(request: DockerStopRequest, at: number): void {
    const info = this.containers.get(request.id);
    // `docker stop` on a container that is not running does nothing: no bar to show.
    if (info && !isLive(info)) return;
    const current = this.terminations.get(request.id);
    if (current && current.exitedAt === undefined) return; // the first request's clock runs on
    const t = newTermination(at, request.graceSeconds);
    // The engine sends the container's StopSignal first (with a grace to wait out), whether
    // or not its events say so (Podman's do not).
    const signal = info && request.mode === 'stop' && request.graceSeconds > 0 ? stopSignal(info) : SIGTERM;
    if (signal !== SIGTERM && signal !== SIGKILL) t.stopSignal = signalName(signal);
    this.terminations.set(request.id, t);
    this.assumedGrace.delete(request.id);
    if (request.mode === 'kill') this.podman?.killRequested(request.id);
    this.publish(request.id);
  }

  private applyEvent({ message, changedBefore }: AdaptedEvent, receivedAt: number): void {
    if ((message.Type ?? 'container') !== 'container') return;
    const id = message.Actor?.ID ?? message.id;
    if (!id) return;
    const { action, detail } = splitAction(message);
    if (action.startsWith('exec_')) return; // health checks and `docker exec`: not lifecycle
    const at = eventTime(message, receivedAt, this.clockOffsetMs);
    const attributes = message.Actor?.Attributes ?? {};
    const info = this.containers.get(id);

    if (action === 'destroy') {
      this.forget(id);
      this.emitEvent(id, attributes, at, 'Normal', 'Destroyed', 'container removed');
      this.sink.removeGroup(dockerGroupKey(this.context, id), at);
      return;
    }

    const daemonAt = at + this.clockOffsetMs;
    // The engine logs `die` after it records the exit (dockerd ~0.1 s, Podman ~0.5 s later):
    // a list or inspect in between already holds the exit with its reason, and the `die`
    // that follows (or is replayed from before the list) says nothing it does not.
    const exitAlreadyRecorded = action === 'die' && info !== undefined && exitRecorded(info);
    if (!exitAlreadyRecorded) this.noteFact(id, action, daemonAt);
    const patched = info && !exitAlreadyRecorded ? patchFromEvent(info, action, detail, attributes, daemonAt) : undefined;
    if (patched) this.containers.set(id, patched);
    this.trackTermination(id, action, attributes, at, patched ?? info);
    this.trackLastStop(id, action, attributes, at, info);
    if (action === 'health_status' && detail) this.healthChanges.set(id, changedBefore ? { status: detail, at, atLeast: true } : { status: detail, at });
    else if (action === 'start') this.healthChanges.delete(id); // a new run starts its checks afresh
    const described = describeEvent(action, detail, attributes);
    if (described) this.emitEvent(id, attributes, at, described.type, described.reason, described.message);
    if (this.containers.has(id)) this.publish(id);
  }

  private noteFact(id: string, action: string, daemonAt: number): void {
    if (action === 'oom') this.facts.oom(id, daemonAt);
    else if (action === 'die') this.facts.died(id, daemonAt);
    else if (action === 'start') this.facts.started(id);
  }

  /**
   * A kill with the container's StopSignal (TERM unless its image or `--stop-signal` says
   * otherwise, e.g. nginx's QUIT) starts a termination or marks the signal sent; kill 9
   * marks KILL; die ends it. Other signals (a HUP to reload) are no stop.
   */
  private trackTermination(
    id: string,
    action: string,
    attributes: Record<string, string>,
    at: number,
    info: DockerInspect | undefined,
  ): void {
    let t = this.terminations.get(id);
    const active = t !== undefined && t.exitedAt === undefined;
    switch (action) {
      case 'kill': {
        // The run's exit is already known (the container has not started since): the engine
        // logged this kill late (Podman logs it when its kill call returns), after an inspect
        // or the die told the exit. It is the tail of that stop, not a new one.
        if (t && !active) return;
        const signal = signalNumber(attributes.signal);
        const asksToStop = info ? stopSignal(info) : SIGTERM;
        if (signal === asksToStop && signal !== SIGKILL) {
          if (!active) {
            t = newTermination(at, info ? stopGraceSeconds(info) : DEFAULT_STOP_GRACE_SECONDS);
            this.terminations.set(id, t);
            this.assumedGrace.add(id);
          }
          if (signal !== SIGTERM) t!.stopSignal = signalName(signal);
          if (t!.termSentAt === undefined) t!.termSentAt = at;
        } else if (signal === SIGKILL) {
          if (!active) {
            // `docker kill`: no grace at all.
            t = { ...newTermination(at, 0), forced: true };
            this.terminations.set(id, t);
          }
          if (t!.killSentAt === undefined) t!.killSentAt = at;
          if (this.assumedGrace.delete(id)) {
            // dockerd sends KILL exactly at the deadline: that tells the grace it was given.
            t!.graceSeconds = Math.max(0, Math.round((at - t!.requestedAt) / 1000));
            t!.deadline = t!.requestedAt + t!.graceSeconds * 1000;
          }
        }
        return;
      }
      case 'die':
        if (active) {
          t!.exitedAt = at;
          t!.exitedAtLatest = true; // until the inspect after it gives FinishedAt
          const code = Number(attributes.exitCode);
          if (Number.isFinite(code)) t!.exitCode = code;
        }
        return;
      case 'start':
        // A new run (restart policy, `docker restart`, `docker start`): the old bar is history
        // (kept as the row's last stop, see trackLastStop).
        if (t && !active) this.terminations.delete(id);
        return;
    }
  }

  /**
   * `die` ends a run (with the stop's termination when one was under way); the `start`
   * after it makes that the last stop; a `restart` right after says `docker restart` did it.
   * `before` is the inspect as it stood before this event (the run that ended).
   */
  private trackLastStop(id: string, action: string, attributes: Record<string, string>, at: number, before: DockerInspect | undefined): void {
    switch (action) {
      case 'die': {
        const t = this.terminations.get(id);
        const code = Number(attributes.exitCode);
        const runStartedAt = before ? dockerTime(before.State.StartedAt, this.clockOffsetMs) : undefined;
        // trackTermination has settled a stop under way with this very `die`.
        const stop = t !== undefined && t.exitedAt === at ? t : undefined;
        this.lastStops.exited(id, stop, at, Number.isFinite(code) ? code : undefined, runStartedAt);
        return;
      }
      case 'start':
        this.lastStops.started(id, this.containers.get(id));
        return;
      case 'restart':
        this.lastStops.restarted(id);
        return;
    }
  }

  /** An inspect that shows the container stopped completes a termination whose `die` was missed. */
  private settleTermination(info: DockerInspect): void {
    const t = this.terminations.get(info.Id);
    if (!t || t.exitedAt !== undefined || isLive(info)) return;
    t.exitedAt = dockerTime(info.State.FinishedAt, this.clockOffsetMs) ?? t.requestedAt;
    t.exitCode = info.State.ExitCode;
    this.lastStops.exited(info.Id, t, t.exitedAt, t.exitCode, dockerTime(info.State.StartedAt, this.clockOffsetMs));
  }

  private forget(id: string): void {
    this.containers.delete(id);
    this.terminations.delete(id);
    this.assumedGrace.delete(id);
    this.facts.forget(id);
    this.lastStops.forget(id);
    this.healthChanges.delete(id);
    this.podman?.forget(id);
    this.destroyed.add(id);
    if (this.destroyed.size > DESTROYED_MEMORY) {
      const oldest = this.destroyed.values().next().value;
      if (oldest !== undefined) this.destroyed.delete(oldest);
    }
  }

  private row(info: DockerInspect) {
    const termination = this.terminations.get(info.Id);
    // Rows get a copy: the feed keeps mutating its own record as events arrive.
    return dockerRow(info, {
      context: this.context,
      clockOffsetMs: this.clockOffsetMs,
      termination: termination ? { ...termination } : undefined,
      lastStop: this.lastStops.lastStop(info.Id),
      healthSince: healthSince(info, this.clockOffsetMs, this.healthChanges.get(info.Id)),
      exitReasonUnknown: this.facts.exitUnconfirmed(info.Id),
    });
  }

  private publish(id: string): void {
    const info = this.containers.get(id);
    if (!info) return;
    this.sink.upsertGroup(dockerGroupKey(this.context, id), [this.row(info)]);
  }

  private emitEvent(
    id: string,
    attributes: Record<string, string>,
    at: number,
    type: LifecycleEvent['type'],
    reason: string,
    message: string,
  ): void {
    const info = this.containers.get(id);
    const name = info ? containerName(info) : attributes.name;
    const event: LifecycleEvent = { at, groupKey: dockerGroupKey(this.context, id), type, reason, message };
    if (name) event.container = name;
    this.sink.event(event);
  }
}

function newTermination(requestedAt: number, graceSeconds: number): Termination {
  const t: Termination = {
    requestedAt,
    graceSeconds,
    deadline: requestedAt + graceSeconds * 1000,
    hasPreStop: false,
  };
  if (graceSeconds === 0) t.forced = true;
  return t;
}

/**
 * The inspect holds the end of the container's current run: no `start` has come since
 * (a start patches the record to running). Podman's `stopped` is exited, cleanup pending.
 */
function exitRecorded(info: DockerInspect): boolean {
  return ['exited', 'stopped', 'dead'].includes(info.State.Status);
}

/** Podman's inspect says `stopping` while a stop waits for the process (dockerd says `running`). */
function isLive(info: DockerInspect): boolean {
  return ['running', 'paused', 'restarting', 'stopping'].includes(info.State.Status);
}

/**
 * The last inspect, changed the way the event says the container changed, so the row is
 * right at once; the inspect the source fetches afterwards replaces it. `daemonAt` is on
 * the daemon's clock, like the inspect's own timestamps.
 */
function patchFromEvent(
  info: DockerInspect,
  action: string,
  detail: string | undefined,
  attributes: Record<string, string>,
  daemonAt: number,
): DockerInspect | undefined {
  const iso = new Date(daemonAt).toISOString();
  const state = { ...info.State };
  switch (action) {
    case 'start':
      Object.assign(state, { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, StartedAt: iso, Error: '' });
      // Each run's health checks begin in `starting` (a container without one keeps none:
      // dockerd leaves Health out, Podman sends an empty status).
      if (state.Health?.Status && state.Health.Status !== 'none') state.Health = { Status: 'starting' };
      break;
    case 'die': {
      const code = Number(attributes.exitCode);
      Object.assign(state, { Status: 'exited', Running: false, Paused: false, FinishedAt: iso });
      if (Number.isFinite(code)) state.ExitCode = code;
      break;
    }
    case 'oom':
      state.OOMKilled = true;
      break;
    case 'pause':
      Object.assign(state, { Status: 'paused', Paused: true });
      break;
    case 'unpause':
      Object.assign(state, { Status: 'running', Paused: false });
      break;
    case 'health_status':
      if (!detail) return undefined;
      // The old log and streak belong to the old status: the inspect after this brings the new ones.
      state.Health = { Status: detail };
      break;
    default:
      return undefined;
  }
  return { ...info, State: state };
}

interface DescribedEvent {
  type: LifecycleEvent['type'];
  reason: string;
  message: string;
}

/** The words the detail pane shows for an event; undefined for ones not worth a line. */
function describeEvent(action: string, detail: string | undefined, attributes: Record<string, string>): DescribedEvent | undefined {
  switch (action) {
    case 'create':
      return { type: 'Normal', reason: 'Created', message: 'container created' };
    case 'start':
      return { type: 'Normal', reason: 'Started', message: 'container started' };
    case 'restart':
      return { type: 'Normal', reason: 'Restarted', message: 'container restarted' };
    case 'kill': {
      const signal = signalNumber(attributes.signal);
      // Podman's `kill` events do not name the signal.
      const what = signal !== undefined ? describeSignal(signal) : attributes.signal !== undefined ? `signal ${attributes.signal}` : 'a signal (the engine does not say which)';
      return { type: signal === SIGKILL ? 'Warning' : 'Normal', reason: 'Killing', message: `${what} sent` };
    }
    case 'die': {
      const code = attributes.exitCode ?? '?';
      return { type: code === '0' ? 'Normal' : 'Warning', reason: 'Died', message: `exited with code ${code}` };
    }
    case 'stop':
      return { type: 'Normal', reason: 'Stopped', message: 'container stopped' };
    case 'oom':
      return { type: 'Warning', reason: 'OOMKilled', message: 'out of memory: the kernel killed a process of the container' };
    case 'pause':
      return { type: 'Normal', reason: 'Paused', message: 'container paused' };
    case 'unpause':
      return { type: 'Normal', reason: 'Unpaused', message: 'container resumed' };
    case 'health_status':
      return {
        type: detail === 'unhealthy' ? 'Warning' : 'Normal',
        reason: detail === 'unhealthy' ? 'Unhealthy' : 'Health',
        message: `health status: ${detail ?? 'unknown'}`,
      };
    case 'rename':
      return { type: 'Normal', reason: 'Renamed', message: `renamed from ${attributes.oldName ?? '?'}` };
    default:
      return undefined;
  }
}
