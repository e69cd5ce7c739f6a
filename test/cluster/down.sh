#!/usr/bin/env bash
# Stops everything cluster:up started (by pid file), every node's kubelet and containerd
# included, kills the containers they ran, unmounts what they left under the scratch dir,
# removes the nodes' pod cgroups and the scratch dir. Safe to rerun; does nothing when
# nothing is up.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -d "$CLUSTER_DIR" ]]; then
  log "no cluster at $CLUSTER_DIR; nothing to do"
  exit 0
fi

# Every node this scratch dir has (whatever PODLIFE_NODES says now), node 1 always.
mapfile -t nodes < <({ echo 1; nodes_in_scratch; } | sort -un)
node_daemons() {
  local i
  for i in "${nodes[@]}"; do node_env "$i"; echo "$1$NODE_SUFFIX"; done
}
# The cgroup dir (relative to each controller's mount) a node's pods are under: node 1's
# /kubepods, node N's whole own root.
node_cgroup_dir() {
  node_env "$1"
  if [[ "$NODE_CGROUP_ROOT" == / ]]; then echo kubepods; else echo "${NODE_CGROUP_ROOT#/}"; fi
}

# stop_daemons <name...>: TERM to all at once, KILL whatever outlives 10 s.
stop_daemons() {
  local name pid pids=() alive=() i
  for name in "$@"; do
    if pid=$(daemon_pid "$name"); then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null
      pids+=("$pid")
    fi
    rm -f "$PID_DIR/$name.pid"
  done
  for ((i = 0; i < 100; i++)); do
    alive=()
    for pid in "${pids[@]}"; do [[ -d /proc/$pid ]] && alive+=("$pid"); done
    ((${#alive[@]})) || return 0
    sleep 0.1
  done
  log "killing ${alive[*]} (did not stop on TERM)"
  kill -KILL "${alive[@]}" 2>/dev/null
  sleep 0.2
}

# The kubelets go first, so nothing restarts the containers killed below.
stop_daemons $(node_daemons kubelet) kube-scheduler kube-controller-manager

# Containers (pods' and sandboxes') outlive containerd in their shims: kill
# and delete them through each node's containerd while it still runs.
for i in "${nodes[@]}"; do
  node_env "$i"
  daemon_pid "$NODE_CONTAINERD" >/dev/null || continue
  ctr_() { ctr --address "$NODE_CONTAINERD_SOCK" -n k8s.io "$@"; }
  tasks=$(ctr_ tasks ls -q 2>/dev/null)
  if [[ -n "$tasks" ]]; then
    log "killing $(wc -w <<<"$tasks") containers of node $NODE_NAME"
    for t in $tasks; do ctr_ tasks kill -s SIGKILL "$t" >/dev/null 2>&1; done
    # The CRI plugin deletes some exited tasks itself; delete the rest.
    for ((k = 0; k < 100; k++)); do
      tasks=$(ctr_ tasks ls -q 2>/dev/null)
      [[ -z "$tasks" ]] && break
      for t in $tasks; do ctr_ tasks delete "$t" >/dev/null 2>&1; done
      sleep 0.1
    done
  fi
  for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers rm "$c" >/dev/null 2>&1; done
done
stop_daemons $(node_daemons containerd)

# Any shim still alive belongs to a task containerd could not delete; ours
# are recognised by the containerd socket they were given.
for i in "${nodes[@]}"; do
  node_env "$i"
  for p in /proc/[0-9]*; do
    cmd=$( { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) || continue
    if [[ "$cmd" == *containerd-shim*"$NODE_CONTAINERD_SOCK"* ]]; then
      log "killing leftover shim ${p#/proc/} of node $NODE_NAME"
      kill -KILL "${p#/proc/}" 2>/dev/null
    fi
  done
done

# Containers whose containerd was already gone (killed, not stopped) are
# still running: they sit in their kubelet's pod cgroups, so kill those pids.
for i in "${nodes[@]}"; do
  dir=$(node_cgroup_dir "$i")
  for procs in $(find "/sys/fs/cgroup/pids/$dir" "/sys/fs/cgroup/$dir" -name cgroup.procs 2>/dev/null); do
    for pid in $(<"$procs"); do kill -KILL "$pid" 2>/dev/null && log "killed container process $pid"; done
  done
done

stop_daemons kube-apiserver
stop_daemons etcd

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

# The pods' network: host ends of veths whose namespace is gone already went with it;
# any left over, the host address and the blackhole route (start-node.sh) go now.
for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^plv'); do ip link del "$link" 2>/dev/null; done
ip addr del "$POD_HOST_IP/32" dev lo 2>/dev/null
ip route del blackhole "$POD_CIDR" 2>/dev/null

# The kubelets' (now empty) pod cgroups, and node N's own cgroup root, so the next
# cluster starts clean.
for i in "${nodes[@]}"; do
  dir=$(node_cgroup_dir "$i")
  for ctl in /sys/fs/cgroup/*/"$dir" "/sys/fs/cgroup/$dir"; do
    [[ -d "$ctl" ]] && find "$ctl" -depth -type d -exec rmdir {} + 2>/dev/null
  done
done

# --one-file-system: never follow into a mount that survived the sweep.
rm -rf --one-file-system "$CLUSTER_DIR" || die "could not remove $CLUSTER_DIR (still mounted? see: grep $CLUSTER_DIR /proc/self/mountinfo)"
log "cluster removed"
