// `podlife delete pod/NAME [-n NS] [--grace N | --now | --force] [--watch [--timeout D]] [--yes]`:
// a scriptable delete that prints the termination phases as they happen and exits with
// the outcome it saw (exit codes: exit-codes.ts; the following: delete-follower.ts).
import { FORCE_DELETE_MEANING } from '../lifecycle/grace.js';
import { deleteGraceSeconds } from '../sources/kubernetes.js';
import { askTerminal } from './ask-terminal.js';
import { followDelete } from './delete-follower.js';
import { deleteRequest } from './delete-request.js';
import { EXIT } from './exit-codes.js';
import type { Flags, Options } from './options.js';
import { openPodSession, podArgument, waitForPod } from './pod-session.js';

export async function runDelete(options: Options, args: string[], flags: Flags): Promise<number> {
  const pod = podArgument(args, 'podlife delete pod/NAME [-n NAMESPACE] [--grace N | --now | --force] [--watch [--timeout D]] [--yes]');
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
    if (!request.yes && !(await askTerminal(`Delete ${where}, grace ${grace}s${request.force ? ' (force: the pod object goes at once)' : ''}? [y/N] `))) {
      process.stderr.write('podlife: not deleted\n');
      return EXIT.ok;
    }
    if (request.force) process.stderr.write(`podlife: warning: --force (grace 0): ${FORCE_DELETE_MEANING}.\n`);
    await session.terminate(first, { mode: request.mode, graceSeconds: grace, force: request.force, requestedBy: 'podlife delete' });
    const note = request.graceSeconds === undefined && grace !== own ? ` (the pod's own is ${own}s; a graceful delete takes at least 1s)` : '';
    process.stdout.write(`delete requested: ${where}, grace ${grace}s${note}\n`);
    if (!flags.watch) return EXIT.ok;
    return await followDelete(store, first.groupKey, { forced: request.force, timeoutMs: request.timeoutMs, write: (text) => process.stdout.write(text) });
  } finally {
    await open.close();
  }
}
