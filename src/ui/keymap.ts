// Every key podlife answers to, in one list: the help screen and the README come from here.
export interface KeyHelp {
  keys: string;
  action: string;
  modifies?: boolean;
}

export const KEYMAP: KeyHelp[] = [
  { keys: 'j / ↓, k / ↑', action: 'move down / up' },
  { keys: 'g / G', action: 'first / last row' },
  { keys: 'PgDn / PgUp, Ctrl-F / Ctrl-B', action: 'page down / up' },
  { keys: '/', action: 'filter rows (pod, container, state, reason); Enter keeps it, Esc clears it' },
  { keys: 'Enter / d', action: 'detail pane: state, last state, timestamps, hooks, termination, warnings, timeline, events' },
  { keys: 'Esc', action: 'back (close pane, clear filter)' },
  { keys: 'w', action: 'lifecycle warnings of the rows in view (rows with one show !)' },
  { keys: 'c', action: 'context picker (kubeconfig or Docker contexts)' },
  { keys: 'n', action: 'namespace picker (Kubernetes; for every context in view)' },
  { keys: ':', action: 'command: :ctx NAME, :ns NAME (:ns all for every namespace), :q' },
  { keys: 'Ctrl-D', action: 'delete the pod / stop the container, with confirmation and a grace period', modifies: true },
  { keys: 'Ctrl-K', action: 'kill: Kubernetes delete with grace 1 (kubectl --now), Docker SIGKILL', modifies: true },
  { keys: '?', action: 'this help' },
  { keys: 'q, Ctrl-C', action: 'quit (the terminal is restored)' },
];
