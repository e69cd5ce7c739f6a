#!/usr/bin/env bash
# The benchmark's own control plane: etcd + kube-apiserver only (no kubelet, no
# controllers), under its own scratch dir and ports so it never meets the test cluster.
#   bench/cluster.sh up    → starts it (reusing test/cluster's certs and start script)
#   bench/cluster.sh down  → stops exactly the daemons it started and removes the dir
set -euo pipefail
export PODLIFE_CLUSTER_DIR="${PODLIFE_BENCH_CLUSTER_DIR:-/tmp/podlife-bench}"
export PODLIFE_API_PORT="${PODLIFE_BENCH_API_PORT:-7443}"
export PODLIFE_ETCD_PORT="${PODLIFE_BENCH_ETCD_PORT:-3379}"
export PODLIFE_CONTROL_PLANE=api
# etcd and the apiserver inherit it: fewer Go GC cycles leave the two cores to the
# writes (about 500 status writes/s are needed; the memory is plentiful).
export GOGC="${PODLIFE_BENCH_GOGC:-400}"
CLUSTER="$(cd "$(dirname "${BASH_SOURCE[0]}")/../test/cluster" && pwd)"
source "$CLUSTER/lib.sh"

case "${1:-}" in
  up)
    [[ -x "$K8S_BIN/kube-apiserver" && -x "$K8S_BIN/etcd" ]] || bash "$CLUSTER/build.sh"
    mkdir -p "$CLUSTER_DIR"/{etcd,config}
    bash "$CLUSTER/certs.sh"
    bash "$CLUSTER/start-control-plane.sh"
    echo "$KUBECONFIG_PATH"
    ;;
  down)
    # Not test/cluster/down.sh: that one also sweeps the kubelet's pod cgroups, which
    # belong to the shared test cluster; this cluster has no kubelet and no containers.
    for name in kube-apiserver etcd; do
      if pid=$(daemon_pid "$name"); then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
        [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null
      fi
    done
    rm -rf --one-file-system "$CLUSTER_DIR"
    ;;
  kubeconfig)
    echo "$KUBECONFIG_PATH"
    ;;
  *)
    echo "usage: bench/cluster.sh up|down|kubeconfig" >&2
    exit 2
    ;;
esac
