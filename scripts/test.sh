#!/usr/bin/env bash
# `npm test`: provision Node, install, build (the pty tests drive the built binary),
# type-check sources and tests (vitest only strips types), run every test. Suites that
# need a Docker engine, the Podman service or the local cluster start them themselves
# (test/docker/engine.sh, test/podman/service.sh) or are skipped with a reason when the
# cluster is not up (under CI=true, missing ones fail instead).
set -e
source "$(dirname "$0")/ensure-node.sh"
source "$(dirname "$0")/build-if-stale.sh"
source "$(dirname "$0")/typecheck.sh"
exec vitest run "$@"
