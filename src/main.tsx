// The program: flags → options → a source → the Ink dashboard, or printed output when
// stdout is not a terminal. Loaded by the launcher (cli.ts) once Node is known to be new
// enough, or by the single executable.
import './cli/process-settings.js';
import meow from 'meow';
import { runDashboard } from './cli/run-dashboard.js';
import { runDelete } from './cli/run-delete.js';
import { runTimeline } from './cli/run-timeline.js';
import { runRollout } from './cli/run-rollout.js';
import { HELP } from './cli/help.js';
import { EXIT } from './cli/exit-codes.js';
import { refuseFlagsNotFor, type Command } from './cli/flag-scope.js';
import { parseOptions, UsageError } from './cli/options.js';
import { packageInfo } from './cli/packaged-files.js';

const cli = meow(HELP, {
  importMeta: import.meta,
  // Given, not looked up from import.meta: the single executable has no package.json on disk.
  pkg: packageInfo(),
  // HELP opens with its own description; meow would print package.json's above it.
  description: false,
  allowUnknownFlags: false,
  flags: {
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    namespace: { type: 'string', shortFlag: 'n' },
    allNamespaces: { type: 'boolean', shortFlag: 'A' },
    selector: { type: 'string', shortFlag: 'l' },
    kubernetes: { type: 'boolean' },
    docker: { type: 'boolean' },
    dockerHost: { type: 'string' },
    replay: { type: 'string' },
    speed: { type: 'number' },
    record: { type: 'string' },
    recordLogs: { type: 'boolean' },
    readonly: { type: 'boolean' },
    output: { type: 'string', shortFlag: 'o' },
    once: { type: 'boolean' },
    grace: { type: 'string' },
    now: { type: 'boolean' },
    force: { type: 'boolean' },
    watch: { type: 'boolean' },
    latencyLog: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const [command, ...args] = cli.input;
  const known = new Map<string, Command>([['delete', 'delete'], ['timeline', 'timeline'], ['rollout', 'rollout']]);
  if (command !== undefined && !known.has(command)) {
    throw new UsageError(`unknown command "${command}" (try: podlife, podlife delete pod/NAME, podlife timeline pod/NAME, podlife rollout deployment/NAME, podlife --help)`);
  }
  refuseFlagsNotFor(command === undefined ? 'dashboard' : known.get(command)!, cli.flags);
  const options = parseOptions(cli.flags);
  switch (command) {
    case 'delete':
      return runDelete(options, args, cli.flags);
    case 'timeline':
      return runTimeline(options, args, cli.flags);
    case 'rollout':
      return runRollout(options, args, cli.flags);
    default:
      return runDashboard(options);
  }
}

// Exit once output is flushed: a watch socket left half-closed must not keep us alive.
const exitAfterFlush = (code: number) => process.stdout.write('', () => process.exit(code));

main().then(exitAfterFlush, (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`podlife: ${message}\n`);
  if (error instanceof UsageError) process.stderr.write('Run podlife --help for the flags.\n');
  exitAfterFlush(error instanceof UsageError ? EXIT.usage : EXIT.error);
});
