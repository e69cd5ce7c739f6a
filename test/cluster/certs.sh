#!/usr/bin/env bash
# Generates the cluster's CA, serving and client certificates, the service
# account key pair and the kubeconfigs, once; kept across reruns of cluster:up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$PKI"
cd "$PKI"
DAYS=3650

if [[ ! -f ca.crt ]]; then
  log "generating certificates in $PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days $DAYS \
    -subj "/CN=podlife-local-ca" 2>/dev/null
fi

# cert <name> <subject> <extendedKeyUsage> [subjectAltName]
cert() {
  local name=$1 subj=$2 eku=$3 san=${4:-}
  [[ -f "$name.crt" ]] && return 0
  local ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$eku"
  [[ -n "$san" ]] && ext+=$'\n'"subjectAltName=$san"
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days $DAYS \
    -extfile <(echo "$ext") -out "$name.crt" 2>/dev/null
  rm -f "$name.csr"
}

cert apiserver "/CN=kube-apiserver" serverAuth \
  "IP:127.0.0.1,IP:${SERVICE_CIDR%.*}.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert admin "/O=system:masters/CN=podlife-admin" clientAuth
cert controller-manager "/CN=system:kube-controller-manager" clientAuth
cert scheduler "/CN=system:kube-scheduler" clientAuth
# Each node's kubelet: a serving cert for its own address (the apiserver checks it when it
# calls the kubelet for logs and exec) and a client cert naming the node (the Node
# authorizer and NodeRestriction let it write only its own Node and pods).
for ((i = 1; i <= NODES; i++)); do
  node_env "$i"
  cert "$NODE_SERVING_CERT" "/CN=$NODE_NAME" serverAuth "IP:$NODE_IP,DNS:localhost"
  cert "$NODE_CERT" "/O=system:nodes/CN=system:node:$NODE_NAME" clientAuth
done

if [[ ! -f sa.key ]]; then
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
fi
chmod 600 ./*.key

# kubeconfig <file> <client cert name> [extra contexts...]
kubeconfig() {
  local file=$1 user=$2
  cat > "$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: podlife-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $user
  user:
    client-certificate: $PKI/$user.crt
    client-key: $PKI/$user.key
contexts:
- name: podlife-local
  context:
    cluster: podlife-local
    user: $user
KC
  if [[ "$user" == admin ]]; then
    # A second context on the same cluster, so context switching can be tested.
    cat >> "$file" <<KC
- name: podlife-local-demo
  context:
    cluster: podlife-local
    user: $user
    namespace: $DEMO_NAMESPACE
KC
  fi
  echo "current-context: podlife-local" >> "$file"
}

kubeconfig "$KUBECONFIG_PATH" admin
for ((i = 1; i <= NODES; i++)); do
  node_env "$i"
  kubeconfig "$PKI/$NODE_CERT.kubeconfig" "$NODE_CERT"
done
kubeconfig "$PKI/controller-manager.kubeconfig" controller-manager
kubeconfig "$PKI/scheduler.kubeconfig" scheduler
