#!/usr/bin/env bash
# `npm run typecheck`, and sourced by scripts/test.sh after ensure-node.sh: type-checks
# src/ and test/ with tsconfig.test.json (the sources' strict settings, no output).
# Vitest runs test files without checking their types, so a test that calls an API
# wrongly would otherwise only fail, or pass by accident, at run time.
podlife_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "podlife: type-checking src/ and test/ …" >&2
(cd "$podlife_root" && tsc -p tsconfig.test.json) || { echo "podlife: type errors (above); fix them before the tests run" >&2; exit 1; }
