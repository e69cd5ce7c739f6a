#!/usr/bin/env bash
# Brings up a single-node Kubernetes cluster on loopback: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, containerd and a kubelet, all state
# under $PODLIFE_CLUSTER_DIR. Safe to rerun: running parts are left as they are.
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
  for d in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet; do
    daemon_pid "$d" >/dev/null && alive=1
  done
  if ((alive == 0)); then
    log "found a stopped cluster in $CLUSTER_DIR; clearing it"
    bash "$HERE/down.sh"
  fi
fi

mkdir -p "$CLUSTER_DIR"/{config,etcd,containerd,kubelet,cni/bin,cni/net.d}
bash "$HERE/certs.sh"

bash "$HERE/start-control-plane.sh"
bash "$HERE/start-node.sh"

log "cluster up: node Ready after $((SECONDS - built)) s (total $((SECONDS - started)) s)"
log "try: kubectl --kubeconfig $KUBECONFIG_PATH get nodes"
echo "export KUBECONFIG=$KUBECONFIG_PATH"
