#!/usr/bin/env bash
# Starts etcd, kube-apiserver, kube-controller-manager and kube-scheduler on
# 127.0.0.1 and waits until the API answers. Already-running ones are kept.
# PODLIFE_CONTROL_PLANE=api starts only etcd and kube-apiserver (the benchmark's
# cluster of fake pods: no controller may reschedule or evict them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kc() { kubectl --kubeconfig "$KUBECONFIG_PATH" "$@"; }

# Plain HTTP is fine here: etcd listens on loopback only and only the apiserver talks to it.
# --unsafe-no-fsync: a throwaway test cluster trades durability for speed on slow disks.
start_daemon etcd "$K8S_BIN/etcd" \
  --name podlife --data-dir "$CLUSTER_DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "podlife=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync --log-level warn
wait_for "etcd on 127.0.0.1:$ETCD_CLIENT_PORT" 60 \
  bash -c "exec 3<>/dev/tcp/127.0.0.1/$ETCD_CLIENT_PORT"

# --endpoint-reconciler-type=none: the default reconciler would publish the
# advertise address 127.0.0.1 as an Endpoint, which validation rejects (loopback).
start_daemon kube-apiserver "$K8S_BIN/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" \
  --kubelet-preferred-address-types=InternalIP \
  --endpoint-reconciler-type=none --allow-privileged=true --profiling=false
wait_for "kube-apiserver on https://127.0.0.1:$API_PORT/readyz" 120 kc get --raw /readyz

if [[ "${PODLIFE_CONTROL_PLANE:-all}" == api ]]; then
  log "PODLIFE_CONTROL_PLANE=api: no controller-manager, no scheduler"
  exit 0
fi

start_daemon kube-controller-manager "$K8S_BIN/kube-controller-manager" \
  --kubeconfig="$PKI/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$PKI/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$PKI/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --allocate-node-cidrs=false --profiling=false

start_daemon kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig="$PKI/scheduler.kubeconfig" \
  --authentication-kubeconfig="$PKI/scheduler.kubeconfig" \
  --authorization-kubeconfig="$PKI/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --profiling=false
