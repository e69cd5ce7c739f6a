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

export class RowHistory {
  // Most rows only ever have the state they were first seen in: that one transition is kept
  // bare, and an array (~150 bytes more a row at 50,000 pods) made only at the second.
  private readonly byKey = new Map<string, Transition | Transition[]>();

  observe(previous: ContainerRow | undefined, row: ContainerRow, now: number): void {
    if (previous && previous.state === row.state && previous.reason === row.reason && previous.restartCount === row.restartCount && previous.ready === row.ready) {
      return;
    }
    const transition: Transition = { at: now, state: row.state, reason: row.reason, exitCode: row.exitCode, restartCount: row.restartCount, ready: row.ready };
    const kept = this.byKey.get(row.key);
    if (kept === undefined) {
      this.byKey.set(row.key, transition);
      return;
    }
    const list = Array.isArray(kept) ? kept : [kept];
    list.push(transition);
    if (list.length > MAX_TRANSITIONS) list.shift();
    if (list !== kept) this.byKey.set(row.key, list);
  }

  of(key: string): readonly Transition[] {
    const kept = this.byKey.get(key);
    if (kept === undefined) return [];
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
