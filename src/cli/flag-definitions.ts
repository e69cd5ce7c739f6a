// The CLI's flags, as meow parses them. One list for the parser (main.tsx) and for shell
// completion (complete.ts), so a new flag completes without a second edit.
import type { Flags } from './options.js';

export interface FlagDefinition {
  type: 'string' | 'boolean' | 'number';
  shortFlag?: string;
}

export const FLAG_DEFINITIONS = {
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
  podSelector: { type: 'string' },
  ignoreDaemonsets: { type: 'boolean' },
  deleteEmptydirData: { type: 'boolean' },
  timeout: { type: 'string' },
  disableEviction: { type: 'boolean' },
  dryRun: { type: 'boolean' },
  yes: { type: 'boolean' },
} as const satisfies Record<keyof Flags, FlagDefinition>;

/** allNamespaces → --all-namespaces, as meow spells it on the command line. */
export function longFlag(name: keyof Flags): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
