#!/usr/bin/env bash
# Builds etcd and the Kubernetes control plane + kubelet from the Go module
# proxy into $PODLIFE_CACHE, once per pinned release. Slow the first time
# (~30 min on 2 cores); later runs only check that the binaries are there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl)
# The stamp ties the cached binaries to the exact module set that built them.
STAMP="$K8S_BIN/.built-from-$(cat "$CLUSTER_SCRIPTS/build/go.mod" "$CLUSTER_SCRIPTS/build/go.sum" | sha256sum | cut -c1-16)"

have_all() {
  [[ -f "$STAMP" ]] || return 1
  local b; for b in "${BINARIES[@]}"; do [[ -x "$K8S_BIN/$b" ]] || return 1; done
}

if have_all; then
  log "binaries for Kubernetes $K8S_VERSION already built in $K8S_BIN"
  exit 0
fi

command -v go >/dev/null || die "go not found (looked in PATH and /usr/local/go/bin); install Go >= 1.24"
log "building etcd + Kubernetes $K8S_VERSION into $K8S_BIN (first time: expect 20-40 min on 2 cores)"

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

tmp="$K8S_BIN.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
(
  cd "$CLUSTER_SCRIPTS/build"
  # CGO off: static binaries, no C toolchain needed; the kubelet works without cgo on Linux.
  CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
    go.etcd.io/etcd/server/v3 \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kubectl
) || die "go build failed (see messages above); retry with a warm module cache: cd test/cluster/build && go mod download"
# go names a main package at module path .../server/v3 after "server".
mv "$tmp/server" "$tmp/etcd"

mkdir -p "$K8S_BIN"
for b in "${BINARIES[@]}"; do mv -f "$tmp/$b" "$K8S_BIN/$b"; done
rm -f "$K8S_BIN"/.built-from-*
touch "$STAMP"
log "built ${BINARIES[*]} in $((SECONDS - start)) s"
