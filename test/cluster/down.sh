#!/usr/bin/env bash
# Stops everything cluster:up started (by pid file), kills the containers it
# ran, unmounts what the kubelet and containerd left under the scratch dir and
# removes the scratch dir. Safe to rerun; does nothing when nothing is up.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -d "$CLUSTER_DIR" ]]; then
  log "no cluster at $CLUSTER_DIR; nothing to do"
  exit 0
fi

# stop_daemon <name>: TERM, then KILL after a grace period.
stop_daemon() {
  local name=$1 pid i
  pid=$(daemon_pid "$name") || { rm -f "$PID_DIR/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
  [[ -d /proc/$pid ]] && kill -KILL "$pid" 2>/dev/null && sleep 0.2
  rm -f "$PID_DIR/$name.pid"
}

# The kubelet first, so nothing restarts the containers killed below.
stop_daemon kubelet
stop_daemon kube-scheduler
stop_daemon kube-controller-manager

# Containers (pods' and sandboxes') outlive containerd in their shims: kill
# and delete them through containerd while it still runs.
if daemon_pid containerd >/dev/null; then
  ctr_() { ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }
  tasks=$(ctr_ tasks ls -q 2>/dev/null)
  if [[ -n "$tasks" ]]; then
    log "killing $(wc -w <<<"$tasks") containers"
    for t in $tasks; do ctr_ tasks kill -s SIGKILL "$t" >/dev/null 2>&1; done
    for t in $tasks; do
      for ((i = 0; i < 50; i++)); do ctr_ tasks delete "$t" >/dev/null 2>&1 && break; sleep 0.1; done
    done
  fi
  for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers rm "$c" >/dev/null 2>&1; done
fi
stop_daemon containerd

# Any shim still alive belongs to a task containerd could not delete; ours
# are recognised by the containerd socket they were given.
for p in /proc/[0-9]*; do
  cmd=$( { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) || continue
  if [[ "$cmd" == *containerd-shim*"$CONTAINERD_SOCK"* ]]; then
    log "killing leftover shim ${p#/proc/}"
    kill -KILL "${p#/proc/}" 2>/dev/null
  fi
done

stop_daemon kube-apiserver
stop_daemon etcd

# Unmount what was left under the scratch dir, deepest first (octal-escaped
# spaces in mountinfo are not expected under our paths).
unmount_all() {
  awk -v d="$CLUSTER_DIR/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r | uniq
}
for ((round = 0; round < 3; round++)); do
  mounts=$(unmount_all)
  [[ -z "$mounts" ]] && break
  while read -r m; do umount "$m" 2>/dev/null || ((round < 2)) || umount -l "$m"; done <<<"$mounts"
done
[[ -z "$(unmount_all)" ]] || log "WARNING: still mounted: $(unmount_all | tr '\n' ' ')"

# The kubelet's (now empty) pod cgroups, so the next cluster starts clean.
for ctl in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
  [[ -d "$ctl" ]] && find "$ctl" -depth -type d -exec rmdir {} + 2>/dev/null
done

# --one-file-system: never follow into a mount that survived the sweep.
rm -rf --one-file-system "$CLUSTER_DIR" || die "could not remove $CLUSTER_DIR (still mounted? see: grep $CLUSTER_DIR /proc/self/mountinfo)"
log "cluster removed"
