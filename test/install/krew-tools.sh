#!/usr/bin/env bash
# Builds (once) krew and krew's manifest validator (the one krew-index runs on every
# plugin) at a pinned release from their Go module into the podlife cache, and prints
# the directory holding them. test/install/krew.test.ts installs the plugin with them.
# About 1.5 min on 2 cores with Go's build cache warm from the cluster build; cold, see
# README (Tests).
set -euo pipefail
# v0.4.4: the newest release the Go module proxy serves (v0.4.5 is refused there).
KREW_VERSION=v0.4.4
PODLIFE_CACHE="${PODLIFE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podlife}"
bin="$PODLIFE_CACHE/krew-$KREW_VERSION/bin"
export PATH="$PATH:/usr/local/go/bin"

if [[ ! -x "$bin/krew" || ! -x "$bin/validate-krew-manifest" ]]; then
  command -v go >/dev/null || { echo "krew-tools: Go is needed to build krew (https://go.dev/dl)" >&2; exit 1; }
  echo "krew-tools: building krew $KREW_VERSION and validate-krew-manifest from their Go module" >&2
  GOBIN="$bin.partial" GOFLAGS=-mod=mod go install \
    "sigs.k8s.io/krew/cmd/krew@$KREW_VERSION" "sigs.k8s.io/krew/cmd/validate-krew-manifest@$KREW_VERSION" >&2
  # Renamed when both are built: an interrupted build is not taken for a finished one.
  rm -rf "$bin" && mv "$bin.partial" "$bin"
fi
echo "$bin"
