#!/usr/bin/env bash
# Installs the Debian packages the cluster needs, only when something is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A need=(
  [containerd]=containerd [ctr]=containerd [runc]=runc
  [/usr/lib/cni/loopback]=containernetworking-plugins [/bin/busybox]=busybox-static
  [openssl]=openssl [nsenter]=util-linux [jq]=jq
)
missing=()
for thing in "${!need[@]}"; do
  if [[ "$thing" == /* ]]; then [[ -e "$thing" ]] && continue
  else command -v "$thing" >/dev/null && continue; fi
  missing+=("${need[$thing]}")
done
((${#missing[@]})) || exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
log "installing Debian packages: ${missing[*]}"
[[ $EUID -eq 0 ]] || die "need root to apt-get install ${missing[*]} (run as root or install them first)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || die "apt-get update failed"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
  || die "apt-get install ${missing[*]} failed"
# Debian's containerd package may start a system containerd; ours is separate
# (own socket, root and state under the scratch dir), so that one is left alone.
