#!/usr/bin/env bash
# Captures the bundled demo recordings with podlife's own --record, from the real local
# cluster and the real Docker engine (nothing here is written by hand):
#   lifecycle.ndjson.gz  Kubernetes: the source article's lifecycle pod created, Running,
#                        deleted with its 5 s preStop; a crash loop; an image pull failure;
#                        a preStop that outlives its grace period and is KILLed.
#   docker.ndjson.gz     Docker: a container that traps TERM (stopped, exits 0), one that
#                        ignores it (KILLed at the deadline), one restarting, one OOM-killed.
# Needs the cluster (npm run cluster:up) and the engine (test/docker/engine.sh up) running;
# KUBECONFIG and DOCKER_HOST are taken from their scripts when not set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/demo/recordings"
cd "$ROOT"
source scripts/ensure-node.sh
source scripts/build-if-stale.sh
: "${KUBECONFIG:=$(npm run --silent cluster:up | tail -1 | sed 's/^export KUBECONFIG=//')}"
: "${DOCKER_HOST:=$(bash test/docker/engine.sh up | tail -1 | sed 's/^export DOCKER_HOST=//')}"
export KUBECONFIG DOCKER_HOST
say() { echo "capture: $*" >&2; }

record() { # FILE ARGS… : podlife recording in the background; sets $recorder
  node dist/cli.js "${@:2}" --record "$1" -o ndjson >/dev/null &
  recorder=$!
  sleep 3
}
stop_recording() { kill -TERM "$recorder"; wait "$recorder" || true; }

capture_kubernetes() {
  local ns=demo
  kubectl delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
  kubectl create namespace "$ns" >/dev/null
  record "$OUT/lifecycle.ndjson.gz" --kubernetes --context podlife-local -n "$ns"
  say "kubernetes: applying the demo pods"
  kubectl -n "$ns" apply -f demo/lifecycle-pod.yaml -f demo/crash-loop.yaml -f demo/image-pull-failure.yaml -f demo/prestop-overrun.yaml >/dev/null
  kubectl -n "$ns" wait --for=condition=Ready pod/lifecycle pod/prestop-overrun --timeout=90s >/dev/null
  sleep 6
  say "kubernetes: deleting lifecycle (preStop 5 s) and prestop-overrun (KILL at the deadline)"
  kubectl -n "$ns" delete pod lifecycle prestop-overrun --wait=false >/dev/null
  kubectl -n "$ns" wait --for=delete pod/lifecycle pod/prestop-overrun --timeout=90s >/dev/null
  sleep 4
  stop_recording
  kubectl delete namespace "$ns" --wait=false >/dev/null
}

capture_docker() {
  local label=podlife-demo=1
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null
  record "$OUT/docker.ndjson.gz" --docker
  say "docker: starting the demo containers"
  local run=(docker run -d --network none --label "$label")
  "${run[@]}" --name web --stop-timeout 10 podlife/busybox:latest sh -c 'trap "sleep 2; exit 0" TERM; sleep 100000 & wait $!' >/dev/null
  "${run[@]}" --name stubborn --stop-timeout 4 podlife/busybox:latest sh -c 'trap "" TERM; sleep 100000 & while true; do wait $!; done' >/dev/null
  "${run[@]}" --name flaky --restart always podlife/busybox:latest sh -c 'sleep 2; exit 3' >/dev/null
  "${run[@]}" --name hungry --memory 8m podlife/busybox:latest sh -c 'sleep 4; x=$(head -c 64m /dev/zero | tr "\0" a)' >/dev/null
  sleep 6
  say "docker: stopping web (grace 10) and stubborn (grace 4)"
  docker stop web >/dev/null & local web=$!
  docker stop stubborn >/dev/null & local stubborn=$!
  wait "$web" "$stubborn" # not a bare wait: the recorder is a background job too
  sleep 3
  stop_recording
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null
}

case "${1:-all}" in
  kubernetes) capture_kubernetes ;;
  docker) capture_docker ;;
  all) capture_kubernetes; capture_docker ;;
  *) echo "usage: capture.sh [kubernetes|docker|all]" >&2; exit 2 ;;
esac
ls -l "$OUT"/*.ndjson.gz >&2
