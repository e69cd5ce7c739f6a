#!/usr/bin/env bash
# Captures test/fixtures/kubernetes/finalizer/ from the real cluster (npm run cluster:up
# first): a pod carrying a finalizer no controller removes (example.com/hold), running,
# just after its delete, and once its container has exited while the object stays
# (deletionTimestamp, phase Succeeded, the finalizer still there), plus the raw watch of
# it from create until the finalizer is patched away and it is DELETED. About 30 s.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

export KUBECONFIG="$KUBECONFIG_PATH"
[[ -f "$KUBECONFIG" ]] || die "no cluster at $CLUSTER_DIR: run npm run cluster:up first"
NS=podlife-finalizer-fixtures
OUT="$REPO_ROOT/test/fixtures/kubernetes/finalizer"
mkdir -p "$OUT"
kc() { kubectl -n "$NS" "$@"; }
say() { echo "capture: $*" >&2; }
save() { kc get pod held -o json > "$OUT/$1.json"; say "$1.json: $(jq -c '[.metadata.deletionTimestamp, .metadata.finalizers, .status.phase, .status.containerStatuses[0].state]' "$OUT/$1.json")"; }
until_jq() {
  local test=$1 deadline=$((SECONDS + ${2:-60}))
  while ((SECONDS < deadline)); do
    [[ "$(kc get pod held -o json 2>/dev/null | jq -r "$test" 2>/dev/null)" == true ]] && return 0
    sleep 0.3
  done
  die "pod held never matched: $test"
}

say "fresh namespace $NS"
kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$NS" >/dev/null
wait_for "the $NS default service account" 60 kc get serviceaccount default

rv=$(kc get pods -o jsonpath='{.metadata.resourceVersion}')
kubectl get --raw "/api/v1/namespaces/$NS/pods?watch=1&resourceVersion=$rv&fieldSelector=metadata.name%3Dheld&timeoutSeconds=120" > "$OUT/watch-held.ndjson" &
WATCH_PID=$!

kc apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: held, finalizers: [example.com/hold]}
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - {name: main, image: $BUSYBOX_IMAGE, imagePullPolicy: Never, command: [sh, -c, 'trap "exit 0" TERM; sleep 100000 & wait \$!']}
YAML
until_jq '.status.containerStatuses[0].state.running != null'
save held-running
kc delete pod held --wait=false >/dev/null
until_jq '.metadata.deletionTimestamp != null' 10
save held-deleting
until_jq '.status.containerStatuses[0].state.terminated != null'
# The kubelet's last status write after the exit (phase Succeeded): the object as it then stays.
until_jq '.status.phase == "Succeeded"' 30
sleep 2
save held-stopped
kc patch pod held --type=json -p '[{"op": "remove", "path": "/metadata/finalizers"}]' >/dev/null
deadline=$((SECONDS + 30))
until grep -q '"type":"DELETED"' "$OUT/watch-held.ndjson"; do
  ((SECONDS < deadline)) || die "no DELETED event for pod held"
  sleep 0.2
done
kill "$WATCH_PID" 2>/dev/null || true
wait 2>/dev/null || true
say "watch-held.ndjson: $(wc -l < "$OUT/watch-held.ndjson") events: $(jq -r .type "$OUT/watch-held.ndjson" | tr '\n' ' ')"
kubectl delete namespace "$NS" --wait=false >/dev/null
say "done: $OUT"
