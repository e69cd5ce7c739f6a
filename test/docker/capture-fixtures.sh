#!/usr/bin/env bash
# Captures test/fixtures/docker/ from the real engine (test/docker/engine.sh): `docker inspect`
# results of containers in every state podlife maps, and the raw /events NDJSON of stop
# sequences, so the unit tests run on what dockerd really serves. Re-run after a Docker
# upgrade; the unit tests read the files by name. Takes about a minute.
#
# Paths under the private engine's data/exec roots are rewritten to Docker's usual ones so
# the committed files carry nothing of this machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/test/fixtures/docker"
mkdir -p "$out/events"

eval "$(bash "$here/engine.sh" up | tail -n 1)"
SOCK="${DOCKER_HOST#unix://}"
DIR="$(dirname "$SOCK")"
export DOCKER_CONTEXT=
IMG=podlife/busybox:latest
LABEL=podlife-fixture

say() { echo "capture: $*" >&2; }
cleanup() {
  local ids; ids="$(docker ps -aq --filter "label=$LABEL")"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
trap cleanup EXIT
cleanup

now() { date +%s.%N; }
normalize() { sed -e "s#$DIR/data#/var/lib/docker#g" -e "s#$DIR/exec#/var/run/docker#g"; }
create() { local name="$1"; shift; docker create --name "pf-$name" --label "$LABEL=$name" --network none "$@" >/dev/null; }
run() { local name="$1"; shift; docker run -d --name "pf-$name" --label "$LABEL=$name" --network none "$@" >/dev/null; }
save() { docker inspect "pf-$1" | jq '.[0]' | normalize >"$out/$2.json"; say "$2.json: $(jq -c '.State | {Status, ExitCode, OOMKilled, Health: .Health.Status}' "$out/$2.json")"; }

# wait_for NAME JQ-TEST [SECONDS]: poll inspect until the jq expression on .State is true.
wait_for() {
  local i
  for i in $(seq 1 $((${3:-15} * 10))); do
    [ "$(docker inspect "pf-$1" | jq -r ".[0].State | $2")" = true ] && return 0
    sleep 0.1
  done
  die_msg="pf-$1 never reached $2: $(docker inspect "pf-$1" | jq -c '.[0].State')"
  say "$die_msg"; exit 1
}

# events LABEL SINCE UNTIL > file: the daemon's own NDJSON, byte for byte.
events() {
  curl -sS --unix-socket "$SOCK" -G "http://localhost/v1.41/events" \
    --data-urlencode "since=$2" --data-urlencode "until=$3" \
    --data-urlencode "filters={\"label\":[\"$LABEL=$1\"]}" | normalize
}

forever='sleep 100000 & wait $!'

say "created, running, paused, health"
create created $IMG sh -c "$forever"
save created created
run running $IMG sh -c "$forever"
save running running
# Compose labels (what `docker compose up` sets) and a StopTimeout, as a project's service would have.
run compose --label com.docker.compose.project=shop --label com.docker.compose.service=web \
  --label com.docker.compose.container-number=1 --stop-timeout 30 $IMG sh -c "$forever"
save compose running-compose
run paused $IMG sh -c "$forever"
docker pause pf-paused >/dev/null
save paused paused
t0="$(now)"
run healthy --health-cmd true --health-interval 1s --health-start-period 0s $IMG sh -c "$forever"
wait_for healthy '.Health.Status == "healthy"'
save healthy running-healthy
run unhealthy --health-cmd false --health-interval 1s --health-retries 1 $IMG sh -c "$forever"
wait_for unhealthy '.Health.Status == "unhealthy"'
save unhealthy running-unhealthy
# A full life of one container, for the feed: create start health pause unpause kill die stop destroy.
docker pause pf-healthy >/dev/null; docker unpause pf-healthy >/dev/null
docker stop -t 1 pf-healthy >/dev/null
docker rm pf-healthy >/dev/null
sleep 0.5
events healthy "$t0" "$(now)" >"$out/events/lifecycle.ndjson"

say "a health check that prints a token, and an env value (what a recording must not keep)"
t0="$(now)"
run health-token --env API_TOKEN=env-fixture-token-0123 --health-cmd 'echo token=health-fixture-token-4567' --health-interval 1s $IMG sh -c "$forever"
wait_for health-token '.Health.Status == "healthy" and (.Health.Log | length) >= 2'
save health-token running-health-token
sleep 0.5
events health-token "$t0" "$(now)" >"$out/events/health-token.ndjson"

say "exits"
run exit0 $IMG sh -c 'exit 0'
wait_for exit0 '.Status == "exited"'
save exit0 exited-0
run exit1 $IMG sh -c 'echo failing >&2; exit 1'
wait_for exit1 '.Status == "exited"'
save exit1 exited-1

say "OOM (--memory 8m, a shell that reads 64 MiB into a variable)"
t0="$(now)"
run oom --memory 8m --memory-swap 8m $IMG sh -c 'x=$(head -c 64m /dev/zero | tr "\0" a); echo survived'
wait_for oom '.Status == "exited"'
save oom exited-oomkilled
[ "$(jq -r .State.OOMKilled "$out/exited-oomkilled.json")" = true ] || { say "container was not OOMKilled"; exit 1; }
sleep 0.5
events oom "$t0" "$(now)" >"$out/events/oom.ndjson"

say "restarting (--restart always, exits at once)"
t0="$(now)"
run restarting --restart always $IMG sh -c 'exit 3'
wait_for restarting '.Restarting == true' 20
save restarting restarting
sleep 0.5
events restarting "$t0" "$(now)" >"$out/events/restarting.ndjson"

say "stop of a TERM-ignoring container with grace 2 (kill 15 → kill 9 → die 137 → stop)"
run ignore-term $IMG sh -c 'trap "" TERM; while :; do sleep 1; done'
save ignore-term stop-ignore-term.running
t0="$(now)"
docker stop -t 2 pf-ignore-term >/dev/null
sleep 0.5
events ignore-term "$t0" "$(now)" >"$out/events/stop-ignore-term.ndjson"
save ignore-term exited-137

say "stop of a container that traps TERM and exits 0 after ~3 s, grace 10"
run trap-term $IMG sh -c 'trap "sleep 3; exit 0" TERM; sleep 100000 & wait $!'
save trap-term stop-trap-term.running
t0="$(now)"
docker stop -t 10 pf-trap-term >/dev/null
sleep 0.5
events trap-term "$t0" "$(now)" >"$out/events/stop-trap-term.ndjson"
save trap-term stop-trap-term.exited

say "stop of a container whose StopSignal is SIGQUIT (nginx's): kill 3 → die 3 → stop, grace 10"
run stop-quit --stop-signal SIGQUIT $IMG sh -c 'trap "exit 3" QUIT; while :; do sleep 0.2; done'
save stop-quit stop-quit.running
t0="$(now)"
docker stop -t 10 pf-stop-quit >/dev/null
sleep 0.5
events stop-quit "$t0" "$(now)" >"$out/events/stop-quit.ndjson"

say "exit 143: TERM reaches a process without a handler (docker-init forwards it)"
run term143 --init $IMG sh -c 'while :; do sleep 1; done'
docker stop -t 10 pf-term143 >/dev/null
save term143 exited-143

# GET /_ping's headers, by which podlife tells dockerd from Podman (lower-case names, as
# Node gives them; the date left out).
curl -sS --unix-socket "$SOCK" -D - -o /dev/null http://localhost/_ping | tr -d '\r' | awk -F': ' 'NR > 1 && NF > 1 && $1 != "Date" { print tolower($1) "\t" $2 }' \
  | jq -R -s 'split("\n") | map(select(. != "") | split("\t") | {(.[0]): .[1]}) | add' >"$out/ping-headers.json"

say "done: $(ls "$out" "$out/events" | tr '\n' ' ')"
