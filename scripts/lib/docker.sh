# shellcheck shell=bash
# Sourced: Docker Engine provisioning for the test bed and CI.
#   ensure_docker_engine           the engine answers afterwards; installs docker.io + debootstrap with apt
#                                  and starts dockerd in the background when needed (log:
#                                  $REPO/.cache/dockerd.log, pidfile $REPO/.cache/dockerd.pid)
#   stop_docker_engine_if_started  stops only a dockerd that ensure_docker_engine started (SIGTERM, wait)
# Callers set the trap, e.g.  trap stop_docker_engine_if_started EXIT

NCD_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${REPO:=$(cd "$NCD_LIB_DIR/../.." && pwd)}"
# shellcheck source-path=SCRIPTDIR source=apt.sh
. "$NCD_LIB_DIR/apt.sh"

NCD_DOCKERD_STARTED=0
NCD_DOCKERD_PID=""
NCD_DOCKERD_WAIT_S=60

docker_engine_answers() {
  command -v docker >/dev/null 2>&1 &&
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Installs packages without letting their maintainer scripts start services: we start dockerd
# ourselves, so that we know whether we started it and can stop it again.
ncd_apt_install_no_start() {
  local policy=/usr/sbin/policy-rc.d created=0 rc=0
  if [ ! -e "$policy" ]; then
    ncd_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 0755 $policy" && created=1
  fi
  apt_install "$@" || rc=$?
  if [ "$created" = 1 ]; then ncd_as_root rm -f "$policy"; fi
  return "$rc"
}

ensure_docker_engine() {
  if docker_engine_answers; then
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    ncd_apt_install_no_start docker.io debootstrap
  fi
  mkdir -p "$REPO/.cache"
  local log="$REPO/.cache/dockerd.log" pidfile="$REPO/.cache/dockerd.pid"
  if pgrep -x dockerd >/dev/null 2>&1; then
    # Someone else's engine is starting (or hung): wait for it, never start a second one.
    echo "provision: a dockerd is already running; waiting for it to answer" >&2
  else
    echo "provision: starting dockerd (log: .cache/dockerd.log)" >&2
    rm -f "$pidfile" # no dockerd runs, so any pidfile is stale (dockerd refuses to start over a live pid)
    # Runs in the background until stop_docker_engine_if_started; the real pid is read from the pidfile.
    if [ "$(id -u)" -eq 0 ]; then
      dockerd --pidfile "$pidfile" >>"$log" 2>&1 &
    else
      # shellcheck disable=SC2024 # the log is ours (the repo user writes it), only dockerd needs root
      sudo -n dockerd --pidfile "$pidfile" >>"$log" 2>&1 &
    fi
    NCD_DOCKERD_PID=$!
    NCD_DOCKERD_STARTED=1
  fi
  local deadline=$((SECONDS + NCD_DOCKERD_WAIT_S))
  until docker_engine_answers; do
    if [ "$NCD_DOCKERD_STARTED" = 1 ] && ! kill -0 "$NCD_DOCKERD_PID" 2>/dev/null; then
      echo "error: dockerd exited during start-up; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      NCD_DOCKERD_STARTED=0
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: the Docker Engine did not answer within ${NCD_DOCKERD_WAIT_S}s; see $log" >&2
      [ -f "$log" ] && tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  if [ "$NCD_DOCKERD_STARTED" = 1 ] && [ -s "$pidfile" ]; then
    NCD_DOCKERD_PID="$(cat "$pidfile")"
  fi
  echo "provision: Docker Engine $(docker version --format '{{.Server.Version}}') is up" >&2
}

stop_docker_engine_if_started() {
  [ "$NCD_DOCKERD_STARTED" = 1 ] || return 0
  NCD_DOCKERD_STARTED=0
  local pid="$NCD_DOCKERD_PID" i
  [ -n "$pid" ] || return 0
  echo "provision: stopping the dockerd this script started (pid $pid)" >&2
  ncd_as_root kill -TERM "$pid" 2>/dev/null || return 0
  # dockerd stops its containers first (10 s grace each, in parallel): allow 45 s.
  for ((i = 0; i < 90; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  echo "warning: dockerd (pid $pid) still running 45 s after SIGTERM; leaving it" >&2
}
