# Shared settings for the test cluster scripts; sourced, never run.
# Everything is overridable from the environment.

CLUSTER_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_SCRIPTS/../.." && pwd)"

# The one Kubernetes release, read from the go.mod that pins it.
K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$CLUSTER_SCRIPTS/build/go.mod")"
PODLIFE_CACHE="${PODLIFE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podlife}"
K8S_BIN="$PODLIFE_CACHE/k8s-$K8S_VERSION/bin"
IMAGE_CACHE="$PODLIFE_CACHE/images"

# Scratch: every byte of cluster state lives here and cluster:down removes it.
CLUSTER_DIR="${PODLIFE_CLUSTER_DIR:-/tmp/podlife-cluster}"

# Loopback only: nothing the cluster does may leave 127.0.0.0/8.
API_PORT="${PODLIFE_API_PORT:-6443}"
ETCD_CLIENT_PORT="${PODLIFE_ETCD_PORT:-2379}"
ETCD_PEER_PORT="$((ETCD_CLIENT_PORT + 1))"
# Node 1's kubelet ports; node N's are 100 higher per node (node_env).
KUBELET_PORT="${PODLIFE_KUBELET_PORT:-10250}"
KUBELET_HEALTHZ_PORT="${PODLIFE_KUBELET_HEALTHZ_PORT:-10248}"
# How many kubelet nodes cluster:up starts: 1 by default; 2 gives a drain a node to move
# pods to. Node N is named and reached at 127.0.0.N (the whole 127.0.0.0/8 is loopback).
NODES="${PODLIFE_NODES:-1}"
MAX_NODES=8
[[ "$NODES" =~ ^[1-9][0-9]*$ ]] && ((NODES <= MAX_NODES)) \
  || { printf '[podlife-cluster] ERROR: PODLIFE_NODES must be a whole number from 1 to %s (got "%s")\n' "$MAX_NODES" "$NODES" >&2; exit 1; }
# Only a config value: no kube-proxy runs, so no traffic is ever sent there.
SERVICE_CIDR="${PODLIFE_SERVICE_CIDR:-10.0.0.0/24}"
DEMO_NAMESPACE="podlife-demo"

BUSYBOX_IMAGE="registry.local/podlife/busybox:1.36"
PAUSE_IMAGE="registry.local/podlife/pause:3.10"

# The cluster's own kubectl (same release) first: the system one may be far older.
export PATH="$K8S_BIN:/usr/local/go/bin:$PATH"

log() { printf '[podlife-cluster] %s\n' "$*" >&2; }
die() { printf '[podlife-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

PID_DIR="$CLUSTER_DIR/pids"
LOG_DIR="$CLUSTER_DIR/logs"
PKI="$CLUSTER_DIR/pki"
KUBECONFIG_PATH="$CLUSTER_DIR/kubeconfig"
# Pod addresses: test/cluster/cni/podlife-veth hands them out and routes each to its pod.
# The host holds the whole range (a blackhole for it, its own end of every veth as
# $POD_HOST_IP); each node hands out only its own /20 slice of it (node_env).
POD_CIDR=10.244.0.0/16
POD_HOST_IP=10.244.255.254

# node_env <index>: sets the NODE_* variables of node <index> (1..$MAX_NODES). Node 1
# keeps the names the cluster had before it could have more nodes (logs/kubelet.log,
# logs/containerd.log, containerd/, kubelet/); node N adds "-N" to each of them.
# Each node has its own everything, since two kubelets on one machine would otherwise
# share it: address and ports, root dir, pod log dir (a kubelet deletes the log dirs of
# pods it does not know), certificates, containerd (socket, root, state, runc root),
# pod address slice and CNI state, and cgroup root (a kubelet removes pod cgroups under
# its kubepods that it does not know).
node_env() {
  local i=$1
  [[ "$i" =~ ^[0-9]+$ ]] && ((i >= 1 && i <= MAX_NODES)) || die "no node $i (nodes are 1..$MAX_NODES)"
  local sfx=""
  ((i > 1)) && sfx="-$i"
  NODE_INDEX=$i
  NODE_SUFFIX=$sfx
  # The node is named by its address: the kubelet refuses a loopback --node-ip, but
  # takes an IP given as --hostname-override as the node's InternalIP, so the apiserver
  # reaches the kubelet (exec, logs) on 127.0.0.N.
  NODE_IP="127.0.0.$i"
  NODE_NAME="$NODE_IP"
  NODE_KUBELET_PORT=$((KUBELET_PORT + 100 * (i - 1)))
  NODE_HEALTHZ_PORT=$((KUBELET_HEALTHZ_PORT + 100 * (i - 1)))
  # Daemon names: their pid files and logs/<name>.log.
  NODE_KUBELET="kubelet$sfx"
  NODE_CONTAINERD="containerd$sfx"
  NODE_CONTAINERD_DIR="$CLUSTER_DIR/containerd$sfx"
  NODE_CONTAINERD_SOCK="$NODE_CONTAINERD_DIR/containerd.sock"
  NODE_KUBELET_DIR="$CLUSTER_DIR/kubelet$sfx"
  NODE_POD_LOG_DIR="$CLUSTER_DIR/pod-logs$sfx"
  NODE_CNI_CONF_DIR="$CLUSTER_DIR/cni/net.d$sfx"
  NODE_CNI_STATE_DIR="$CLUSTER_DIR/cni/state$sfx"
  # 4094 pod addresses per node: 10.244.0.0/20 for node 1, 10.244.16.0/20 for node 2, ...
  NODE_POD_CIDR="10.244.$((16 * (i - 1))).0/20"
  # Node 1's pods go under /kubepods (the kubelet's default root), node N's under
  # /podlife-node-N/kubepods; containerd puts each pod where its kubelet says.
  if ((i == 1)); then NODE_CGROUP_ROOT=/; else NODE_CGROUP_ROOT="/podlife-node-$i"; fi
  # Certificates in $PKI (<name>.crt, <name>.key); the kubelet's kubeconfig is $NODE_CERT.kubeconfig.
  NODE_CERT="kubelet$sfx"
  NODE_SERVING_CERT="kubelet$sfx-serving"
}

# The indexes of the nodes this scratch dir has a config for (start-node.sh writes it
# first), whatever PODLIFE_NODES is now: cluster:down stops every one.
nodes_in_scratch() {
  local f i
  for f in "$CLUSTER_DIR"/config/containerd.toml "$CLUSTER_DIR"/config/containerd-[0-9]*.toml; do
    [[ -f "$f" ]] || continue
    i=${f##*/containerd}; i=${i%.toml}; i=${i#-}
    echo "${i:-1}"
  done | sort -n
}

# Sourcing this file gives node 1's variables (NODE_NAME, ...), as before there were more.
node_env 1
CONTAINERD_SOCK="$NODE_CONTAINERD_SOCK"

# pid of a daemon we started, if it is still that process.
daemon_pid() {
  local f="$PID_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  # Guard against pid reuse after a reboot: the process must still be ours.
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$CLUSTER_DIR" || return 1
  echo "$pid"
}

# start_daemon <name> <binary> <args...>: runs it detached, logs to $LOG_DIR.
# Every daemon names $CLUSTER_DIR in its arguments (daemon_pid relies on it).
start_daemon() {
  local name=$1; shift
  if daemon_pid "$name" >/dev/null; then
    log "$name already running (pid $(daemon_pid "$name"))"
    return 0
  fi
  mkdir -p "$PID_DIR" "$LOG_DIR"
  log "starting $name"
  nohup setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! > "$PID_DIR/$name.pid"
}

# wait_for <what> <seconds> <command...>: polls until the command succeeds.
wait_for() {
  local what=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      die "timed out after ${timeout}s waiting for $what; see logs in $LOG_DIR"
    fi
    sleep 1
  done
}
