#!/usr/bin/env bash
# A single-node Slurm on this machine for CI: .ci/slurm.sh start | stop | status
#   start: installs slurm-wlm and munge if missing (Debian packages), starts munged, slurmctld and slurmd on localhost
#          unless they already run, and records the pids of what it started in $LINREPRO_SLURM_STATE (default
#          /tmp/linrepro-slurm). Waits until the node is idle.
#   stop:  kills, by pid, only the daemons that start started; leaves anything else alone.
# Needs root (it writes /etc/slurm/slurm.conf and the munge key when absent). Facts: ../shared/slurm/README.md.
set -euo pipefail
state="${LINREPRO_SLURM_STATE:-/tmp/linrepro-slurm}"
conf=/etc/slurm/slurm.conf
marker="# written by linrepro .ci/slurm.sh"

log() { echo "slurm.sh: $*" >&2; }

install_if_missing() {
  local need=()
  command -v slurmctld >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 || need+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || need+=(munge)
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
  fi
}

started() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# The pid of the newest process whose executable is exactly $1 (after a daemon forked), or nothing.
pid_of() { pgrep -n -x "$1" || true; }

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    log "munged already answers; using it"
    return
  fi
  if [[ ! -s /etc/munge/munge.key ]]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  rm -f /run/munge/munged.pid
  munged --force 2>/dev/null || munged --force
  for _ in $(seq 50); do
    local p=""; [[ -s /run/munge/munged.pid ]] && p="$(cat /run/munge/munged.pid)"
    if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && munge -n | unmunge >/dev/null 2>&1; then
      echo "$p" >"$state/munged.pid"; log "munged started (pid $p)"; return
    fi
    sleep 0.1
  done
  log "munged did not start"; exit 1
}

write_conf() {
  if [[ -f "$conf" ]] && ! grep -qF "$marker" "$conf"; then
    log "keeping the existing $conf"
    return
  fi
  local h cpus mem
  h="$(hostname)"
  cpus="$(nproc)"
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  cat >"$conf" <<CONF
$marker
ClusterName=local
SlurmctldHost=$h
SlurmUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$h CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=$h Default=YES MaxTime=INFINITE State=UP
CONF
}

start_daemon() { # name pidfile [args]
  local name="$1" pidfile="$2"; shift 2
  if [[ -n "$(pid_of "$name")" ]]; then
    log "$name already runs (pid $(pid_of "$name")); using it"
    return
  fi
  rm -f "$pidfile"
  "$name" "$@"
  # The daemon forks: its own pid file names the process that stays (the first pid seen may be the parent that exits).
  for _ in $(seq 100); do
    local p=""
    [[ -s "$pidfile" ]] && p="$(cat "$pidfile")"
    if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == "$name" ]]; then
      echo "$p" >"$state/$name.pid"; log "$name started (pid $p)"; return
    fi
    sleep 0.1
  done
  log "$name did not start; see /var/log/slurm/$name.log"; exit 1
}

wait_idle() {
  local start; start=$(date +%s)
  while (( $(date +%s) - start < 60 )); do
    if timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      log "node $(sinfo -h -o '%N %T %c CPUs')"; return
    fi
    sleep 1
  done
  log "node not idle after 60 s:"; timeout 5 sinfo >&2 || true; exit 1
}

conf_value() { # key default: a value of slurm.conf (ours sets the pid files), else Slurm's default
  local v; v="$(sed -n "s/^$1=//p" "$conf" 2>/dev/null | tail -1)"
  echo "${v:-$2}"
}

stop() {
  local name p
  for name in slurmd slurmctld munged; do
    [[ -f "$state/$name.pid" ]] || continue
    p="$(cat "$state/$name.pid")"
    if kill -0 "$p" 2>/dev/null; then
      kill "$p"
      for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$p" 2>/dev/null && kill -9 "$p"
      log "stopped $name (pid $p)"
    fi
    rm -f "$state/$name.pid"
  done
}

case "${1:-}" in
  start)
    mkdir -p "$state"
    install_if_missing
    start_munge
    write_conf
    # -c: a clean start, so jobs left in the spool by an earlier, killed run cannot hold the node
    start_daemon slurmctld "$(conf_value SlurmctldPidFile /run/slurmctld.pid)" -c
    start_daemon slurmd "$(conf_value SlurmdPidFile /run/slurmd.pid)"
    wait_idle
    ;;
  stop) stop ;;
  status) sinfo; squeue ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
