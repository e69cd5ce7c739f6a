#!/usr/bin/env bash
# Captures test/fixtures/podman/ from the real Podman service (test/podman/service.sh): the
# Docker-compatible API's inspect results and raw /events NDJSON of the sequences where
# Podman differs from dockerd (stops without `kill` events, `remove` for `destroy`,
# `restart` before the stop, a `health_status` per check), so the unit tests run on what
# Podman really serves. Re-run after a Podman upgrade; the unit tests read the files by name.
#
# Paths under the private service's directory are rewritten to Podman's usual ones so the
# committed files carry nothing of this machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/test/fixtures/podman"
mkdir -p "$out/events"

eval "$(bash "$here/service.sh" up | tail -n 1)"
SOCK="${PODMAN_HOST#unix://}"
DIR="$(dirname "$SOCK")"
IMG=podlife/busybox:latest
LABEL=podlife-fixture

say() { echo "capture: $*" >&2; }
# Podman's own client, through the service (what `podman --remote` users run).
pm() { podman --url "unix://$SOCK" "$@"; }
api() { curl -sS --unix-socket "$SOCK" "$@"; }
cleanup() {
  local ids; ids="$(pm ps -aq --filter "label=$LABEL")"
  [ -z "$ids" ] || pm rm -f -t 0 $ids >/dev/null
}
trap cleanup EXIT
cleanup

now() { date +%s.%N; }
normalize() {
  sed -e "s#$DIR/root#/var/lib/containers/storage#g" -e "s#$DIR/run#/run/containers/storage#g" \
    -e "s#$DIR/tmp#/run/libpod#g" -e "s#$DIR#/var/lib/containers#g"
}
run() { local name="$1"; shift; pm run -d --name "pf-$name" --label "$LABEL=$name" "$@" >/dev/null; }
# inspect through the Docker-compatible API: what podlife reads.
save() { api "http://d/v1.41/containers/pf-$1/json" | jq . | normalize >"$out/$2.json"; say "$2.json: $(jq -c '.State | {Status, ExitCode, Health: .Health.Status}' "$out/$2.json")"; }

# wait_for NAME JQ-TEST [SECONDS]: poll inspect until the jq expression on .State is true.
wait_for() {
  local i
  for i in $(seq 1 $((${3:-15} * 10))); do
    [ "$(api "http://d/v1.41/containers/pf-$1/json" | jq -r ".State | $2")" = true ] && return 0
    sleep 0.1
  done
  say "pf-$1 never reached $2: $(api "http://d/v1.41/containers/pf-$1/json" | jq -c '.State')"; exit 1
}

# events LABEL SINCE > file: the service's own NDJSON (Docker-compatible endpoint), from
# SINCE (whole seconds) to now. Podman 4.3 answers nothing at all when given `until`, so
# stream=false ends the answer instead.
events() {
  api -G "http://d/v1.41/events" --data-urlencode "since=${2%.*}" --data-urlencode "stream=false" \
    --data-urlencode "filters={\"label\":[\"$LABEL=$1\"]}" | normalize
}

forever='sleep 100000 & wait $!'
# request NAME GRACE: when a stop was asked for (ms, this clock), as podlife records its own.
request() { echo "{\"requestedAtMs\": $(date +%s%3N), \"graceSeconds\": $2}" >"$out/events/$1.request.json"; }

say "running: podman's client (StopTimeout 10) and the Docker API (StopTimeout 0)"
run running $IMG sh -c "$forever"
save running running
# What `docker run` / compose / dockerode send: no StopTimeout.
api -H 'Content-Type: application/json' -X POST "http://d/v1.41/containers/create?name=pf-docker-api" \
  -d "{\"Image\":\"$IMG\",\"Cmd\":[\"sh\",\"-c\",\"$forever\"],\"Labels\":{\"$LABEL\":\"docker-api\"},\"HostConfig\":{\"NetworkMode\":\"none\"}}" >/dev/null
api -X POST "http://d/v1.41/containers/pf-docker-api/start" >/dev/null
save docker-api running-docker-api

say "stop of a TERM-ignoring container with grace 2: no kill events; die 137"
run ignore-term $IMG sh -c 'trap "" TERM; while :; do sleep 1; done'
save ignore-term stop-ignore-term.running
t0="$(now)"
request stop-ignore-term 2
pm stop -t 2 pf-ignore-term >/dev/null &
stopper=$!
wait_for ignore-term '.Status == "stopping"' 5
save ignore-term stop-ignore-term.stopping
wait "$stopper"
sleep 0.5
events ignore-term "$t0" >"$out/events/stop-ignore-term.ndjson"
save ignore-term exited-137

say "stop of a container that traps TERM and exits 0 after ~1 s, grace 10"
run trap-term $IMG sh -c 'trap "sleep 1; exit 0" TERM; sleep 100000 & wait $!'
save trap-term stop-trap-term.running
t0="$(now)"
request stop-trap-term 10
pm stop -t 10 pf-trap-term >/dev/null
sleep 0.5
events trap-term "$t0" >"$out/events/stop-trap-term.ndjson"
save trap-term stop-trap-term.exited

say "kill (SIGKILL) and kill -s TERM: a kill event without its signal"
run kill $IMG sh -c "$forever"
run kill-term $IMG sh -c 'trap "exit 5" TERM; while :; do sleep 0.2; done'
save kill kill.running
save kill-term kill-term.running
t0="$(now)"
pm kill pf-kill >/dev/null
pm kill -s TERM pf-kill-term >/dev/null
wait_for kill '.Status == "exited"'
wait_for kill-term '.Status == "exited"'
sleep 0.5
events kill "$t0" >"$out/events/kill.ndjson"
events kill-term "$t0" >"$out/events/kill-term.ndjson"

say "restart of a running container (podman restart -t 1): restart comes first"
run restart $IMG sh -c 'trap "" TERM; while :; do sleep 1; done'
save restart restart.running
t0="$(now)"
request restart 1
pm restart -t 1 pf-restart >/dev/null
sleep 0.5
events restart "$t0" >"$out/events/restart.ndjson"
save restart restart.restarted

say "restart policy on-failure:2 of a container that exits 4"
t0="$(now)"
run on-failure --restart on-failure:2 $IMG sh -c 'sleep 2; exit 4'
save on-failure restart-on-failure.first-run
wait_for on-failure '.Status == "exited"' 20
sleep 0.5
events on-failure "$t0" >"$out/events/restart-on-failure.ndjson"
save on-failure restart-on-failure.exited

say "health: checks run by hand (podman healthcheck run; systemd timers run them otherwise)"
t0="$(now)"
run health --health-cmd 'test -f /tmp/ok' --health-interval 1h --health-retries 2 $IMG sh -c "touch /tmp/ok; $forever"
save health running-health-starting
pm healthcheck run pf-health >/dev/null
pm healthcheck run pf-health >/dev/null
save health running-healthy
pm exec pf-health rm /tmp/ok
pm healthcheck run pf-health >/dev/null || true
pm healthcheck run pf-health >/dev/null || true
save health running-unhealthy
pm healthcheck run pf-health >/dev/null || true
pm exec pf-health touch /tmp/ok
pm healthcheck run pf-health >/dev/null
pm healthcheck run pf-health >/dev/null
save health running-healthy-again
sleep 0.5
events health "$t0" >"$out/events/health.ndjson"

say "remove: Podman says remove where dockerd says destroy"
run remove $IMG sh -c "$forever"
save remove remove.running
t0="$(now)"
pm rm -f -t 0 pf-remove >/dev/null
sleep 0.5
events remove "$t0" >"$out/events/remove.ndjson"

# GET /_ping's headers, by which podlife tells Podman from dockerd (lower-case names, as
# Node gives them; the date and request id left out).
api -s -D - -o /dev/null http://d/_ping | tr -d '\r' | awk -F': ' 'NR > 1 && NF > 1 && $1 !~ /^(Date|X-Reference-Id)$/ { print tolower($1) "\t" $2 }' \
  | jq -R -s 'split("\n") | map(select(. != "") | split("\t") | {(.[0]): .[1]}) | add' >"$out/ping-headers.json"
say "done: $(ls "$out" "$out/events" | tr '\n' ' ')"
