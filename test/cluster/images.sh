#!/usr/bin/env bash
# Makes the two images the cluster needs, since no registry is reachable:
#   busybox: Debian's static busybox with its applet symlinks;
#   pause:   the same layer, PID 1 a shell that sleeps until TERM.
# Each is an OCI image layout tarball written by hand (tar + sha256sum),
# cached in $IMAGE_CACHE and imported into containerd's k8s.io namespace.
# Usage: images.sh build            -> prints nothing, leaves tarballs
#        images.sh import <socket>  -> builds if needed, then imports
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUSYBOX_BIN=/bin/busybox   # from Debian's busybox-static
BUSYBOX_TAR="$IMAGE_CACHE/busybox.oci.tar"
PAUSE_TAR="$IMAGE_CACHE/pause.oci.tar"

# Writes blob $1 (a file) into layout $2; prints "digest size".
add_blob() {
  local sum size
  sum=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  mkdir -p "$2/blobs/sha256"
  cp "$1" "$2/blobs/sha256/$sum"
  echo "sha256:$sum $size"
}

# make_image <out.tar> <image name> <config "config" object JSON> <layer.tar> <layer diff id>
make_image() {
  local out=$1 name=$2 cfg=$3 layer=$4 work
  work=$(mktemp -d)
  local layer_digest layer_size cfg_digest cfg_size man_digest man_size
  read -r layer_digest layer_size < <(add_blob "$layer" "$work/oci")
  printf '{"architecture":"amd64","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["%s"]},"history":[{"created_by":"podlife test/cluster/images.sh"}]}' \
    "$cfg" "$layer_digest" > "$work/config.json"
  read -r cfg_digest cfg_size < <(add_blob "$work/config.json" "$work/oci")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
    "$cfg_digest" "$cfg_size" "$layer_digest" "$layer_size" > "$work/manifest.json"
  read -r man_digest man_size < <(add_blob "$work/manifest.json" "$work/oci")
  printf '{"imageLayoutVersion":"1.0.0"}' > "$work/oci/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$man_digest" "$man_size" "$name" "${name##*:}" > "$work/oci/index.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/oci" -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

build() {
  [[ -f "$BUSYBOX_TAR" && -f "$PAUSE_TAR" && "$BUSYBOX_TAR" -nt "${BASH_SOURCE[0]}" ]] && return 0
  [[ -x "$BUSYBOX_BIN" ]] || die "$BUSYBOX_BIN missing: apt-get install -y busybox-static"
  log "building images $BUSYBOX_IMAGE and $PAUSE_IMAGE"
  mkdir -p "$IMAGE_CACHE"
  local work; work=$(mktemp -d)
  local root="$work/rootfs"
  mkdir -p "$root"/{bin,etc,tmp,root,proc,sys,dev,var/run}
  chmod 1777 "$root/tmp"
  cp "$BUSYBOX_BIN" "$root/bin/busybox"
  local applet
  for applet in $("$BUSYBOX_BIN" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$work/layer.tar" .
  local env='"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]'
  make_image "$BUSYBOX_TAR" "$BUSYBOX_IMAGE" "{$env,\"Cmd\":[\"sh\"]}" "$work/layer.tar"
  # The pause container only holds the pod's namespaces; it must exit on TERM.
  make_image "$PAUSE_TAR" "$PAUSE_IMAGE" \
    "{$env,\"Entrypoint\":[\"/bin/sh\",\"-c\",\"trap 'exit 0' TERM INT; while :; do sleep 86400 & wait \$!; done\"]}" \
    "$work/layer.tar"
  rm -rf "$work"
}

import() {
  local sock=$1 tarball
  for tarball in "$BUSYBOX_TAR" "$PAUSE_TAR"; do
    ctr --address "$sock" -n k8s.io images import "$tarball" >/dev/null \
      || die "ctr images import $tarball failed; is containerd up on $sock? (its log is in $LOG_DIR)"
  done
}

case "${1:-}" in
  build) build ;;
  import) build; import "${2:?socket}" ;;
  *) die "usage: images.sh build | import <containerd socket>" ;;
esac
