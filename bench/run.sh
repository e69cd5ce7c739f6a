#!/usr/bin/env bash
# npm run bench [-- options]: builds what the bench needs (podlife's dist/, the Go load
# driver, k9s at a pinned release), brings up the bench's own control plane, runs
# bench/bench.mjs (podlife, k9s and kubectl side by side) and tears the cluster down.
# Options go to bench.mjs (see bench/lib/options.mjs and README.md), e.g. --runs N,
# --tools a,b, --only scale50k,soak,slowlink,churn, --results.
set -euo pipefail
# The whole script is one block, read before any of it runs: bash reads a script as it goes,
# and an edit to this file (a pull, a checkout) during an hour-long run changed what the
# rest of the run did.
{
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
# sidebyside alone runs podlife only.
[[ " $* " == *" --only sidebyside "* ]] && wants_k9s=0
[[ $wants_k9s == 1 ]] || unset PODLIFE_BENCH_K9S
if [[ $wants_k9s == 1 && ! -x "$PODLIFE_BENCH_K9S" ]]; then
  echo "bench: building k9s $K9S_VERSION from its Go module (many minutes on 2 cores)" >&2
  GOBIN="$(dirname "$PODLIFE_BENCH_K9S")" GOFLAGS=-mod=mod go install "github.com/derailed/k9s@$K9S_VERSION"
fi
(cd bench/driver && go build -o "$PODLIFE_BENCH_DRIVER" .)

# --against REV (the sidebyside scenario): that commit's podlife, built once into a
# directory of its own from `git archive`, with this checkout's dependencies (linked, and
# never installed into: the same lock file is required).
for ((i = 1; i <= $#; i++)); do
  [[ "${!i}" == --against ]] || continue
  j=$((i + 1))
  against="${!j:-}"
  rev="$(git rev-parse --verify --quiet "${against}^{commit}")" || { echo "bench: --against ${against:-(nothing)}: not a commit of this repository" >&2; exit 2; }
  git show "$rev:package-lock.json" | cmp -s - package-lock.json || { echo "bench: --against $against: its package-lock.json differs from this checkout's, so it cannot be built with these dependencies" >&2; exit 2; }
  dir="${TMPDIR:-/tmp}/podlife-bench-against"
  if [[ "$(cat "$dir/.rev" 2>/dev/null)" != "$rev" ]]; then
    echo "bench: building podlife at $(git rev-parse --short "$rev") for --against" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    git archive "$rev" | tar -x -C "$dir"
    ln -s "$ROOT/node_modules" "$dir/node_modules"
    (cd "$dir" && node_modules/.bin/tsc -p tsconfig.json && node scripts/bundle.mjs && chmod +x dist/cli.js)
    echo "$rev" > "$dir/.rev"
  fi
  export PODLIFE_BENCH_AGAINST_ROOT="$dir" PODLIFE_BENCH_AGAINST_REV="$(git rev-parse --short "$rev")"
done
command -v tmux >/dev/null || { echo "bench: tmux is needed (apt-get install tmux)" >&2; exit 1; }
# kubectl: the one built with the cluster (the apiserver's own release) when there is one,
# else the machine's. Two kubectl releases read ~4 % apart under churn, so a section names
# which it ran; the same one each time keeps sections comparable.
CLUSTER_KUBECTL="$(source test/cluster/lib.sh && echo "$K8S_BIN/kubectl")"
MACHINE_KUBECTL="$(command -v kubectl || true)"
[[ -x /usr/bin/kubectl ]] && MACHINE_KUBECTL=/usr/bin/kubectl
[[ -x "$CLUSTER_KUBECTL" ]] || CLUSTER_KUBECTL=""
KUBECTL="${PODLIFE_BENCH_KUBECTL:-${CLUSTER_KUBECTL:-$MACHINE_KUBECTL}}"
[[ -n "$KUBECTL" ]] || { echo "bench: kubectl is needed (apt-get install kubernetes-client)" >&2; exit 1; }
export PODLIFE_BENCH_KUBECTL="$KUBECTL"

cleanup() { bash bench/cluster.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
bash bench/cluster.sh down >/dev/null 2>&1 || true
export PODLIFE_BENCH_KUBECONFIG="$(bash bench/cluster.sh up 2>/dev/null | tail -1)"
node bench/bench.mjs "$@"
exit
}
