// `podlife delete pod/NAME [-n NS] [--grace N | --now | --force] [--watch]`: a scriptable
// delete that prints the termination phases as they happen and exits with the outcome.
import { viewTermination, terminationOutcome, describeOutcome } from '../lifecycle/termination.js';
import type { Store } from '../store/store.js';
import type { Flags, Options } from './options.js';
import { UsageError } from './options.js';
import { openPodSession, podArgument, waitForPod } from './pod-session.js';

export async function runDelete(options: Options, args: string[], flags: Flags): Promise<number> {
  const pod = podArgument(args, 'podlife delete pod/NAME [-n NAMESPACE] [--grace N | --now | --force] [--watch]');
  if (options.readonly) throw new Error('podlife runs with --readonly: delete is disabled');
  const chosen = [flags.grace !== undefined, flags.now, flags.force].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choose one of --grace N, --now and --force');
  const open = await openPodSession(options, pod, 'delete');
  const { store, session, where } = open;
  try {
    const rows = await waitForPod(open);
    const first = rows[0]!;
    const grace = flags.force ? 0 : flags.now ? 1 : (flags.grace ?? first.defaultGraceSeconds ?? 30);
    if (flags.force) process.stderr.write('podlife: --force (grace 0): the pod object is removed at once while the kubelet may still wait out the full grace period; podlife cannot follow a container that may still be alive.\n');
    await session.terminate(first, { mode: flags.now ? 'kill' : 'stop', graceSeconds: grace, force: Boolean(flags.force) });
    process.stdout.write(`delete requested: ${where}, grace ${grace}s\n`);
    if (!flags.watch) return 0;
    return await followTermination(store, first.groupKey);
  } finally {
    await open.close();
  }
}

/** Prints each container's phase changes; resolves 0 when all exited 0, 1 otherwise (137: killed). */
function followTermination(store: Store, groupKey: string): Promise<number> {
  return new Promise((resolve) => {
    const said = new Map<string, string>();
    const print = () => {
      const now = store.clock();
      const rows = store.allRows().filter((r) => r.groupKey === groupKey);
      for (const row of rows) {
        const t = row.termination;
        if (!t) continue;
        const view = viewTermination(t, now);
        const outcome = terminationOutcome(t);
        const line = outcome ? `done: ${describeOutcome(outcome)}` : `${view.phase} (${view.elapsedSeconds.toFixed(0)}/${view.graceSeconds}s, KILL in ${view.secondsToKill.toFixed(0)}s)`;
        const phaseKey = outcome ? 'done' : view.phase;
        if (said.get(row.key) === phaseKey) continue;
        said.set(row.key, phaseKey);
        process.stdout.write(`${new Date(now).toISOString()} ${row.name}: ${line}\n`);
      }
      if (rows.length && rows.every((r) => r.goneAt !== undefined)) {
        unsubscribe();
        clearInterval(ticker);
        const killed = rows.some((r) => r.termination && terminationOutcome(r.termination)?.killed);
        const failed = rows.some((r) => (r.termination?.exitCode ?? r.exitCode ?? 0) !== 0);
        process.stdout.write(`pod gone${killed ? ' (a container was killed at the deadline)' : ''}\n`);
        resolve(killed ? 137 : failed ? 1 : 0);
      }
    };
    const unsubscribe = store.subscribe(print);
    // Phases also change with time alone (KILL due), not only with events.
    const ticker = setInterval(print, 250);
    print();
  });
}
