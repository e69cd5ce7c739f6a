// Which command each flag means something to. A flag given to a command it does not
// apply to is refused (exit 2) before anything connects, as `--speed` without `--replay`
// is: `podlife --grace 5` would otherwise look like it did something.
import type { Flags } from './options.js';
import { UsageError } from './options.js';

export type Command = 'dashboard' | 'delete' | 'timeline' | 'rollout' | 'drain' | 'uncordon';

const COMMAND_NAME: Record<Command, string> = {
  dashboard: 'the dashboard (podlife)',
  delete: 'podlife delete',
  timeline: 'podlife timeline',
  rollout: 'podlife rollout',
  drain: 'podlife drain',
  uncordon: 'podlife uncordon',
};
/** What each named command takes, for its messages. */
const TARGET: Record<Command, string> = { dashboard: '', delete: 'pod/NAME', timeline: 'pod/NAME', rollout: 'deployment/NAME', drain: 'node/NAME', uncordon: 'node/NAME' };
/** Commands on a node: cluster-scoped, so no namespace. */
const ON_A_NODE: Command[] = ['drain', 'uncordon'];

const FLAG_NAME: Partial<Record<keyof Flags, string>> = {
  allNamespaces: '-A/--all-namespaces',
  selector: '-l/--selector',
  output: '-o/--output',
  dockerHost: '--docker-host',
  latencyLog: '--latency-log',
  podSelector: '--pod-selector',
};

/** Flags that only some commands take; every other flag applies to all three. */
const ONLY_FOR: Partial<Record<keyof Flags, Command[]>> = {
  grace: ['delete', 'drain'],
  now: ['delete'],
  force: ['delete', 'drain'],
  watch: ['delete', 'timeline', 'rollout'],
  once: ['dashboard'],
  output: ['dashboard', 'timeline', 'rollout', 'drain'],
  record: ['dashboard', 'delete', 'timeline', 'rollout'],
  recordLogs: ['dashboard', 'delete', 'timeline', 'rollout'],
  podSelector: ['drain'],
  ignoreDaemonsets: ['drain'],
  deleteEmptydirData: ['drain'],
  timeout: ['delete', 'drain'],
  disableEviction: ['drain'],
  dryRun: ['drain'],
  yes: ['drain', 'delete'],
  docker: ['dashboard'],
  dockerHost: ['dashboard'],
  replay: ['dashboard'],
  speed: ['dashboard'],
  latencyLog: ['dashboard'],
  selector: ['dashboard'],
  allNamespaces: ['dashboard'],
};

/** Whether `command` takes `flag` (shell completion offers only those). */
export function flagAppliesTo(flag: keyof Flags, command: Command): boolean {
  if (ON_A_NODE.includes(command) && (flag === 'namespace' || flag === 'allNamespaces' || flag === 'selector')) return false;
  return ONLY_FOR[flag]?.includes(command) ?? true;
}

export function flagName(flag: keyof Flags): string {
  return FLAG_NAME[flag] ?? `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const given = (value: unknown) => value !== undefined && value !== false;

/** Throws a UsageError for the first flag that `command` does not take. */
export function refuseFlagsNotFor(command: Command, flags: Flags): void {
  const byName = command !== 'dashboard';
  if (ON_A_NODE.includes(command)) refuseNamespaceFlags(command, flags);
  // kubectl's own words for the two ways a name can be ambiguous.
  if (byName && flags.allNamespaces) {
    throw new UsageError(`a resource cannot be retrieved by name across all namespaces: drop -A and name the namespace with -n NAMESPACE (podlife ${command} ${TARGET[command]} -n NAMESPACE)`);
  }
  if (byName && flags.selector !== undefined) throw new UsageError(`name cannot be provided when a selector is specified: podlife ${command} takes ${TARGET[command]}, not -l`);
  if (byName && flags.context?.includes(',')) {
    throw new UsageError(`podlife ${command} acts on one context; --context ${flags.context} names several: pick one`);
  }
  for (const [flag, commands] of Object.entries(ONLY_FOR) as [keyof Flags, Command[]][]) {
    if (!given(flags[flag]) || commands.includes(command)) continue;
    const names = commands.map((c) => COMMAND_NAME[c]);
    const where = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
    throw new UsageError(`${flagName(flag)} only applies to ${where}, not to ${COMMAND_NAME[command]}`);
  }
}

/** A node is in no namespace: -A, -n and -l are refused with what to type instead. */
function refuseNamespaceFlags(command: Command, flags: Flags): void {
  const takes = command === 'drain' ? 'takes the pods of every namespace on the node' : 'acts on the node itself';
  if (flags.allNamespaces) throw new UsageError(`a node is not in a namespace: podlife ${command} node/NAME ${takes}; drop -A`);
  if (flags.namespace !== undefined) throw new UsageError(`a node is not in a namespace: podlife ${command} node/NAME ${takes}; drop -n${command === 'drain' ? ' (narrow it with --pod-selector)' : ''}`);
  if (flags.selector !== undefined) {
    throw new UsageError(command === 'drain' ? 'podlife drain picks pods with --pod-selector (as kubectl drain does), not -l/--selector' : 'podlife uncordon acts on one node: -l/--selector does not apply');
  }
}
