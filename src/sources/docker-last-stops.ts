// How each container's last run ended, kept once it runs again (the row's `lastStop`).
// A run ends with a `die`: the stop's termination record when someone asked it to stop,
// else a record of the exit alone. The next `start` makes that the last stop, with the
// cause told by what follows (see lifecycle/docker-restart.ts): a `restart` event names a
// `docker restart`; the inspect of the new run says by RestartCount whether the restart
// policy started it. Inspects also give the exit's own moment: dockerd logs `die` after
// it stamps FinishedAt (a few ms, or hundreds on a loaded machine).
//
// Pure like the feed that owns it: the same records give the same last stops in a replay.
// Times are on the local clock (the feed subtracts the clock offset before calling).
import { dockerTime, type DockerInspect } from '../lifecycle/docker.js';
import { dockerRestartCause, restartPolicyText, type DockerRestartHow } from '../lifecycle/docker-restart.js';
import type { PastStop, Termination } from '../lifecycle/types.js';

/** A run that ended and has not been followed by another start yet. */
interface EndedRun {
  /** The feed's own termination record when the stop was asked for (settled by the `die`). */
  termination: Termination;
  byStop: boolean;
  /** When the run that ended had started, if known: its exit lies after it. */
  runStartedAt?: number;
  /** The `die` (or the inspect that showed the exit): the exit lies at or before it. */
  diedAt: number;
}

interface LastStop {
  ended: EndedRun;
  how: DockerRestartHow;
  /** The restart policy when the new run began, for the cause's text. */
  policy?: string;
}

export class DockerLastStops {
  private readonly ended = new Map<string, EndedRun>();
  private readonly last = new Map<string, LastStop>();

  /**
   * A run ended. `termination`: the stop that ended it, now settled (exitedAt set); without
   * one, the exit is all that is known.
   */
  exited(id: string, termination: Termination | undefined, at: number, exitCode: number | undefined, runStartedAt: number | undefined): void {
    const record = termination ?? unrequestedExit(at, exitCode);
    this.ended.set(id, { termination: record, byStop: termination !== undefined, runStartedAt, diedAt: at });
  }

  /** A new run began: the run that ended is now the last stop. True when the last stop changed. */
  started(id: string, info: DockerInspect | undefined): boolean {
    const ended = this.ended.get(id);
    if (!ended) return false;
    this.ended.delete(id);
    const policy = restartPolicyText(info);
    // Until the new run's inspect says (RestartCount), a death the policy covers is its restart.
    const how: DockerRestartHow = !ended.byStop && policy !== undefined ? 'policy' : 'start';
    this.last.set(id, { ended, how, policy });
    return true;
  }

  /** dockerd's `restart` event, logged right after the `start` of a `docker restart`. */
  restarted(id: string): boolean {
    const last = this.last.get(id);
    if (!last || this.ended.has(id) || last.how === 'restart') return false;
    last.how = 'restart';
    return true;
  }

  /**
   * What an inspect adds: the exit's own time (FinishedAt, when it falls inside the run that
   * ended), and, for the run after a last stop, whether the restart policy began it.
   */
  inspected(info: DockerInspect, clockOffsetMs: number): void {
    const finishedAt = dockerTime(info.State.FinishedAt, clockOffsetMs);
    const startedAt = dockerTime(info.State.StartedAt, clockOffsetMs);
    const ended = this.ended.get(info.Id);
    if (ended) settleExit(ended, finishedAt);
    const last = this.last.get(info.Id);
    if (!last) return;
    settleExit(last.ended, finishedAt);
    const newRun = info.State.Status !== 'created' && startedAt !== undefined && startedAt > last.ended.diedAt;
    if (newRun && last.how !== 'restart') {
      // The policy counts its restarts; `docker start` resets the count to 0.
      last.how = (info.RestartCount ?? 0) > 0 ? 'policy' : 'start';
      last.policy = restartPolicyText(info) ?? last.policy;
    }
  }

  /** The row's copy of the last stop (the record is still refined by later inspects). */
  lastStop(id: string): PastStop | undefined {
    const last = this.last.get(id);
    if (!last) return undefined;
    return { cause: dockerRestartCause(last.how, last.ended.byStop, last.policy), termination: { ...last.ended.termination } };
  }

  forget(id: string): void {
    this.ended.delete(id);
    this.last.delete(id);
  }
}

/** An exit nobody asked for: no request, no grace, no phases; only when and with what code. */
function unrequestedExit(at: number, exitCode: number | undefined): Termination {
  const t: Termination = { requestedAt: at, graceSeconds: 0, deadline: at, hasPreStop: false, exitedAt: at, unrequested: true };
  if (exitCode !== undefined) t.exitCode = exitCode;
  return t;
}

/** The engine's FinishedAt for the run that ended (after it started, not after its `die`). */
function settleExit(ended: EndedRun, finishedAt: number | undefined): void {
  if (finishedAt === undefined || finishedAt > ended.diedAt) return;
  if (ended.runStartedAt !== undefined && finishedAt <= ended.runStartedAt) return;
  const t = ended.termination;
  t.exitedAt = finishedAt;
  delete t.exitedAtLatest;
  // An exit nobody asked for is its own request: nothing came before it.
  if (t.unrequested) t.requestedAt = t.deadline = finishedAt;
}
