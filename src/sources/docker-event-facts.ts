// What dockerd's events said about a container that an inspect may not show yet. The
// source inspects after events, but an inspect answered a moment before an event can
// arrive after it; and some facts are not in any inspect while the container runs:
//
// - `oom`: dockerd 20.10 sets State.OOMKilled only when the container exits, so an inspect
//   of a container still running after its `oom` event says false (newer engines set it at
//   the event). Without this record, that inspect wiped the event's mark and the `die`
//   that followed showed "Error" for an OOM kill.
// - `die`: its attributes carry the exit code only, not whether the OOM killer did it
//   (engines may even send `oom` after `die`): until an inspect taken after the exit
//   arrives, the exit's reason is not known. An inspect still showing the run that died
//   was taken before the `die`, and is not applied over it.
//
// All times are on the daemon's clock (the inspect's own StartedAt is compared with them).
import { dockerTime, type DockerInspect } from '../lifecycle/docker.js';

export class DockerEventFacts {
  /** Daemon ms of the latest `oom` in the container's current run. */
  private readonly oomAt = new Map<string, number>();
  /** Daemon ms of a `die` that no inspect has confirmed yet. */
  private readonly diedAt = new Map<string, number>();

  oom(id: string, daemonAt: number): void {
    this.oomAt.set(id, daemonAt);
  }

  died(id: string, daemonAt: number): void {
    this.diedAt.set(id, daemonAt);
  }

  /** A new run: the facts of the old one no longer apply. */
  started(id: string): void {
    this.forget(id);
  }

  forget(id: string): void {
    this.oomAt.delete(id);
    this.diedAt.delete(id);
  }

  /** The exit is known from its `die` alone: the reason (OOMKilled or not) is not known yet. */
  exitUnconfirmed(id: string): boolean {
    return this.diedAt.has(id);
  }

  /**
   * The inspect as the feed should keep it: with OOMKilled set when an `oom` of this run was
   * seen; undefined when it was taken before a `die` already applied (the next inspect,
   * which the source fetches after every `die`, replaces it).
   */
  reconcile(info: DockerInspect): DockerInspect | undefined {
    const id = info.Id;
    const startedAt = dockerTime(info.State.StartedAt);
    const diedAt = this.diedAt.get(id);
    if (diedAt !== undefined) {
      const beforeExit = ['created', 'running', 'paused', 'stopping'].includes(info.State.Status) && (startedAt === undefined || startedAt < diedAt);
      if (beforeExit) return undefined;
      this.diedAt.delete(id); // the engine's own record of the exit (or of a later run)
    }
    const oomAt = this.oomAt.get(id);
    if (oomAt === undefined) return info;
    if (startedAt !== undefined && startedAt > oomAt) {
      this.oomAt.delete(id); // a later run than the one the OOM killer hit
      return info;
    }
    return info.State.OOMKilled ? info : { ...info, State: { ...info.State, OOMKilled: true } };
  }
}
