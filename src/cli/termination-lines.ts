// One container's stop as a line, each time its phase changes: what `podlife delete
// --watch` prints, and `podlife drain` prints for every pod it evicts.
import { describeOutcome, terminationOutcome, viewTermination } from '../lifecycle/termination.js';
import type { ContainerRow } from '../lifecycle/types.js';
import { killCountdown } from '../render/grace-bar-text.js';

/** The phase's id (hook, hook-or-term, waiting, term, kill-due, or done) and its line; undefined while the container is not stopping. */
export function terminationLine(row: ContainerRow, now: number): { phase: string; text: string } | undefined {
  const t = row.termination;
  if (!t) return undefined;
  const view = viewTermination(t, now);
  const outcome = terminationOutcome(t);
  // The phase's id for scripts, the countdown in words.
  if (outcome) return { phase: 'done', text: `done: ${describeOutcome(outcome)}` };
  return { phase: view.phase, text: `${view.phase}${view.estimated ? ' (est.)' : ''} (${view.elapsedSeconds.toFixed(0)}/${view.graceSeconds}s, ${killCountdown(view)})` };
}

/** Prints a container's line only when its phase changed since the last one printed. */
export class PhaseChanges {
  private readonly said = new Map<string, string>();

  next(row: ContainerRow, now: number): { phase: string; text: string } | undefined {
    const line = terminationLine(row, now);
    if (!line || this.said.get(row.key) === line.phase) return undefined;
    this.said.set(row.key, line.phase);
    return line;
  }
}
