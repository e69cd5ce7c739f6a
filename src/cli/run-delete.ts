// `podlife delete pod/NAME [-n NS] [--grace N | --now | --force] [--watch]`: a scriptable
// delete that prints the termination phases as they happen and exits with the outcome
// it saw (exit codes: exit-codes.ts).
import { FORCE_DELETE_MEANING } from '../lifecycle/grace.js';
import { deleteGraceSeconds } from '../sources/kubernetes.js';
import type { Store } from '../store/store.js';
import { deleteOutcome } from './delete-outcome.js';
import { deleteRequest } from './delete-request.js';
import { EXIT } from './exit-codes.js';
import type { Flags, Options } from './options.js';
import { openPodSession, podArgument, waitForPod } from './pod-session.js';
import { PhaseChanges } from './termination-lines.js';

export async function runDelete(options: Options, args: string[], flags: Flags): Promise<number> {
  const pod = podArgument(args, 'podlife delete pod/NAME [-n NAMESPACE] [--grace N | --now | --force] [--watch]');
  // Every refusal comes before anything connects: nothing is sent.
  const request = deleteRequest(flags);
  if (options.readonly) throw new Error('podlife runs with --readonly: delete is disabled');
  const open = await openPodSession(options, pod, 'delete');
  const { store, session, where } = open;
  try {
    const rows = await waitForPod(open);
    const first = rows[0]!;
    const own = first.defaultGraceSeconds ?? 30;
    // The number printed is the number sent, computed by the same function that sends it.
    const grace = deleteGraceSeconds({ mode: request.mode, graceSeconds: request.graceSeconds ?? own, force: request.force });
    if (request.force) process.stderr.write(`podlife: warning: --force (grace 0): ${FORCE_DELETE_MEANING}.\n`);
    await session.terminate(first, { mode: request.mode, graceSeconds: grace, force: request.force, requestedBy: 'podlife delete' });
    const note = request.graceSeconds === undefined && grace !== own ? ` (the pod's own is ${own}s; a graceful delete takes at least 1s)` : '';
    process.stdout.write(`delete requested: ${where}, grace ${grace}s${note}\n`);
    if (!flags.watch) return EXIT.ok;
    return await followTermination(store, first.groupKey, request.force);
  } finally {
    await open.close();
  }
}

/** Prints each container's phase changes, then its outcome; resolves with the exit code. */
function followTermination(store: Store, groupKey: string, forced: boolean): Promise<number> {
  return new Promise((resolve) => {
    const changes = new PhaseChanges();
    const print = () => {
      const now = store.clock();
      const rows = store.allRows().filter((r) => r.groupKey === groupKey);
      for (const row of rows) {
        const line = changes.next(row, now);
        if (line) process.stdout.write(`${new Date(now).toISOString()} ${row.name}: ${line.text}\n`);
      }
      if (rows.length && rows.every((r) => r.goneAt !== undefined)) {
        unsubscribe();
        clearInterval(ticker);
        const exitSeenAt = (row: (typeof rows)[number]) => store.transitions(row.key).findLast((tr) => tr.state === 'Terminated')?.at;
        const outcome = deleteOutcome(rows, forced, exitSeenAt);
        for (const c of outcome.containers) process.stdout.write(`${c.container}: ${c.text}\n`);
        process.stdout.write(`${outcome.summary}\n`);
        resolve(outcome.code);
      }
    };
    const unsubscribe = store.subscribe(print);
    // Phases also change with time alone (KILL due), not only with events.
    const ticker = setInterval(print, 250);
    print();
  });
}
