// `podlife delete`'s --grace / --now / --force → what will be sent, or a refusal (exit 2)
// before anything is sent. kubectl's rules: a grace is a whole number of seconds; 0 means
// a force delete and is only done with --force; --now is grace 1. --timeout bounds the
// wait of --watch (a finalizer can keep a pod for ever).
import { FORCE_DELETE_MEANING, parseGraceSeconds } from '../lifecycle/grace.js';
import { parseDuration } from './drain-request.js';
import type { Flags } from './options.js';
import { UsageError } from './options.js';

export interface DeleteRequest {
  mode: 'stop' | 'kill';
  force: boolean;
  /** undefined: the pod's own terminationGracePeriodSeconds. */
  graceSeconds?: number;
  /** --watch gives up after this long; undefined: no limit (kubectl's --timeout 0). */
  timeoutMs?: number;
  /** --yes: delete without asking (required when there is no terminal to ask on). */
  yes: boolean;
}

export function deleteRequest(flags: Pick<Flags, 'grace' | 'now' | 'force' | 'watch' | 'timeout' | 'yes'>, stdinIsTerminal = Boolean(process.stdin.isTTY)): DeleteRequest {
  const request: DeleteRequest = { ...graceRequest(flags), yes: Boolean(flags.yes) };
  const timeoutMs = deleteTimeout(flags);
  if (timeoutMs) request.timeoutMs = timeoutMs;
  // Nothing is deleted without a yes to a question that names the context, namespace and pod.
  if (!request.yes && !stdinIsTerminal) throw new UsageError('podlife delete asks before it deletes, and there is no terminal to ask on: give --yes');
  return request;
}

function deleteTimeout(flags: Pick<Flags, 'watch' | 'timeout'>): number | undefined {
  if (flags.timeout === undefined) return undefined;
  const timeoutMs = parseDuration(flags.timeout);
  if (timeoutMs === null) throw new UsageError(`--timeout must be a duration such as 20s, 5m or 1m30s (got "${flags.timeout}"); 0 waits without limit`);
  if (!flags.watch) throw new UsageError('--timeout bounds the wait of --watch; without --watch podlife delete does not wait: add --watch');
  return timeoutMs;
}

function graceRequest(flags: Pick<Flags, 'grace' | 'now' | 'force'>): Omit<DeleteRequest, 'yes'> {
  const grace = flags.grace === undefined ? undefined : parseGraceSeconds(flags.grace);
  if (flags.grace !== undefined && grace === undefined) {
    throw new UsageError(`--grace must be a whole number of seconds, 0 or more (got "${flags.grace}")`);
  }
  if (flags.now && flags.force) throw new UsageError('--now (grace 1) and --force (grace 0) cannot be specified together');
  if (flags.now && grace !== undefined) throw new UsageError('--now and --grace cannot be specified together: --now is --grace 1');
  if (flags.force && grace !== undefined && grace > 0) throw new UsageError('--force and --grace greater than 0 cannot be specified together: --force is --grace 0');
  if (grace === 0 && !flags.force) {
    throw new UsageError(`--grace 0 is a force delete: ${FORCE_DELETE_MEANING}. Add --force to do that anyway, or use --now (grace 1) for the quickest graceful delete`);
  }
  if (flags.force) return { mode: 'stop', force: true, graceSeconds: 0 };
  if (flags.now) return { mode: 'kill', force: false, graceSeconds: 1 };
  return { mode: 'stop', force: false, graceSeconds: grace };
}
