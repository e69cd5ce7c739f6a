// The settings file's `defaults:` under the command line's flags: a flag given wins, and
// a default applies only where the flag would (no namespace for --docker, no -A for
// `podlife delete`), so a default never turns into a refusal of a command line that
// would work without the file. The environment kubectl and docker read (KUBECONFIG,
// DOCKER_HOST, DOCKER_CONTEXT) wins over the file too: flags, then environment, then file.
import type { Command } from '../cli/flag-scope.js';
import { UsageError, type Flags, type Options } from '../cli/options.js';
import type { FlagDefaults } from './settings.js';

export interface DefaultsContext {
  command: Command;
  /** The settings file, as messages name it. */
  file: string;
  /** The command line's words: meow reports a boolean flag not given as false, so `--no-readonly` is looked for here. */
  argv: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export function flagsWithDefaults(flags: Flags, defaults: FlagDefaults, { command, file, argv, env = process.env }: DefaultsContext): Flags {
  const merged: Flags = { ...flags };
  if (!env.KUBECONFIG) merged.kubeconfig ??= defaults.kubeconfig;
  if (defaults.readonly && !argv.includes('--no-readonly')) merged.readonly ||= true;
  // context, namespace and -A are Kubernetes defaults: not for --docker (a Docker context there) or --replay.
  if (flags.docker || flags.dockerHost || flags.replay) return merged;
  if (flags.context === undefined && defaults.context !== undefined) {
    if (command !== 'dashboard' && defaults.context.includes(',')) {
      throw new UsageError(`podlife ${command} acts on one context; the context in ${file} (${defaults.context}) names several: give --context NAME`);
    }
    merged.context = defaults.context;
  }
  if (flags.namespace === undefined && !flags.allNamespaces) {
    if (defaults.allNamespaces && command === 'dashboard') merged.allNamespaces = true;
    else if (defaults.namespace !== undefined) merged.namespace = defaults.namespace;
  }
  return merged;
}

/** docker-host names the endpoint used when the dashboard watches Docker; unlike --docker-host it does not choose Docker. */
export function optionsWithDockerHost(options: Options, defaults: FlagDefaults, command: Command, env: NodeJS.ProcessEnv = process.env): Options {
  if (env.DOCKER_HOST || env.DOCKER_CONTEXT || options.context) return options;
  if (command !== 'dashboard' || options.dockerHost || !defaults.dockerHost || (options.source !== 'auto' && options.source !== 'docker')) return options;
  return { ...options, dockerHost: defaults.dockerHost };
}
