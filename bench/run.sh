#!/usr/bin/env bash
# npm run bench [-- options]: builds what the bench needs (podlife's dist/, the Go load
# driver, k9s at a pinned release), brings up the bench's own control plane, runs
# bench/bench.mjs (podlife, k9s and kubectl side by side) and tears the cluster down.
# Options go to bench.mjs (see bench/lib/options.mjs and README.md), e.g. --runs N,
# --tools a,b, --only scale50k,soak,slowlink,churn, --results.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/ensure-node.sh
source scripts/build-if-stale.sh
export PATH="/usr/local/go/bin:$PATH"

CACHE="${PODLIFE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podlife}"
K9S_VERSION="v0.50.16"
export PODLIFE_BENCH_K9S="$CACHE/k9s-$K9S_VERSION/bin/k9s"
export PODLIFE_BENCH_K9S_VERSION="$K9S_VERSION"
export PODLIFE_BENCH_DRIVER="$CACHE/bench/driver"

# k9s is built only when a tool list asks for it (both default to podlife,k9s,kubectl).
wants_k9s=1
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == --tools ]]; then
    j=$((i + 1))
    [[ "${!j:-}" == *k9s* ]] || wants_k9s=0
  fi
done
for ((i = 1; i <= $#; i++)); do
  j=$((i + 1))
  [[ "${!i}" == --soak-tools && "${!j:-}" == *k9s* ]] && wants_k9s=1
done
[[ $wants_k9s == 1 ]] || unset PODLIFE_BENCH_K9S
if [[ $wants_k9s == 1 && ! -x "$PODLIFE_BENCH_K9S" ]]; then
  echo "bench: building k9s $K9S_VERSION from its Go module (many minutes on 2 cores)" >&2
  GOBIN="$(dirname "$PODLIFE_BENCH_K9S")" GOFLAGS=-mod=mod go install "github.com/derailed/k9s@$K9S_VERSION"
fi
(cd bench/driver && go build -o "$PODLIFE_BENCH_DRIVER" .)
command -v tmux >/dev/null || { echo "bench: tmux is needed (apt-get install tmux)" >&2; exit 1; }
KUBECTL="${PODLIFE_BENCH_KUBECTL:-$(command -v kubectl || true)}"
[[ -x /usr/bin/kubectl ]] && KUBECTL="${PODLIFE_BENCH_KUBECTL:-/usr/bin/kubectl}"
[[ -n "$KUBECTL" ]] || { echo "bench: kubectl is needed (apt-get install kubernetes-client)" >&2; exit 1; }
export PODLIFE_BENCH_KUBECTL="$KUBECTL"

cleanup() { bash bench/cluster.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
bash bench/cluster.sh down >/dev/null 2>&1 || true
export PODLIFE_BENCH_KUBECONFIG="$(bash bench/cluster.sh up 2>/dev/null | tail -1)"
node bench/bench.mjs "$@"
