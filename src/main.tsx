// The program: flags → options → a source → the Ink dashboard, or printed output when
// stdout is not a terminal. Loaded by the launcher (cli.ts) once Node is known to be new
// enough, or by the single executable.
import './cli/process-settings.js';
import { HELP } from './cli/help.js';
import { EXIT } from './cli/exit-codes.js';
import { refuseFlagsNotFor, type Command } from './cli/flag-scope.js';
import { parseOptions, UsageError } from './cli/options.js';
import { packageInfo } from './cli/packaged-files.js';
import { FLAG_DEFINITIONS } from './cli/flag-definitions.js';
import { SettingsError } from './settings/settings.js';
import { loadSettings, displayPath } from './settings/settings-file.js';
import { flagsWithDefaults, optionsWithDockerHost } from './settings/flag-defaults.js';

// Commands are imported when run: --version, --help and shell completion load neither
// the Kubernetes client nor Ink, and --version not even the flag parser.
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // As with kubectl, -h, --help and --version answer wherever they stand before a `--`
  // (`podlife -n shop --help`). meow answers them only when alone: beside other flags the
  // dashboard ran.
  const asked = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (asked.includes('--version') && argv[0] !== '__complete') {
    process.stdout.write(`${packageInfo().version}\n`);
    return EXIT.ok;
  }
  const helpAsked = argv[0] !== '__complete' && (asked.includes('--help') || asked.includes('-h'));
  // The shell scripts call back with a half-typed line, whose flags meow would refuse.
  if (argv[0] === '__complete') return (await import('./cli/run-completion.js')).printCompletions(argv.slice(1));
  const flagsGiven = argv.some((a) => a.startsWith('-'));
  const { default: meow } = await import('meow');
  const cli = meow(HELP, {
    importMeta: import.meta,
    // Given, not looked up from import.meta: the single executable has no package.json on disk.
    pkg: packageInfo(),
    // HELP opens with its own description; meow would print package.json's above it.
    description: false,
    allowUnknownFlags: false,
    flags: FLAG_DEFINITIONS,
    // meow prints the help (and exits) for a lone --help.
    ...(helpAsked ? { argv: ['--help'] } : {}),
  });
  const [command, ...args] = cli.input;
  if (command === 'completion') return (await import('./cli/run-completion.js')).printCompletionScript(args, flagsGiven);
  if (command === 'config') return (await import('./cli/run-config.js')).runConfig(args, flagsGiven);
  // A bad settings file stops everything, before any flag is read or anything connects.
  const { settings, location } = loadSettings();
  const known = new Map<string, Command>([['delete', 'delete'], ['timeline', 'timeline'], ['rollout', 'rollout'], ['drain', 'drain'], ['uncordon', 'uncordon']]);
  if (command !== undefined && !known.has(command)) {
    throw new UsageError(`unknown command "${command}" (try: podlife, podlife delete pod/NAME, podlife timeline pod/NAME, podlife rollout deployment/NAME, podlife drain node/NAME, podlife uncordon node/NAME, podlife completion bash, podlife config show, podlife --help)`);
  }
  const scope = command === undefined ? 'dashboard' : known.get(command)!;
  refuseFlagsNotFor(scope, cli.flags);
  const flags = flagsWithDefaults(cli.flags, settings.defaults, { command: scope, file: displayPath(location.path), argv });
  const options = optionsWithDockerHost(parseOptions(flags), settings.defaults, scope);
  switch (command) {
    case 'delete':
      return (await import('./cli/run-delete.js')).runDelete(options, args, flags);
    case 'timeline':
      return (await import('./cli/run-timeline.js')).runTimeline(options, args, flags);
    case 'rollout':
      return (await import('./cli/run-rollout.js')).runRollout(options, args, flags);
    case 'drain':
      return (await import('./cli/run-drain.js')).runDrain(options, args, flags);
    case 'uncordon':
      return (await import('./cli/run-drain.js')).runUncordon(options, args);
    default:
      return (await import('./cli/run-dashboard.js')).runDashboard(options, settings);
  }
}

// Exit once output is flushed: a watch socket left half-closed must not keep us alive.
const exitAfterFlush = (code: number) => process.stdout.write('', () => process.exit(code));

main().then(exitAfterFlush, (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`podlife: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write('Run podlife --help for the flags.\n');
  exitAfterFlush(error instanceof UsageError || error instanceof SettingsError ? EXIT.usage : EXIT.error);
});
