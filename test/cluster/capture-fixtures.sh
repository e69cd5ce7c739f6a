#!/usr/bin/env bash
# Captures test/fixtures/kubernetes/ from the real cluster (npm run cluster:up first):
# pod JSON of each demo pod at the moments podlife maps, the namespace's
# events, and raw watch streams (NDJSON) of the lifecycle and preStop-overrun
# pods from create to delete, so the unit tests run on what the apiserver and
# kubelet really serve. Takes about 2 minutes; rerun after a Kubernetes bump.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

export KUBECONFIG="$KUBECONFIG_PATH"
[[ -f "$KUBECONFIG" ]] || die "no cluster at $CLUSTER_DIR: run npm run cluster:up first"
NS=podlife-fixtures
OUT="$REPO_ROOT/test/fixtures/kubernetes"
DEMO="$REPO_ROOT/demo"
mkdir -p "$OUT"

kc() { kubectl -n "$NS" "$@"; }
say() { echo "capture: $*" >&2; }
pod_json() { kc get pod "$1" -o json; }

# save <pod> <fixture>: the pod as the apiserver serves it now.
save() {
  pod_json "$1" > "$OUT/$2.json"
  say "$2.json: $(jq -c '[.metadata.deletionTimestamp != null, .status.phase,
    ((.status.initContainerStatuses // []) + (.status.containerStatuses // []) | map({(.name): (.state | keys[0]), reason: (.state[]?.reason)}))]' "$OUT/$2.json")"
}

# until_pod <pod> <jq test on the pod> [seconds]: polls until true.
until_pod() {
  local pod=$1 test=$2 deadline=$((SECONDS + ${3:-60}))
  while ((SECONDS < deadline)); do
    [[ "$(pod_json "$pod" 2>/dev/null | jq -r "$test" 2>/dev/null)" == true ]] && return 0
    sleep 0.3
  done
  die "pod $pod never matched: $test"
}
until_gone() {
  local deadline=$((SECONDS + ${2:-60}))
  while kc get pod "$1" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "pod $1 still there after ${2:-60}s"
    sleep 0.2
  done
}

# watch_pod <pod> <file>: streams the apiserver's raw watch of one pod into
# <file> in the background; the watch ends by itself after 3 minutes.
watch_pod() {
  local rv
  rv=$(kc get pods -o jsonpath='{.metadata.resourceVersion}')
  kubectl get --raw "/api/v1/namespaces/$NS/pods?watch=1&resourceVersion=$rv&fieldSelector=metadata.name%3D$1&timeoutSeconds=180" > "$2" &
  WATCH_PID=$!
}
# end_watch <file>: waits for the DELETED event, then stops the stream.
end_watch() {
  local deadline=$((SECONDS + 30))
  until grep -q '"type":"DELETED"' "$1"; do
    ((SECONDS < deadline)) || { say "WARNING: no DELETED event in $1"; break; }
    sleep 0.2
  done
  kill "$WATCH_PID" 2>/dev/null; wait "$WATCH_PID" 2>/dev/null || true
  say "$(basename "$1"): $(wc -l < "$1") events: $(jq -r '.type' "$1" | uniq -c | tr -s ' \n' ' ')"
}

say "fresh namespace $NS"
kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$NS" >/dev/null
wait_for "the $NS default service account" 60 kc get serviceaccount default

# --- lifecycle: Waiting -> Running (postStart) -> deleting (preStop 5 s) -> gone
watch_pod lifecycle "$OUT/watch-lifecycle.ndjson"
kc apply -f "$DEMO/lifecycle-pod.yaml" >/dev/null
until_pod lifecycle '.status.containerStatuses[0].state.waiting != null or .status.containerStatuses[0].state.running != null' 30
if [[ "$(pod_json lifecycle | jq -r '.status.containerStatuses[0].state.waiting != null')" == true ]]; then
  save lifecycle lifecycle-waiting
fi
until_pod lifecycle '.status.containerStatuses[0].ready == true'
save lifecycle lifecycle-running
say "postStart wrote: $(kc exec lifecycle -- cat /start.txt)"
t0=$SECONDS
kc delete pod lifecycle --wait=false >/dev/null
until_pod lifecycle '.metadata.deletionTimestamp != null' 10
save lifecycle lifecycle-deleting
until_gone lifecycle 60
say "lifecycle: gone $((SECONDS - t0)) s after delete"
end_watch "$OUT/watch-lifecycle.ndjson"
# The Waiting snapshot is easy to miss by polling; the watch always has it.
if [[ ! -f "$OUT/lifecycle-waiting.json" ]]; then
  jq -c 'select(.object.status.containerStatuses[0].state.waiting.reason == "ContainerCreating") | .object' \
    "$OUT/watch-lifecycle.ndjson" | head -1 | jq . > "$OUT/lifecycle-waiting.json"
  say "lifecycle-waiting.json taken from the watch stream"
fi

# --- the other demo pods, side by side
for f in image-pull-failure crash-loop init-and-sidecar completed; do
  kc apply -f "$DEMO/$f.yaml" >/dev/null
done

until_pod init-and-sidecar '.status.initContainerStatuses[0].state.running != null' 30
save init-and-sidecar init-and-sidecar-initializing
until_pod image-pull-failure '.status.containerStatuses[0].state.waiting.reason == "ErrImagePull"' 60
save image-pull-failure image-pull-errimagepull
until_pod init-and-sidecar '[.status.containerStatuses[0].state.running, .status.initContainerStatuses[1].state.running] | all' 60
save init-and-sidecar init-and-sidecar-running
until_pod completed '.status.phase == "Succeeded"' 60
save completed completed
until_pod crash-loop '.status.containerStatuses[0].state.terminated != null' 60
save crash-loop crash-loop-terminated
until_pod image-pull-failure '.status.containerStatuses[0].state.waiting.reason == "ImagePullBackOff"' 60
save image-pull-failure image-pull-backoff
until_pod crash-loop '.status.containerStatuses[0].state.waiting.reason == "CrashLoopBackOff" and .status.containerStatuses[0].lastState.terminated != null' 90
save crash-loop crash-loop-backoff

# --- preStop overrun: hook outlives the 5 s grace period, TERM is ignored, KILL
watch_pod prestop-overrun "$OUT/watch-prestop-overrun.ndjson"
kc apply -f "$DEMO/prestop-overrun.yaml" >/dev/null
until_pod prestop-overrun '.status.containerStatuses[0].ready == true' 60
save prestop-overrun prestop-overrun-running
t0=$SECONDS
kc delete pod prestop-overrun --wait=false >/dev/null
until_pod prestop-overrun '.metadata.deletionTimestamp != null' 10
save prestop-overrun prestop-overrun-deleting
until_gone prestop-overrun 60
say "prestop-overrun: gone $((SECONDS - t0)) s after delete (grace period 5 s)"
end_watch "$OUT/watch-prestop-overrun.ndjson"

kc get events -o json > "$OUT/events.json"
say "events.json: $(jq '.items | length' "$OUT/events.json") events: $(jq -r '.items[].reason' "$OUT/events.json" | sort | uniq -c | tr -s ' \n' ' ')"

kubectl delete namespace "$NS" --wait=false >/dev/null
say "done: $OUT"
