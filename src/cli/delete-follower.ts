// `podlife delete --watch` once the delete is sent: each container's phase changes as they
// happen, a line when only finalizers keep the pod (its containers stopped), and the end:
// the pod gone (each container's outcome) or --timeout run out with the pod still there.
import type { ContainerRow } from '../lifecycle/types.js';
import type { Store } from '../store/store.js';
import { deleteOutcome, deleteTimedOut, finalizerHold, type DeleteOutcome } from './delete-outcome.js';
import { PhaseChanges } from './termination-lines.js';

export interface FollowDeleteOptions {
  /** The delete was a force delete (grace 0). */
  forced: boolean;
  /** Give up after this long (store clock); undefined: wait until the pod is gone. */
  timeoutMs?: number;
  write(text: string): void;
}

/** Prints as the pod stops; resolves with the exit code. */
export function followDelete(store: Store, groupKey: string, options: FollowDeleteOptions): Promise<number> {
  const startedAt = store.clock();
  const exitSeenAt = (row: ContainerRow) => store.transitions(row.key).findLast((tr) => tr.state === 'Terminated')?.at;
  return new Promise((resolve) => {
    const changes = new PhaseChanges();
    let held: string | undefined;
    let done = false;
    const finish = (outcome: DeleteOutcome) => {
      done = true;
      unsubscribe();
      clearInterval(ticker);
      for (const c of outcome.containers) options.write(`${c.container}: ${c.text}\n`);
      options.write(`${outcome.summary}\n`);
      resolve(outcome.code);
    };
    const print = () => {
      if (done) return;
      const now = store.clock();
      const at = new Date(now).toISOString();
      const rows = store.allRows().filter((r) => r.groupKey === groupKey);
      for (const row of rows) {
        const line = changes.next(row, now);
        if (line) options.write(`${at} ${row.name}: ${line.text}\n`);
      }
      if (rows.length && rows.every((r) => r.goneAt !== undefined)) return finish(deleteOutcome(rows, options.forced, exitSeenAt));
      // Said once, and again only if the finalizers change (one removed, others left).
      const hold = finalizerHold(rows);
      if (hold !== undefined && hold !== held) options.write(`${at} pod/${rows[0]!.group}: ${hold}\n`);
      held = hold;
      if (options.timeoutMs !== undefined && now - startedAt >= options.timeoutMs) {
        finish(deleteTimedOut(rows.filter((r) => r.goneAt === undefined), options.forced, options.timeoutMs, exitSeenAt));
      }
    };
    const unsubscribe = store.subscribe(print);
    // Phases also change with time alone (KILL due), and the timeout is time alone.
    const ticker = setInterval(print, 250);
    print();
  });
}
