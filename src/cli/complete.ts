// What `podlife __complete WORD… CURRENT` prints: the candidates for the word under the
// cursor, as kubectl's hidden __complete does for its shell scripts. The words are read
// with the CLI's own flag list; names that live in the cluster come from `lookups`.
import { FLAG_DEFINITIONS, longFlag, type FlagDefinition } from './flag-definitions.js';
import { flagAppliesTo, type Command } from './flag-scope.js';
import type { Flags } from './options.js';

/** Where cluster names are looked up: what the command line (or the settings file) chose. */
export interface ClusterScope {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface CompletionLookups {
  contexts(scope: ClusterScope): Promise<string[]>;
  namespaces(scope: ClusterScope): Promise<string[]>;
  pods(scope: ClusterScope): Promise<string[]>;
  deployments(scope: ClusterScope): Promise<string[]>;
  nodes?(scope: ClusterScope): Promise<string[]>;
}

export interface Completion {
  candidates: string[];
  /** The shell should complete file names instead (--kubeconfig FILE, --replay FILE, …). */
  files: boolean;
}

export const COMMANDS = ['delete', 'timeline', 'rollout', 'drain', 'uncordon', 'completion', 'config'] as const;
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
const CONFIG_ACTIONS = ['path', 'show'];
const OUTPUTS = ['table', 'json', 'ndjson'];
const FILE_FLAGS: (keyof Flags)[] = ['kubeconfig', 'replay', 'record', 'latencyLog'];

type FlagName = keyof typeof FLAG_DEFINITIONS;
const FLAG_NAMES = Object.keys(FLAG_DEFINITIONS) as FlagName[];

function flagOf(word: string): FlagName | undefined {
  if (word.startsWith('--')) return FLAG_NAMES.find((name) => longFlag(name) === word);
  return FLAG_NAMES.find((name) => {
    const short = (FLAG_DEFINITIONS[name] as FlagDefinition).shortFlag;
    return short !== undefined && word === `-${short}`;
  });
}

const takesValue = (name: FlagName) => (FLAG_DEFINITIONS[name] as FlagDefinition).type !== 'boolean';

interface ReadWords {
  command?: (typeof COMMANDS)[number];
  positional: string[];
  values: Partial<Record<FlagName, string>>;
  given: Set<FlagName>;
}

/** The words before the cursor, read as meow would. */
function readWords(words: readonly string[]): ReadWords {
  const read: ReadWords = { positional: [], values: {}, given: new Set() };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = flagOf(eq > 0 ? word.slice(0, eq) : word);
    if (name) {
      read.given.add(name);
      if (eq > 0) read.values[name] = word.slice(eq + 1);
      else if (takesValue(name) && i + 1 < words.length) read.values[name] = words[++i]!;
    } else if (!word.startsWith('-')) {
      if (read.command === undefined && read.positional.length === 0 && (COMMANDS as readonly string[]).includes(word)) read.command = word as ReadWords['command'];
      else read.positional.push(word);
    }
  }
  return read;
}

/**
 * `words` are the command line's words after the program name, the last being the one
 * under the cursor ('' when it is a new word). `defaults` fills in what the command
 * line leaves out (the settings file's context and namespace).
 */
export async function complete(words: readonly string[], lookups: CompletionLookups, defaults: ClusterScope = {}): Promise<Completion> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const read = readWords(before);
  const docker = read.given.has('docker') || read.given.has('dockerHost');
  const scope: ClusterScope = {
    kubeconfig: read.values.kubeconfig ?? defaults.kubeconfig,
    context: (read.values.context ?? (docker ? undefined : defaults.context))?.split(',')[0] || undefined,
    namespace: read.values.namespace ?? defaults.namespace,
  };

  // "--flag=partial": values, given back with their "--flag=".
  const eq = current.startsWith('--') ? current.indexOf('=') : -1;
  if (eq > 0) {
    const name = flagOf(current.slice(0, eq));
    if (!name || !takesValue(name)) return none;
    const values = await valuesFor(name, scope, docker, lookups);
    return { ...values, candidates: values.candidates.map((v) => `${current.slice(0, eq + 1)}${v}`) };
  }
  const previous = flagOf(before.at(-1) ?? '');
  const previousIsFlag = previous !== undefined && takesValue(previous) && !endsWithValue(before);
  if (previousIsFlag) return valuesFor(previous, scope, docker, lookups);

  if (current.startsWith('-')) return { candidates: flagsFor(read.command), files: false };
  switch (read.command) {
    case undefined:
      return { candidates: read.positional.length === 0 ? [...COMMANDS] : [], files: false };
    case 'delete':
    case 'timeline':
      return read.positional.length === 0 ? { candidates: (await lookups.pods(scope)).map((p) => `pod/${p}`), files: false } : none;
    case 'rollout':
      return read.positional.length === 0 ? { candidates: (await lookups.deployments(scope)).map((d) => `deployment/${d}`), files: false } : none;
    case 'drain':
    case 'uncordon':
      return read.positional.length === 0 ? { candidates: ((await lookups.nodes?.(scope)) ?? []).map((n) => `node/${n}`), files: false } : none;
    case 'completion':
      return { candidates: read.positional.length === 0 ? [...SHELLS] : [], files: false };
    case 'config':
      return { candidates: read.positional.length === 0 ? CONFIG_ACTIONS : [], files: false };
  }
}

const none: Completion = { candidates: [], files: false };

/** Whether the last word is itself a flag's value ("-n -n" is "-n" given "-n"). */
function endsWithValue(words: readonly string[]): boolean {
  let valueNext = false;
  let lastWasValue = false;
  for (const word of words) {
    lastWasValue = valueNext;
    if (valueNext) {
      valueNext = false;
      continue;
    }
    const name = flagOf(word);
    valueNext = name !== undefined && takesValue(name);
  }
  return lastWasValue;
}

async function valuesFor(name: FlagName, scope: ClusterScope, docker: boolean, lookups: CompletionLookups): Promise<Completion> {
  if (FILE_FLAGS.includes(name)) return { candidates: [], files: true };
  switch (name) {
    case 'context':
      // With --docker, --context names a Docker context: not the kubeconfig's.
      return { candidates: docker ? [] : await lookups.contexts(scope), files: false };
    case 'namespace':
      return { candidates: await lookups.namespaces(scope), files: false };
    case 'output':
      return { candidates: OUTPUTS, files: false };
    default:
      return none;
  }
}

function flagsFor(command: ReadWords['command']): string[] {
  const scope: Command | undefined = command === undefined ? 'dashboard' : command === 'completion' || command === 'config' ? undefined : command;
  if (scope === undefined) return ['--help'];
  const flags = FLAG_NAMES.filter((name) => flagAppliesTo(name, scope)).flatMap((name) => {
    const short = (FLAG_DEFINITIONS[name] as FlagDefinition).shortFlag;
    return short ? [longFlag(name), `-${short}`] : [longFlag(name)];
  });
  return [...flags, '--help', ...(command === undefined ? ['--version'] : [])];
}
