// Per-row transitions as podlife saw them (state, reason or readiness changes), for the detail pane
// and the timeline. Only what was observed is kept; nothing is back-filled.
import type { ContainerRow, ContainerState } from '../lifecycle/types.js';

export interface Transition {
  at: number;
  state: ContainerState;
  reason?: string;
  exitCode?: number;
  restartCount: number;
  /** Readiness as seen then: a flap (ready → not ready → ready) is a transition of its own. */
  ready?: boolean;
}

const MAX_TRANSITIONS = 64;

/** The row's values a transition records. */
const transitionOf = (row: ContainerRow, at: number): Transition => ({ at, state: row.state, reason: row.reason, exitCode: row.exitCode, restartCount: row.restartCount, ready: row.ready });

const sameValues = (a: ContainerRow, b: ContainerRow) => a.state === b.state && a.reason === b.reason && a.restartCount === b.restartCount && a.ready === b.ready;

export class RowHistory {
  // Most rows keep the state they were first seen in: for them only the moment is kept (the
  // values are the row's own), and a transition object made when the row first changes; an
  // array only at the second transition. At 50,000 pods that is ~25 MB less than an array
  // holding one transition per row.
  private readonly byKey = new Map<string, number | Transition | Transition[]>();

  /**
   * previous: the row this one replaces (undefined for a first sighting); newLife: it was
   * gone and this is a new pod under its name, a first sighting again.
   */
  observe(previous: ContainerRow | undefined, row: ContainerRow, now: number, newLife = false): void {
    const kept = this.byKey.get(row.key);
    if (previous && !newLife && sameValues(previous, row)) {
      // Not a transition; but an exit code that changed under the same state must not
      // rewrite the first sighting, which is read from the row itself while bare.
      if (typeof kept === 'number' && previous.exitCode !== row.exitCode) this.byKey.set(row.key, transitionOf(previous, kept));
      return;
    }
    if (kept === undefined) {
      this.byKey.set(row.key, now);
      return;
    }
    const first = typeof kept === 'number' ? transitionOf(previous ?? row, kept) : kept;
    const list = Array.isArray(first) ? first : [first];
    list.push(transitionOf(row, now));
    if (list.length > MAX_TRANSITIONS) list.shift();
    if (list !== kept) this.byKey.set(row.key, list);
  }

  /** The row's transitions; current: the row as it is now (a bare first sighting is read from it). */
  of(key: string, current: ContainerRow | undefined): readonly Transition[] {
    const kept = this.byKey.get(key);
    if (kept === undefined) return [];
    if (typeof kept === 'number') return current ? [transitionOf(current, kept)] : [];
    return Array.isArray(kept) ? kept : [kept];
  }

  /** Rows with a history. */
  get size(): number {
    return this.byKey.size;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}
