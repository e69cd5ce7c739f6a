#!/usr/bin/env bash
# Source after ensure-node.sh: compiles src/ to dist/ when any source is newer than the build.
podlife_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$podlife_root/dist/cli.js" ] \
   || [ -n "$(find "$podlife_root/src" "$podlife_root/package-lock.json" -newer "$podlife_root/dist/cli.js" -print -quit)" ]; then
  echo "podlife: building …" >&2
  (cd "$podlife_root" && npm run --silent build >&2) || exit 1
fi
