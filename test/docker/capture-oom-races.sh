#!/usr/bin/env bash
# Captures test/fixtures/docker/recordings/oom-*.ndjson with podlife's own --record on the
# real engine (test/docker/engine.sh): what the Docker source received, in the order it
# received it, while the OOM killer ended a container. The unit tests replay them through
# the feed (test/unit/docker-oom-races.test.ts).
#
#   oom-child-exit-3   a subshell is OOM-killed, the container exits 3 two seconds later:
#                      always oom → inspect (running, OOMKilled false on dockerd 20.10) →
#                      die 3 → inspect (exited, OOMKilled true).
#   oom-137-race       the container itself is OOM-killed (exit 137), repeated until the
#                      inspect fetched after `start`/`oom` arrives between the `oom` and the
#                      `die` (happens on a loaded machine; up to 40 tries).
#
# Only the watched container's records are kept, and the engine's socket path is replaced by
# Docker's usual one, so the files carry nothing of this machine. Re-run after an engine upgrade.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/docker/recordings"
mkdir -p "$out"
cd "$root"
source scripts/ensure-node.sh
source scripts/build-if-stale.sh
eval "$(bash "$here/engine.sh" up | tail -n 1)"
export DOCKER_CONTEXT=
IMG=podlife/busybox:latest
LABEL=podlife-fixture-oom
raw="$(mktemp)"
say() { echo "capture: $*" >&2; }
cleanup() {
  [ -z "${recorder:-}" ] || kill -TERM "$recorder" 2>/dev/null || true
  rm -f "$raw"
  local ids; ids="$(docker ps -aq --filter "label=$LABEL")"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
trap cleanup EXIT

start_recording() {
  : >"$raw"
  node dist/cli.js --docker --record "$raw" -o ndjson >/dev/null &
  recorder=$!
  local i
  for i in $(seq 1 100); do grep -q '"state":"live"' "$raw" && return 0; sleep 0.1; done
  say "the recorder never went live"; exit 1
}
stop_recording() { kill -TERM "$recorder"; wait "$recorder" || true; recorder=; }

# run NAME COMMAND: a container under 8 MiB (no swap) that exits; waits for the exit and its inspect.
run() {
  docker rm -f "pf-$1" >/dev/null 2>&1 || true
  docker run -d --name "pf-$1" --label "$LABEL=$1" --network none --memory 8m --memory-swap 8m $IMG sh -c "$2"
}
wait_exited() {
  local i
  for i in $(seq 1 150); do
    [ "$(docker inspect -f '{{.State.Status}}' "$1")" = exited ] && { sleep 1; return 0; }
    sleep 0.1
  done
  say "$1 never exited"; exit 1
}

# The records of container ID only, as the feed received them, one line each.
only() {
  jq -c --arg id "$1" '
    if .podlife then . else
    select(.type == "status"
      or (.type == "docker.list")
      or (.type == "docker.inspect" and .data.Id == $id)
      or (.type == "docker.event" and ((.data.Actor.ID // .data.id) == $id)))
    | if .type == "docker.list" then .data |= map(select(.Id == $id)) else . end
    end' "$raw" | sed -e "s#unix://[^\"]*docker\\.sock#unix:///var/run/docker.sock#g"
}

# "oom,inspect:running,die" …: the order the feed saw the container's oom/die/inspects in.
order() {
  only "$1" | jq -r 'select(.type == "docker.event" and (.data.Action == "oom" or .data.Action == "die")) // select(.type == "docker.inspect")
    | if .type == "docker.event" then .data.Action else "inspect:\(.data.State.Status)" end' | paste -sd, -
}

save() { # ID NAME DESCRIPTION
  only "$1" | jq -c --arg d "$3" 'if .podlife then .description = $d else . end' >"$out/$2.ndjson"
  say "$2.ndjson: $(order "$1")"
}

# capture NAME COMMAND EXIT TRIES DESCRIPTION: runs until the engine recorded an OOM kill with
# that exit and the feed got an inspect of the running container between `oom` and `die`.
capture() {
  local try id seen engine
  for try in $(seq 1 "$4"); do
    start_recording
    id="$(run "$1" "$2")"
    wait_exited "$id"
    stop_recording
    seen="$(order "$id")"
    # dockerd 20.10 itself records OOMKilled false when containerd's exit overtakes its OOM report.
    engine="$(docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' "$id")"
    if [ "$engine" = "true $3" ] && [[ "$seen" == *oom*inspect:running*die* ]]; then
      save "$id" "$1" "$5 (try $try, capture-oom-races.sh)"
      return 0
    fi
    say "$1 try $try: the engine recorded OOMKilled/exit $engine; the feed saw $seen"
  done
  say "$1: not captured in $4 tries"
  exit 1
}

capture oom-child-exit-3 '(x=$(head -c 64m /dev/zero | tr "\0" a)); sleep 2; exit 3' 3 5 \
  "a subshell OOM-killed, the container exits 3 two seconds later"
# On an idle machine the inspect after start usually answers before the oom: up to 40 tries.
capture oom-137-race 'x=$(head -c 64m /dev/zero | tr "\0" a); echo survived' 137 40 \
  "OOM-killed (exit 137); an inspect of the running container arrived between oom and die"
