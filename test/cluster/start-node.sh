#!/usr/bin/env bash
# Starts node <index> (1 if not given; lib.sh node_env says what each node has of its
# own): containerd (own socket/root/state under the scratch dir, cgroupfs, a veth per pod
# into its own network namespace), imports the local images, starts the kubelet and waits
# for the node to be Ready. Already-running daemons are kept.
# Usage: start-node.sh [index]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"
node_env "${1:-1}"

kc() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }
CD="$NODE_CONTAINERD_DIR"
CONFIG="$CLUSTER_DIR/config"
mkdir -p "$CONFIG" "$CD" "$NODE_KUBELET_DIR" "$NODE_POD_LOG_DIR" "$CLUSTER_DIR/cni/bin" "$NODE_CNI_CONF_DIR"

# CNI: containerd always adds a loopback network; the "main" one is our plugin
# (cni/podlife-veth): a veth into each pod's own network namespace and an address from
# this node's $NODE_POD_CIDR routed to it alone. The host's end answers as $POD_HOST_IP
# (on lo, one for every node); a blackhole route for the whole $POD_CIDR keeps anything
# sent to a pod that is gone on this machine.
# What the nodes share is set up under a lock: cluster:up starts them side by side.
(
  flock 8
  ln -sf /usr/lib/cni/loopback "$CLUSTER_DIR/cni/bin/loopback"
  # Replaced, not rewritten in place: containerd may be running the old one for a pod.
  cp "$HERE/cni/podlife-veth" "$CLUSTER_DIR/cni/bin/.podlife-veth.new"
  mv -f "$CLUSTER_DIR/cni/bin/.podlife-veth.new" "$CLUSTER_DIR/cni/bin/podlife-veth"
  ip addr replace "$POD_HOST_IP/32" dev lo
  ip route replace blackhole "$POD_CIDR"
) 8>"$CLUSTER_DIR/cni/.lock"
cat > "$NODE_CNI_CONF_DIR/10-podlife-veth.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "podlife-veth", "plugins": [{"type": "podlife-veth", "subnet": "$NODE_POD_CIDR", "stateDir": "$NODE_CNI_STATE_DIR"}]}
JSON

# The kubelet checks that its cgroup root exists in every controller; node 1's is the
# machine's root. cpuset needs its cpus and mems before anything can join below it.
if [[ "$NODE_CGROUP_ROOT" != / ]]; then
  for hierarchy in /sys/fs/cgroup/*/; do
    [[ -f "$hierarchy/cgroup.procs" ]] || continue
    mkdir -p "$hierarchy${NODE_CGROUP_ROOT#/}"
  done
  cpuset="/sys/fs/cgroup/cpuset${NODE_CGROUP_ROOT}"
  if [[ -f "$cpuset/cpuset.cpus" ]]; then
    [[ -n "$(<"$cpuset/cpuset.cpus")" ]] || cat /sys/fs/cgroup/cpuset/cpuset.cpus > "$cpuset/cpuset.cpus"
    [[ -n "$(<"$cpuset/cpuset.mems")" ]] || cat /sys/fs/cgroup/cpuset/cpuset.mems > "$cpuset/cpuset.mems"
  fi
fi

# No cgroup setting here: the CRI plugin puts each pod's containers in the cgroup the
# kubelet names for it (under the kubelet's cgroupRoot); containerd and its shims stay
# where cluster:up runs.
cat > "$CONFIG/$NODE_CONTAINERD.toml" <<TOML
version = 2
root = "$CD/root"
state = "$CD/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$NODE_CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # exec, attach and port-forward: the kubelet proxies to this, on the node's own address.
  stream_server_address = "$NODE_IP"
  stream_server_port = "0"
  # Network namespaces under the state dir, so cluster:down finds and unmounts them.
  netns_mounts_under_state_dir = true
  # This sandbox has no CAP_SYS_RESOURCE, so runc cannot lower oom_score_adj
  # (pause gets -998): clamp to containerd's own score instead of failing.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$CD/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CLUSTER_DIR/cni/bin"
    conf_dir = "$NODE_CNI_CONF_DIR"
    max_conf_num = 1
TOML

start_daemon "$NODE_CONTAINERD" containerd --config "$CONFIG/$NODE_CONTAINERD.toml"
wait_for "$NODE_CONTAINERD on $NODE_CONTAINERD_SOCK" 60 ctr --address "$NODE_CONTAINERD_SOCK" version
bash "$HERE/images.sh" import "$NODE_CONTAINERD_SOCK"

cat > "$CONFIG/$NODE_KUBELET.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $NODE_KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: $NODE_IP
healthzPort: $NODE_HEALTHZ_PORT
containerRuntimeEndpoint: unix://$NODE_CONTAINERD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: $NODE_CGROUP_ROOT
# Not the default /var/log/pods: a kubelet removes the log dirs there of pods it does
# not run, which would be the other nodes' pods.
podLogsDir: $NODE_POD_LOG_DIR
# This VM has cgroup v1; 1.34 still supports it, say so explicitly.
failCgroupV1: false
failSwapOn: false
tlsCertFile: $PKI/$NODE_SERVING_CERT.crt
tlsPrivateKeyFile: $PKI/$NODE_SERVING_CERT.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: AlwaysAllow}
# The imported images cannot be pulled again: never garbage-collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "2%", imagefs.available: "2%"}
# No cluster DNS runs; pointing pods at 127.0.0.53 (nothing there, inside their
# own netns) keeps lookups on loopback and avoids a MissingClusterDNS event per pod.
clusterDNS: [127.0.0.53]
clusterDomain: cluster.local
# Fast status updates make the demos snappy.
nodeStatusUpdateFrequency: 5s
syncFrequency: 10s
YAML

start_daemon "$NODE_KUBELET" "$K8S_BIN/kubelet" \
  --config="$CONFIG/$NODE_KUBELET.yaml" \
  --kubeconfig="$PKI/$NODE_CERT.kubeconfig" \
  --root-dir="$NODE_KUBELET_DIR" \
  --hostname-override="$NODE_NAME"

node_ready() {
  [[ "$(kc get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
wait_for "node $NODE_NAME to be Ready" 180 node_ready
