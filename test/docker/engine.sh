#!/usr/bin/env bash
# A private Docker engine for podlife's integration tests and fixture captures.
#
#   engine.sh up     install docker.io + busybox-static if missing, start dockerd (if not
#                    already answering) and build the podlife/busybox image; the last line
#                    on stdout is `export DOCKER_HOST=unix://…/docker.sock`.
#   engine.sh down   stop that dockerd by its pid and unmount what it left behind.
#   engine.sh status exit 0 when the engine answers.
#
# Everything lives under ${PODLIFE_DOCKER_DIR:-/tmp/podlife-docker}, so it never touches a
# system Docker. No registry is reachable here, so the only image is made with
# `docker import` from the host's static busybox. The daemon gets no bridge and no
# iptables rules: containers must run with `--network none`.
set -euo pipefail

DIR="${PODLIFE_DOCKER_DIR:-/tmp/podlife-docker}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
IMAGE="podlife/busybox:latest"

say() { echo "engine.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# The client talks only to our socket, whatever DOCKER_HOST / contexts the caller has.
dk() { DOCKER_HOST="unix://$SOCK" DOCKER_CONTEXT= docker "$@"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "needs root for: $* (run as root or install sudo)"; fi
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (apt-get) …"
  # policy-rc.d / no systemd: the package's own service does not start, which is what we want.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
    || { as_root apt-get update -qq >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; } \
    || die "could not install ${missing[*]} with apt-get"
}

daemon_pid() { [ -f "$PIDFILE" ] && cat "$PIDFILE" 2>/dev/null || true; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
answers() { dk version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_daemon() {
  mkdir -p "$DIR/data" "$DIR/exec"
  local pid; pid="$(daemon_pid)"
  if pid_alive "$pid" && answers; then say "dockerd already running (pid $pid)"; return 0; fi
  if pid_alive "$pid"; then
    say "dockerd pid $pid does not answer; waiting for it"
  else
    rm -f "$PIDFILE" "$SOCK"
    # An empty config file keeps /etc/docker/daemon.json (a system engine's settings) out.
    echo '{}' >"$DIR/daemon.json"
    local flags=(
      --host "unix://$SOCK" --data-root "$DIR/data" --exec-root "$DIR/exec"
      --pidfile "$PIDFILE" --config-file "$DIR/daemon.json"
      --bridge=none --iptables=false --ip-forward=false --ip-masq=false
      --userland-proxy=false --log-level=warn
    )
    dockerd --help 2>&1 | grep -q -- '--ip6tables' && flags+=(--ip6tables=false)
    say "starting dockerd (log: $LOG)"
    # setsid + nohup: the daemon outlives the shell or test run that started it.
    as_root setsid nohup dockerd "${flags[@]}" >"$LOG" 2>&1 </dev/null &
  fi
  local i
  for i in $(seq 1 150); do
    answers && { say "dockerd answers on $SOCK"; return 0; }
    sleep 0.2
  done
  tail -20 "$LOG" >&2 || true
  die "dockerd did not answer on $SOCK within 30 s (log above: $LOG)"
}

ensure_image() {
  dk image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  local bb; bb="$(command -v busybox || echo /bin/busybox)"
  [ -x "$bb" ] || die "busybox not found (apt-get install busybox-static)"
  local root="$DIR/rootfs"
  rm -rf "$root"; mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  cp "$bb" "$root/bin/busybox"
  local applet
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  say "importing $IMAGE from $bb"
  tar -C "$root" -c . | dk import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$root"
}

unmount_leftovers() {
  # Deepest first; overlay and shm mounts under data-root / exec-root outlive a killed daemon.
  local m
  # Only $DIR itself and paths below it: /tmp/podlife-docker-x is another engine's.
  for m in $(awk -v d="$DIR" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    as_root umount -l "$m" 2>/dev/null || true
  done
}

stop_daemon() {
  local pid; pid="$(daemon_pid)"
  if pid_alive "$pid"; then
    say "stopping dockerd (pid $pid)"
    as_root kill -TERM "$pid" || true
    local i
    # dockerd stops running containers first (each up to its StopTimeout).
    for i in $(seq 1 150); do pid_alive "$pid" || break; sleep 0.2; done
    if pid_alive "$pid"; then say "dockerd $pid still running after 30 s; KILL"; as_root kill -KILL "$pid" || true; sleep 0.5; fi
  else
    say "dockerd is not running"
  fi
  # Its managed containerd normally exits with it; stop one left behind (by its pidfile).
  local cpid; cpid="$(cat "$DIR/exec/containerd/containerd.pid" 2>/dev/null || true)"
  if pid_alive "$cpid"; then as_root kill -TERM "$cpid" || true; sleep 0.5; fi
  unmount_leftovers
  rm -f "$PIDFILE" "$SOCK"
}

case "${1:-up}" in
  up)
    ensure_packages
    start_daemon
    ensure_image
    echo "export DOCKER_HOST=unix://$SOCK"
    ;;
  down) stop_daemon ;;
  status) answers && say "dockerd answers on $SOCK" || { say "no engine on $SOCK"; exit 1; } ;;
  *) die "usage: engine.sh up|down|status (dir: \$PODLIFE_DOCKER_DIR, now $DIR)" ;;
esac
