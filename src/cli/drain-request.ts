// `podlife drain`'s argument and flags → what will be done, or a refusal (exit 2) before
// anything connects. kubectl drain's flags, with two differences said plainly: --grace
// takes whole seconds ≥ 1 (kubectl's -1, "each pod's own", is leaving it out; 0 would be
// a force delete of every pod), and without a terminal to ask on, --yes is required.
import { parseGraceSeconds } from '../lifecycle/grace.js';
import type { DrainRules } from '../lifecycle/drain-plan.js';
import type { Flags } from './options.js';
import { UsageError } from './options.js';

export const DRAIN_USAGE = 'podlife drain node/NAME [--pod-selector SEL] [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--grace N] [--timeout D] [--disable-eviction] [--dry-run] [--yes] [-o ndjson]';
export const UNCORDON_USAGE = 'podlife uncordon node/NAME';

export interface DrainRequest extends DrainRules {
  node: string;
  podSelector?: string;
  /** undefined: each pod's own terminationGracePeriodSeconds. */
  graceSeconds?: number;
  /** undefined: no limit, as kubectl's --timeout 0. */
  timeoutMs?: number;
  /** DELETE each pod instead of POSTing an Eviction: budgets are not consulted. */
  disableEviction: boolean;
  dryRun: boolean;
  yes: boolean;
  ndjson: boolean;
}

/** node/NAME (kubectl also takes nodes/ and no/). */
export function nodeArgument(args: readonly string[], usage: string): string {
  const [target, ...extra] = args;
  const match = /^(?:nodes?|no)\/(.+)$/.exec(target ?? '');
  if (!match || extra.length) throw new UsageError(`usage: ${usage}`);
  return match[1]!;
}

export function drainRequest(args: readonly string[], flags: Flags, stdinIsTerminal: boolean): DrainRequest {
  const node = nodeArgument(args, DRAIN_USAGE);
  const graceSeconds = flags.grace === undefined ? undefined : parseGraceSeconds(flags.grace);
  if (flags.grace !== undefined && graceSeconds === undefined) {
    throw new UsageError(`--grace must be a whole number of seconds, 1 or more (got "${flags.grace}"); leave it out for each pod's own grace period`);
  }
  if (graceSeconds === 0) throw new UsageError("--grace 0 would force-delete every pod (the objects go at once, their containers may go on running): a drain takes --grace 1 or more, or each pod's own");
  const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
  if (timeoutMs === null) throw new UsageError(`--timeout must be a duration such as 20s, 5m or 1m30s (got "${flags.timeout}"); 0 waits without limit`);
  if (flags.output !== undefined && flags.output !== 'ndjson') throw new UsageError(`podlife drain prints lines as they happen, or events with -o ndjson; -o ${flags.output} does not apply`);
  const dryRun = Boolean(flags.dryRun);
  const yes = Boolean(flags.yes);
  if (!dryRun && !yes && !stdinIsTerminal) throw new UsageError('podlife drain asks before it cordons, and there is no terminal to ask on: give --yes (or --dry-run to see the plan)');
  const request: DrainRequest = {
    node,
    ignoreDaemonsets: Boolean(flags.ignoreDaemonsets),
    deleteEmptydirData: Boolean(flags.deleteEmptydirData),
    force: Boolean(flags.force),
    disableEviction: Boolean(flags.disableEviction),
    dryRun,
    yes,
    ndjson: flags.output === 'ndjson',
  };
  if (flags.podSelector !== undefined) request.podSelector = flags.podSelector;
  if (graceSeconds !== undefined) request.graceSeconds = graceSeconds;
  if (timeoutMs) request.timeoutMs = timeoutMs;
  return request;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration as kubectl takes it ("20s", "1m30s", "1.5h", "0") → ms; null when it is not one. */
export function parseDuration(text: string): number | null {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return null;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
}
