// The --help text. Keys are listed from the same keymap the help screen uses.
import { KEYMAP } from '../ui/keymap.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

export const HELP = `
  Watch container lifecycles live: Waiting, Running, Terminated, and the preStop /
  grace-period bar while a container stops.

  Usage
    $ podlife [flags]                      the dashboard (a table when piped)
    $ podlife delete pod/NAME [-n NS] [--grace N | --now | --force] [--watch [--timeout D]] [--yes]
                                           delete a pod and print its termination phases
    $ podlife timeline pod/NAME [--watch] [-o json]
                                           where each container's time went, and its lifecycle warnings
    $ podlife rollout deployment/NAME [--watch] [-o json]
                                           follow a rolling update: old pods' stops, new pods Ready, a summary
    $ podlife drain node/NAME [--pod-selector SEL] [--ignore-daemonsets] [--timeout D] [--yes] …
                                           cordon a node, evict its pods, show each pod's stop and what holds it
    $ podlife uncordon node/NAME           let pods be scheduled on the node again
    $ podlife completion bash|zsh|fish     print a shell completion script, e.g. source <(podlife completion bash)
    $ podlife config path|show             where the settings file is; the settings in effect (see README)

  Source (default: the current kube context if its cluster answers, else the local
  Docker engine, else the bundled demo recording)
    --kubeconfig FILE       kubeconfig to use (default: $KUBECONFIG, a list of files, or ~/.kube/config)
    --context NAME[,NAME]   kubeconfig context (Docker context with --docker); several are watched side by side
    -n, --namespace NS      namespace (default: the context's namespace, else "default")
    -A, --all-namespaces    every namespace
    -l, --selector SEL      label selector, e.g. app=web,tier!=db
    --kubernetes            use Kubernetes, even if the cluster does not answer yet
    --docker                watch the local Docker engine (honours $DOCKER_HOST and Docker contexts)
    --docker-host URL       Docker endpoint, e.g. unix:///var/run/docker.sock (implies --docker)
    --replay FILE           play a recording (NDJSON, .gz ok); actions are disabled
    --speed N               replay speed factor (default 1)
    --record FILE           record what the source receives to FILE (NDJSON, .gz compresses)
    --record-logs           with --record: also record the container log lines podlife read (off by default)

  Behaviour
    --readonly              refuse every delete, stop and kill
    -o, --output FORMAT     table | json | ndjson: print instead of drawing (default when piped: table)
    --once                  print the current state once and exit (json always does)
    --grace N               delete: grace period, whole seconds >= 1 (default: the pod's own); 0 needs --force
    --now                   delete: grace 1, like kubectl --now
    --force                 delete: grace 0, a force delete: the pod object goes at once, the
                            container may go on running unseen (see README)
    --watch                 delete / timeline: follow the pod until it is gone; rollout: follow the rollout (or wait for the next)
    --timeout D             delete --watch: give up after D (20s, 5m; default: no limit) with exit 7, naming a finalizer that holds the pod
    --latency-log FILE      write event→frame latencies (benchmarks)

  Drain (kubectl drain's flags)
    --pod-selector SEL      only the node's pods this label selector picks
    --ignore-daemonsets     leave DaemonSet pods on the node (else the drain is refused)
    --delete-emptydir-data  evict pods with emptyDir volumes too (their data is lost)
    --force                 drain: evict pods that no controller would recreate
    --grace N               drain: each eviction's grace, whole seconds >= 1 (default: each pod's own)
    --timeout D             give up after D (20s, 5m, 1m30s; default: no limit); exit 7, or 8 if a budget held a pod
    --disable-eviction      delete the pods instead of evicting them: PodDisruptionBudgets are not consulted
    --dry-run               show the plan; cordon and evict nothing
    --yes                   do not ask before cordoning (needed without a terminal)
    -o ndjson               one JSON event per line, for scripts
    --version, -h, --help    also beside other flags, as with kubectl

  Exit codes (podlife delete --watch: the worst outcome of its containers, 4 before 3 before 5)
${EXIT_CODE_HELP.map((line) => `    ${line}`).join('\n')}

  Keys
${KEYMAP.map((k) => `    ${k.keys.padEnd(30)}${k.action}`).join('\n')}

  Settings file: $PODLIFE_CONFIG, else \${XDG_CONFIG_HOME:-~/.config}/podlife/config.yaml
  (default flags, columns, keys, colours; flags on the command line win).
  NO_COLOR=1 turns colours off.
`;
