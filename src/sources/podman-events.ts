// Podman's Docker-compatible GET /events, told the way dockerd tells it, so the Docker
// feed reads both alike. Podman 4.x (libpod's events, converted in its compat handler)
// differs in these ways, each checked against the real service (test/podman/):
//
// - a container's removal is `remove`, where dockerd says `destroy`;
// - `restart` is logged when a restart begins, before the stop and start it does (dockerd
//   logs it after the new run's `start`), and also for restarts by the restart policy
//   (dockerd logs none: `die` then `start`);
// - `health_status` is logged at the start of every health check, not when the status
//   changes, with the status as the previous check left it in a field of its own
//   (`HealthStatus`), where dockerd logs `health_status: healthy` once per change;
// - `kill` carries no `signal` attribute; and a stop (`podman stop`, the Docker API's
//   stop, a restart) logs no `kill` at all, so TERM and KILL are never seen: only the
//   `die` with its exit code, and sometimes a `stop` just before it.
//
// Podman's own actions with no dockerd counterpart (init, cleanup, sync, mount, exec) pass
// through: the feed ignores actions it does not know.
import type { DockerInspect } from '../lifecycle/docker.js';
import type { DockerEventMessage } from './docker-event-message.js';

/** A Podman event message: dockerd's fields plus Podman's health status. */
export interface PodmanEventMessage extends DockerEventMessage {
  HealthStatus?: string;
}

/** An event as dockerd would have sent it, and what the rewrite knows about its time. */
export interface AdaptedEvent {
  message: DockerEventMessage;
  /**
   * A health status first seen at this event's time, though it changed earlier: at the end
   * of the previous check, whose end Podman's events do not give.
   */
  changedBefore?: true;
}

const SIGKILL = '9';

export class PodmanEventAdapter {
  /** Per container: the health status the last check event reported, in the current run. */
  private readonly health = new Map<string, string>();
  /** A user restart's `restart`, held until the new run's `start`. */
  private readonly heldRestart = new Map<string, DockerEventMessage>();
  /** Containers podlife itself asked to KILL and that have not died since. */
  private readonly ownKills = new Set<string>();

  /** podlife sent this container SIGKILL (its kill key): the next signal-less `kill` is that. */
  killRequested(id: string): void {
    this.ownKills.add(id);
  }

  forget(id: string): void {
    this.health.delete(id);
    this.heldRestart.delete(id);
    this.ownKills.delete(id);
  }

  /**
   * The message in dockerd's words: none (a Podman health check that changed nothing, a
   * policy restart's `restart`), one, or two (a `start` with the held `restart` after it).
   * `info` is the container as the feed knew it before this event.
   */
  adapt(message: PodmanEventMessage, info: DockerInspect | undefined): AdaptedEvent[] {
    if ((message.Type ?? 'container') !== 'container') return [{ message }];
    const id = message.Actor?.ID ?? message.id;
    const action = message.Action ?? message.status ?? '';
    if (!id) return [{ message }];
    switch (action) {
      case 'remove':
        this.forget(id);
        return [{ message: renamed(message, 'destroy') }];
      case 'restart':
        return this.restart(id, message, info);
      case 'start': {
        // Podman begins each run's checks afresh, in `starting`.
        this.health.set(id, 'starting');
        const held = this.heldRestart.get(id);
        this.heldRestart.delete(id);
        return held ? [{ message }, { message: { ...held, time: message.time, timeNano: message.timeNano } }] : [{ message }];
      }
      case 'die':
        this.ownKills.delete(id);
        return [{ message }];
      case 'kill':
        return [{ message: this.kill(id, message) }];
      case 'health_status':
        return this.healthCheck(id, message, info);
      default:
        return [{ message }];
    }
  }

  /**
   * A `restart` while the container runs is a user's restart (`podman restart`, the Docker
   * API's): it is told after the new run's start, as dockerd does. After a `die`, a container
   * with a restart policy is being restarted by it: dockerd logs no `restart` then, and the
   * next inspect's RestartCount says so. A stopped container without a policy can only be
   * restarted by a user.
   */
  private restart(id: string, message: DockerEventMessage, info: DockerInspect | undefined): AdaptedEvent[] {
    const status = info?.State.Status;
    const running = status === 'running' || status === 'paused' || status === 'stopping';
    const policy = info?.HostConfig?.RestartPolicy?.Name;
    if (running || !policy || policy === 'no') this.heldRestart.set(id, message);
    return [];
  }

  private kill(id: string, message: DockerEventMessage): DockerEventMessage {
    const attributes = message.Actor?.Attributes ?? {};
    if (attributes.signal !== undefined || !this.ownKills.has(id)) return message;
    // Ours: the kill key sends SIGKILL. Another client's signal stays unknown.
    return { ...message, Actor: { ...message.Actor, Attributes: { ...attributes, signal: SIGKILL } } };
  }

  /**
   * Each check logs the status the previous one left: a status other than the last reported
   * is a change, made at the end of the previous check (between the two events).
   */
  private healthCheck(id: string, message: PodmanEventMessage, info: DockerInspect | undefined): AdaptedEvent[] {
    const status = message.HealthStatus;
    if (!status) return []; // the run's first check: nothing checked yet
    const before = this.health.get(id) ?? info?.State.Health?.Status;
    this.health.set(id, status);
    if (status === before) return [];
    return [{ message: renamed(message, `health_status: ${status}`), changedBefore: true }];
  }
}

function renamed(message: DockerEventMessage, action: string): DockerEventMessage {
  const out: DockerEventMessage = { ...message, Action: action };
  if (message.status !== undefined) out.status = action;
  return out;
}
