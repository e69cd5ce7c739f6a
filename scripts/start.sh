#!/usr/bin/env bash
# `npm start -- [flags]`: provision Node, install, build, run the dashboard.
set -e
source "$(dirname "$0")/ensure-node.sh"
source "$(dirname "$0")/build-if-stale.sh"
exec node "$podlife_root/dist/cli.js" "$@"
