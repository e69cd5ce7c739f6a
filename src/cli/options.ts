// meow's flags → one validated options object. Every mistake gets a message that says
// what was wrong and what to type instead, like kubectl does.
import type { OutputFormat } from '../output/headless.js';

export type SourceChoice = 'auto' | 'kubernetes' | 'docker' | 'replay';

export interface Flags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  docker?: boolean;
  dockerHost?: string;
  kubernetes?: boolean;
  replay?: string;
  speed?: number;
  record?: string;
  recordLogs?: boolean;
  readonly?: boolean;
  output?: string;
  once?: boolean;
  /** Kept as typed, so a refusal can quote it ("abc", "-3"); delete-request.ts parses it. */
  grace?: string;
  watch?: boolean;
  now?: boolean;
  force?: boolean;
  latencyLog?: string;
  /** drain: kubectl drain's flags (drain-request.ts reads them). */
  podSelector?: string;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  timeout?: string;
  disableEviction?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

export interface Options {
  source: SourceChoice;
  kubeconfig?: string;
  context?: string;
  /** undefined = the context's default namespace; '' = all namespaces. */
  namespace?: string;
  selector?: string;
  dockerHost?: string;
  replay?: string;
  speed: number;
  record?: string;
  recordLogs?: boolean;
  readonly: boolean;
  output?: OutputFormat;
  once: boolean;
  latencyLog?: string;
}

export class UsageError extends Error {}

const OUTPUTS: OutputFormat[] = ['table', 'json', 'ndjson'];

export function parseOptions(flags: Flags): Options {
  const chosen = [flags.docker || flags.dockerHost ? 'docker' : undefined, flags.kubernetes ? 'kubernetes' : undefined, flags.replay ? 'replay' : undefined].filter(
    (s): s is Exclude<SourceChoice, 'auto'> => s !== undefined,
  );
  if (chosen.length > 1) throw new UsageError(`choose one source: ${chosen.map((s) => `--${s}`).join(' and ')} cannot be combined`);
  if (flags.output !== undefined && !OUTPUTS.includes(flags.output as OutputFormat)) {
    throw new UsageError(`unknown output format "${flags.output}": use one of ${OUTPUTS.join(', ')}`);
  }
  if (flags.speed !== undefined && !(flags.speed > 0)) throw new UsageError(`--speed must be a positive number (got ${flags.speed})`);
  if (flags.speed !== undefined && !flags.replay) throw new UsageError('--speed only applies to --replay FILE');
  if (flags.record && flags.replay) throw new UsageError('--record records a live source; it cannot record a --replay');
  if (flags.recordLogs && !flags.record) throw new UsageError('--record-logs adds container logs to a recording: use it with --record FILE');
  // --once only makes sense for printed output: on a terminal it prints the table, like `kubectl get`.
  const output = (flags.output ?? (flags.once && process.stdout.isTTY ? 'table' : undefined)) as OutputFormat | undefined;
  const source: SourceChoice = chosen[0] ?? 'auto';
  if (source === 'docker' && (flags.namespace || flags.allNamespaces || flags.selector)) {
    throw new UsageError('-n/--namespace, -A and -l/--selector apply to Kubernetes, not to --docker');
  }
  return {
    source,
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    namespace: flags.allNamespaces ? '' : flags.namespace,
    selector: flags.selector,
    dockerHost: flags.dockerHost,
    replay: flags.replay,
    speed: flags.speed ?? 1,
    record: flags.record,
    recordLogs: Boolean(flags.recordLogs),
    readonly: Boolean(flags.readonly),
    output,
    once: Boolean(flags.once),
    latencyLog: flags.latencyLog,
  };
}
