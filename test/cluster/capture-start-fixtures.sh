#!/usr/bin/env bash
# Captures test/fixtures/kubernetes/start/ from the real cluster (npm run cluster:up
# first): raw watch streams of pods and of their namespace's events while containers
# start: a postStart hook that sleeps 6 s, a readiness probe flipped by exec, a startup
# probe that never passes (the kubelet kills and restarts it), and three init containers.
# Each line of a watch file is prefixed with the moment it was received here
# ({"t": epoch ms, "event": …}), which is what a live sighting needs. About 2 minutes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

export KUBECONFIG="$KUBECONFIG_PATH"
[[ -f "$KUBECONFIG" ]] || die "no cluster at $CLUSTER_DIR: run npm run cluster:up first"
NS=podlife-start-fixtures
OUT="$REPO_ROOT/test/fixtures/kubernetes/start"
mkdir -p "$OUT"
kc() { kubectl -n "$NS" "$@"; }
say() { echo "capture: $*" >&2; }

# stamped_watch <resource> <file>: the raw watch, each line with its receive time (no fork per line).
WATCH_PIDS=()
FIFO_DIR=$(mktemp -d)
trap 'rm -rf "$FIFO_DIR"' EXIT
stamped_watch() {
  local rv fifo
  rv=$(kc get "$1" -o jsonpath='{.metadata.resourceVersion}')
  fifo="$FIFO_DIR/$1"; mkfifo "$fifo"
  kubectl get --raw "/api/v1/namespaces/$NS/$1?watch=1&resourceVersion=$rv&timeoutSeconds=300" > "$fifo" &
  WATCH_PIDS+=($!)
  while IFS= read -r line; do t=${EPOCHREALTIME/./}; printf '{"t":%s,"event":%s}\n' "$((t / 1000))" "$line"; done < "$fifo" > "$2" &
}
until_jq() {
  local pod=$1 test=$2 deadline=$((SECONDS + ${3:-90}))
  while ((SECONDS < deadline)); do
    [[ "$(kc get pod "$pod" -o json 2>/dev/null | jq -r "$test" 2>/dev/null)" == true ]] && return 0
    sleep 0.3
  done
  die "pod $pod never matched: $test"
}
pod() { # pod <name> <spec JSON>
  jq -n --arg name "$1" --arg image "$BUSYBOX_IMAGE" --argjson spec "$2" '{apiVersion: "v1", kind: "Pod", metadata: {name: $name}, spec: ({terminationGracePeriodSeconds: 2} + $spec)}' | kc apply -f - >/dev/null
}
sleeper() { # sleeper <name> [extra JSON]
  jq -n --arg name "$1" --arg image "$BUSYBOX_IMAGE" --argjson extra "${2:-{\}}" \
    '{name: $name, image: $image, imagePullPolicy: "Never", command: ["sh", "-c", "trap \"exit 0\" TERM; sleep 100000 & wait $!"]} + $extra'
}

say "fresh namespace $NS"
kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$NS" >/dev/null
wait_for "the $NS default service account" 60 kc get serviceaccount default

stamped_watch pods "$OUT/watch-pods.ndjson"
stamped_watch events "$OUT/watch-events.ndjson"
sleep 1

say "poststart-sleep: postStart sleeps 6 s"
pod poststart-sleep "{\"containers\": [$(sleeper main '{"lifecycle": {"postStart": {"exec": {"command": ["sh", "-c", "sleep 6"]}}}}')]}"
say "flapper: readiness probe test -f /tmp/ready"
pod flapper "{\"containers\": [$(sleeper main '{"readinessProbe": {"exec": {"command": ["test", "-f", "/tmp/ready"]}, "periodSeconds": 1, "failureThreshold": 1}}')]}"
say "never-starts: startup probe never passes (failureThreshold 4, period 1)"
pod never-starts "{\"containers\": [$(sleeper main '{"startupProbe": {"exec": {"command": ["test", "-f", "/tmp/never"]}, "periodSeconds": 1, "failureThreshold": 4}}')]}"
say "three-inits: three init containers of 2 s"
step() { jq -n --arg name "$1" --arg image "$BUSYBOX_IMAGE" '{name: $name, image: $image, imagePullPolicy: "Never", command: ["sh", "-c", "sleep 2"]}'; }
pod three-inits "{\"initContainers\": [$(step one), $(step two), $(step three)], \"containers\": [$(sleeper app)]}"

until_jq flapper '.status.containerStatuses[0].state.running != null'
sleep 3
kc exec flapper -- touch /tmp/ready
until_jq flapper '.status.containerStatuses[0].ready == true' 30
sleep 2
kc exec flapper -- rm /tmp/ready
until_jq flapper '.status.containerStatuses[0].ready == false' 30
sleep 2
kc exec flapper -- touch /tmp/ready
until_jq flapper '.status.containerStatuses[0].ready == true' 30
until_jq poststart-sleep '.status.containerStatuses[0].state.running != null' 60
until_jq three-inits '.status.containerStatuses[0].state.running != null' 90
until_jq never-starts '.status.containerStatuses[0].restartCount >= 1' 90
sleep 3

kill "${WATCH_PIDS[@]}" 2>/dev/null || true
wait 2>/dev/null || true
say "watch-pods.ndjson: $(wc -l < "$OUT/watch-pods.ndjson") lines; watch-events.ndjson: $(wc -l < "$OUT/watch-events.ndjson") lines: $(jq -r '.event.object.reason' "$OUT/watch-events.ndjson" | sort | uniq -c | tr -s ' \n' ' ')"
kubectl delete namespace "$NS" --wait=false >/dev/null
say "done: $OUT"
