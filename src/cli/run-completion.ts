// `podlife completion SHELL` (prints the script) and the hidden `podlife __complete …`
// the scripts call. Completion must never hang a shell: the whole lookup has a deadline,
// and any failure prints nothing.
import { complete, SHELLS, type ClusterScope } from './complete.js';
import { clusterLookups } from './complete-lookups.js';
import { completionScript, type Shell } from './completion-scripts.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './options.js';
import { loadSettings } from '../settings/settings-file.js';

/** After this, __complete prints nothing and exits, whatever is still waiting (an exec credential plugin). */
export const COMPLETE_DEADLINE_MS = 5_000;

export function printCompletionScript(args: string[], flagsGiven: boolean): number {
  const [shell, ...extra] = args;
  if (flagsGiven || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell ?? '')) {
    throw new UsageError(`usage: podlife completion ${SHELLS.join('|')}${shell && !(SHELLS as readonly string[]).includes(shell) ? ` (not "${shell}")` : ''}`);
  }
  process.stdout.write(completionScript(shell as Shell));
  return EXIT.ok;
}

export async function printCompletions(words: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const deadline = setTimeout(() => process.exit(EXIT.ok), COMPLETE_DEADLINE_MS);
  try {
    const { candidates, files } = await complete(words.length ? words : [''], clusterLookups(env), settingsScope(env));
    process.stdout.write([...candidates, ...(files ? [':files'] : [])].map((c) => `${c}\n`).join(''));
  } catch {
    // Silent: a shell completion has nowhere to show an error.
  } finally {
    clearTimeout(deadline);
  }
  return EXIT.ok;
}

/** The settings file's context, namespace and kubeconfig (not over KUBECONFIG); none if the file is bad. */
function settingsScope(env: NodeJS.ProcessEnv): ClusterScope {
  try {
    const { defaults } = loadSettings(env).settings;
    return { kubeconfig: env.KUBECONFIG ? undefined : defaults.kubeconfig, context: defaults.context, namespace: defaults.namespace };
  } catch {
    return {};
  }
}
