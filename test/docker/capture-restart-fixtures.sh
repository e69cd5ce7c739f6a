#!/usr/bin/env bash
# Captures, from the real engine (test/docker/engine.sh), the fixtures of containers that run
# again after a stop and of a health check that turns unhealthy: `docker inspect` results at
# known moments and the raw /events NDJSON, for test/unit/docker-last-stop.test.ts and
# test/unit/docker-health.test.ts. Takes about half a minute; re-run after a Docker upgrade.
#
#   restart-on-failure   --restart on-failure:3, each run exits 3 after 1 s: inspected in
#                        its first run, in its second (after the policy's first restart),
#                        and once the policy gave up (exited, RestartCount 3).
#   stop-start           TERM ignored: `docker stop -t 2` (KILL after 2 s), `docker start`,
#                        then `docker restart -t 2`; inspected between each.
#   unhealthy            --health-cmd 'exit 1' --health-interval 1s --health-retries 2:
#                        inspected when it turns unhealthy and once its log no longer holds
#                        the check that turned it (Docker keeps the last 5 checks).
#
# Paths under the private engine's data/exec roots are rewritten to Docker's usual ones.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/test/fixtures/docker"
mkdir -p "$out/events"

eval "$(bash "$here/engine.sh" up | tail -n 1)"
SOCK="${DOCKER_HOST#unix://}"
DIR="$(dirname "$SOCK")"
export DOCKER_CONTEXT=
IMG=podlife/busybox:latest
LABEL=podlife-fixture-restart

say() { echo "capture: $*" >&2; }
cleanup() {
  local ids; ids="$(docker ps -aq --filter "label=$LABEL")"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
trap cleanup EXIT
cleanup

now() { date +%s.%N; }
normalize() { sed -e "s#$DIR/data#/var/lib/docker#g" -e "s#$DIR/exec#/var/run/docker#g"; }
run() { local name="$1"; shift; docker run -d --name "pf-$name" --label "$LABEL=$name" --network none "$@" >/dev/null; }
save() { docker inspect "pf-$1" | jq '.[0]' | normalize >"$out/$2.json"; say "$2.json: $(jq -c '{RestartCount} + (.State | {Status, ExitCode, StartedAt, FinishedAt, Health: .Health.Status, FailingStreak: .Health.FailingStreak})' "$out/$2.json")"; }

# wait_for NAME JQ-TEST [SECONDS]: poll inspect until the jq expression on the inspect is true.
wait_for() {
  local i
  for i in $(seq 1 $((${3:-20} * 20))); do
    [ "$(docker inspect "pf-$1" | jq -r ".[0] | $2")" = true ] && return 0
    sleep 0.05
  done
  say "pf-$1 never reached $2: $(docker inspect "pf-$1" | jq -c '.[0] | {RestartCount, State}')"; exit 1
}

# events LABEL SINCE UNTIL > file: the daemon's own NDJSON, byte for byte.
events() {
  curl -sS --unix-socket "$SOCK" -G "http://localhost/v1.41/events" \
    --data-urlencode "since=$2" --data-urlencode "until=$3" \
    --data-urlencode "filters={\"label\":[\"$LABEL=$1\"]}" | normalize
}

say "restart policy on-failure:3, exit 3 after 1 s"
t0="$(now)"
run on-failure --restart on-failure:3 $IMG sh -c 'sleep 1; exit 3'
save on-failure restart-on-failure.first-run
wait_for on-failure '.RestartCount == 1 and .State.Status == "running"'
save on-failure restart-on-failure.second-run
wait_for on-failure '.RestartCount == 3 and .State.Status == "exited"' 30
save on-failure restart-on-failure.exited
sleep 0.5
events on-failure "$t0" "$(now)" >"$out/events/restart-on-failure.ndjson"

say "docker stop -t 2 of a TERM-ignoring container, docker start, docker restart -t 2"
t0="$(now)"
run stop-start $IMG sh -c 'trap "" TERM; while :; do sleep 0.2; done'
save stop-start stop-start.running
docker stop -t 2 pf-stop-start >/dev/null
save stop-start stop-start.stopped
docker start pf-stop-start >/dev/null
save stop-start stop-start.started
docker restart -t 2 pf-stop-start >/dev/null
save stop-start stop-start.restarted
sleep 0.5
events stop-start "$t0" "$(now)" >"$out/events/stop-start.ndjson"

say "health check exit 1, interval 1 s, retries 2"
t0="$(now)"
run unhealthy --health-cmd 'exit 1' --health-interval 1s --health-retries 2 $IMG sh -c 'while :; do sleep 0.2; done'
wait_for unhealthy '.State.Health.Status == "unhealthy"'
save unhealthy unhealthy.turned
wait_for unhealthy '.State.Health.FailingStreak >= 7' 30
save unhealthy unhealthy.long
sleep 0.5
events unhealthy "$t0" "$(now)" >"$out/events/unhealthy.ndjson"

say "done"
