// k9s-style `:` commands.
export type Command =
  | { kind: 'context'; name: string }
  | { kind: 'namespace'; name: string }
  | { kind: 'quit' }
  | { kind: 'error'; message: string };

export function parseCommand(line: string): Command {
  const [verb = '', ...rest] = line.trim().split(/\s+/);
  const arg = rest.join(' ');
  switch (verb) {
    case 'ctx':
    case 'context':
      return arg ? { kind: 'context', name: arg } : { kind: 'error', message: `usage: :${verb} NAME` };
    case 'ns':
    case 'namespace':
      return arg ? { kind: 'namespace', name: arg === 'all' || arg === '-A' ? '' : arg } : { kind: 'error', message: `usage: :${verb} NAME (or all)` };
    case 'q':
    case 'quit':
    case 'q!':
      return { kind: 'quit' };
    default:
      return { kind: 'error', message: `unknown command :${verb} (try :ctx NAME, :ns NAME, :q)` };
  }
}
