#!/usr/bin/env bash
# Source this file: it puts a Node >= 22 first on PATH. Ink 8 and Vitest need it, while
# the machines podlife targets often ship Node 20. A suitable system Node is used as is;
# otherwise Node 24 comes from the npm registry's `node` package into .tools/ (seconds).
podlife_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
podlife_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(podlife_node_major)" -lt 22 ]; then
  tools="$podlife_root/.tools"
  if [ ! -x "$tools/node_modules/.bin/node" ]; then
    echo "podlife: system Node is older than 22; fetching Node 24 into .tools/ …" >&2
    npm install --silent --no-audit --no-fund --prefix "$tools" node@24 >&2
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
fi
# Install dependencies when package-lock.json is newer than the installed tree.
if [ ! -f "$podlife_root/node_modules/.package-lock.json" ] \
   || [ "$podlife_root/package-lock.json" -nt "$podlife_root/node_modules/.package-lock.json" ]; then
  echo "podlife: installing dependencies (npm ci) …" >&2
  (cd "$podlife_root" && npm ci --silent --no-audit --no-fund >&2)
fi
export PATH="$podlife_root/node_modules/.bin:$PATH"
