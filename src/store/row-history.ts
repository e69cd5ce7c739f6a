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
  private readonly byKey = new Map<string, Transition[]>();

  observe(previous: ContainerRow | undefined, row: ContainerRow, now: number): void {
    if (previous && previous.state === row.state && previous.reason === row.reason && previous.restartCount === row.restartCount && previous.ready === row.ready) {
      return;
    }
    const list = this.byKey.get(row.key) ?? [];
    list.push({ at: now, state: row.state, reason: row.reason, exitCode: row.exitCode, restartCount: row.restartCount, ready: row.ready });
    if (list.length > MAX_TRANSITIONS) list.shift();
    this.byKey.set(row.key, list);
  }

  of(key: string): readonly Transition[] {
    return this.byKey.get(key) ?? [];
  }

  /** Rows with a history. */
  get size(): number {
    return this.byKey.size;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }
}
