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
KUBELET_PORT="${PODLIFE_KUBELET_PORT:-10250}"
# The node is named by its address: the kubelet refuses a loopback --node-ip,
# but takes an IP given as --hostname-override as the node's InternalIP, so
# the apiserver reaches the kubelet (exec, logs) on 127.0.0.1.
NODE_NAME="127.0.0.1"
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
CONTAINERD_SOCK="$CLUSTER_DIR/containerd/containerd.sock"
KUBECONFIG_PATH="$CLUSTER_DIR/kubeconfig"
# Pod addresses: test/cluster/cni/podlife-veth hands them out and routes each to its pod.
POD_CIDR=10.244.0.0/16
POD_HOST_IP=10.244.255.254

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
