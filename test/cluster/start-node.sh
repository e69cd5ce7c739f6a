#!/usr/bin/env bash
# Starts containerd (own socket/root/state under the scratch dir, cgroupfs,
# a veth per pod into its own network namespace), imports the local images, starts the kubelet and waits
# for the node to be Ready and the default service accounts to exist.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/lib.sh"

kc() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }
CD="$CLUSTER_DIR/containerd"

# CNI: containerd always adds a loopback network; the "main" one is our plugin
# (cni/podlife-veth): a veth into each pod's own network namespace and an address from
# $POD_CIDR routed to it alone. The host's end answers as $POD_HOST_IP (on lo); a blackhole
# route for the whole range keeps anything sent to a pod that is gone on this machine.
ln -sf /usr/lib/cni/loopback "$CLUSTER_DIR/cni/bin/loopback"
cp "$HERE/cni/podlife-veth" "$CLUSTER_DIR/cni/bin/podlife-veth"
ip addr replace "$POD_HOST_IP/32" dev lo
ip route replace blackhole "$POD_CIDR"
cat > "$CLUSTER_DIR/cni/net.d/10-podlife-veth.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "podlife-veth", "plugins": [{"type": "podlife-veth", "stateDir": "$CLUSTER_DIR/cni/state"}]}
JSON

cat > "$CLUSTER_DIR/config/containerd.toml" <<TOML
version = 2
root = "$CD/root"
state = "$CD/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
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
    conf_dir = "$CLUSTER_DIR/cni/net.d"
    max_conf_num = 1
TOML

start_daemon containerd containerd --config "$CLUSTER_DIR/config/containerd.toml"
wait_for "containerd on $CONTAINERD_SOCK" 60 ctr --address "$CONTAINERD_SOCK" version
bash "$HERE/images.sh" import "$CONTAINERD_SOCK"

cat > "$CLUSTER_DIR/config/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
# This VM has cgroup v1; 1.34 still supports it, say so explicitly.
failCgroupV1: false
failSwapOn: false
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
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

start_daemon kubelet "$K8S_BIN/kubelet" \
  --config="$CLUSTER_DIR/config/kubelet.yaml" \
  --kubeconfig="$PKI/kubelet.kubeconfig" \
  --root-dir="$CLUSTER_DIR/kubelet" \
  --hostname-override="$NODE_NAME"

node_ready() {
  [[ "$(kc get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
wait_for "node $NODE_NAME to be Ready" 180 node_ready
wait_for "the default service account" 60 kc -n default get serviceaccount default
kc get namespace "$DEMO_NAMESPACE" >/dev/null 2>&1 || kc create namespace "$DEMO_NAMESPACE" >&2
wait_for "the $DEMO_NAMESPACE service account" 60 kc -n "$DEMO_NAMESPACE" get serviceaccount default
