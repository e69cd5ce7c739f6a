#!/usr/bin/env bash
# `npm start -- [flags]`: provision Node, install, build, run the dashboard.
set -e
source "$(dirname "$0")/ensure-node.sh"
source "$(dirname "$0")/build-if-stale.sh"
# Run the file itself: its shebang carries the V8 settings podlife is measured with.
exec "$podlife_root/dist/cli.js" "$@"
