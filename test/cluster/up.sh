#!/usr/bin/env bash
# Brings up a Kubernetes cluster on loopback: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and $PODLIFE_NODES nodes (1 by default), each
# a containerd and a kubelet of its own (node N is 127.0.0.N), all state under
# $PODLIFE_CLUSTER_DIR. Safe to rerun: running parts are left as they are, and a rerun
# with a higher PODLIFE_NODES adds the missing nodes.
# Progress goes to stderr; the last stdout line is `export KUBECONFIG=...`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

started=$SECONDS
bash "$HERE/deps.sh"
bash "$HERE/build.sh"
built=$SECONDS
[[ $EUID -eq 0 ]] || die "the kubelet and containerd need root; run cluster:up as root"

# A scratch dir whose daemons are all gone (killed, machine restarted) holds
# stale mounts and state: clear it and start fresh rather than resume.
if [[ -d "$CLUSTER_DIR" ]]; then
  alive=0
  daemons=(etcd kube-apiserver kube-controller-manager kube-scheduler)
  for i in $(nodes_in_scratch); do
    node_env "$i"
    daemons+=("$NODE_CONTAINERD" "$NODE_KUBELET")
  done
  for d in "${daemons[@]}"; do
    daemon_pid "$d" >/dev/null && alive=1
  done
  if ((alive == 0)); then
    log "found a stopped cluster in $CLUSTER_DIR; clearing it"
    bash "$HERE/down.sh"
  fi
fi

mkdir -p "$CLUSTER_DIR"/{config,etcd}
bash "$HERE/certs.sh"

bash "$HERE/start-control-plane.sh"
# The nodes start side by side (each waits for its own kubelet to register and be Ready);
# the images they import are built once, before.
bash "$HERE/images.sh" build
node_pids=()
for ((i = 1; i <= NODES; i++)); do
  bash "$HERE/start-node.sh" "$i" &
  node_pids+=($!)
done
failed=0
for pid in "${node_pids[@]}"; do wait "$pid" || failed=1; done
((failed == 0)) || die "a node did not start (see the messages above)"
for i in $(nodes_in_scratch); do
  if ((i > NODES)); then
    log "node 127.0.0.$i is running too (PODLIFE_NODES=$NODES does not stop it; cluster:down stops every node)"
  fi
done

kc() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }
wait_for "the default service account" 60 kc -n default get serviceaccount default
kc get namespace "$DEMO_NAMESPACE" >/dev/null 2>&1 || kc create namespace "$DEMO_NAMESPACE" >&2
wait_for "the $DEMO_NAMESPACE service account" 60 kc -n "$DEMO_NAMESPACE" get serviceaccount default

running=$(nodes_in_scratch | wc -l)
log "cluster up: $running node$( ((running == 1)) || echo s) Ready after $((SECONDS - built)) s (total $((SECONDS - started)) s)"
log "try: kubectl --kubeconfig $KUBECONFIG_PATH get nodes"
echo "export KUBECONFIG=$KUBECONFIG_PATH"
