#!/usr/bin/env bash
# Captures test/fixtures/kubernetes/drain/ from the real cluster (npm run cluster:up
# first): the node, the pods a drain has to judge (a Deployment's, a DaemonSet's, a bare
# pod with an emptyDir volume, a finished pod), a PodDisruptionBudget allowing 0
# disruptions and the apiserver's 429 answer to an eviction it holds. Nothing is evicted
# or cordoned: the 429 is the budget refusing. Takes about a minute.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

export KUBECONFIG="$KUBECONFIG_PATH"
[[ -f "$KUBECONFIG" ]] || die "no cluster at $CLUSTER_DIR: run npm run cluster:up first"
NS=podlife-drain-fixtures
OUT="$REPO_ROOT/test/fixtures/kubernetes/drain"
mkdir -p "$OUT"
kc() { kubectl -n "$NS" "$@"; }
say() { echo "capture: $*" >&2; }

say "fresh namespace $NS"
kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$NS" >/dev/null
wait_for "the $NS default service account" 60 kc get serviceaccount default

LOOP='trap "exit 0" TERM; while true; do sleep 1 & wait $!; done'
kc apply -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - {name: main, image: $BUSYBOX_IMAGE, imagePullPolicy: Never, command: [sh, -c, '$LOOP']}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-budget}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - {name: agent, image: $BUSYBOX_IMAGE, imagePullPolicy: Never, command: [sh, -c, '$LOOP']}
---
apiVersion: v1
kind: Pod
metadata: {name: scratch, labels: {app: scratch}}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: tmp, emptyDir: {}}]
  containers:
  - {name: main, image: $BUSYBOX_IMAGE, imagePullPolicy: Never, command: [sh, -c, '$LOOP'], volumeMounts: [{name: tmp, mountPath: /tmp/scratch}]}
---
apiVersion: v1
kind: Pod
metadata: {name: finished, labels: {app: finished}}
spec:
  restartPolicy: Never
  containers:
  - {name: main, image: $BUSYBOX_IMAGE, imagePullPolicy: Never, command: [sh, -c, 'exit 0']}
YAML

say "waiting for 2 web pods, the agent, scratch Running and finished Succeeded"
wait_for "web ready" 120 sh -c "[ \"\$(kubectl -n $NS get deploy web -o jsonpath='{.status.readyReplicas}')\" = 2 ]"
wait_for "agent ready" 120 sh -c "[ \"\$(kubectl -n $NS get ds agent -o jsonpath='{.status.numberReady}')\" = 1 ]"
wait_for "scratch running" 120 sh -c "[ \"\$(kubectl -n $NS get pod scratch -o jsonpath='{.status.phase}')\" = Running ]"
wait_for "finished" 120 sh -c "[ \"\$(kubectl -n $NS get pod finished -o jsonpath='{.status.phase}')\" = Succeeded ]"
wait_for "the budget's status" 60 sh -c "[ \"\$(kubectl -n $NS get pdb web-budget -o jsonpath='{.status.currentHealthy}')\" = 2 ]"

kubectl get node "$NODE_NAME" -o json > "$OUT/node.json"
kubectl get pods -A --field-selector "spec.nodeName=$NODE_NAME" -o json | jq --arg ns "$NS" '.items |= map(select(.metadata.namespace == $ns))' > "$OUT/pods-on-node.json"
kc get pdb -o json > "$OUT/budgets.json"
say "pods: $(jq -c '[.items[] | {name: .metadata.name, owner: (.metadata.ownerReferences // [] | map(.kind) | join(",")), phase: .status.phase}]' "$OUT/pods-on-node.json")"
say "budget: $(jq -c '.items[0].status | {disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods}' "$OUT/budgets.json")"

# The apiserver's answer to an eviction the budget holds (HTTP 429, a Status).
pod=$(kc get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
curl -sS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" -H 'Content-Type: application/json' \
  -d "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"$pod\",\"namespace\":\"$NS\"}}" \
  -w '\n' "$server/api/v1/namespaces/$NS/pods/$pod/eviction" > "$OUT/eviction-429.json"
say "429: $(cat "$OUT/eviction-429.json")"
kubectl delete namespace "$NS" --wait=false >/dev/null
