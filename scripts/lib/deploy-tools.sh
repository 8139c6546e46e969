# shellcheck shell=bash
# Sourced: the tools the deployment tests use, from Debian's packages (installed without starting services).
#   ensure_deploy_tools   docker-compose (v1.29, Debian's `docker-compose`), promtool (Debian's `prometheus`),
#                         podman (Debian's 4.3: its Docker-compatible socket for the engine-discovery tests),
#                         python3-aiosmtpd (the real SMTP server of the e-mail notification tests, run by /usr/bin/python3)
#                         and, through ensure_browser, Debian's chromium (the status page tests)
# All are optional for the rest of the suite: a test that needs a missing one skips and says why locally; in CI
# (CI=true) the e-mail and page tests fail instead.

NCD_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${REPO:=$(cd "$NCD_LIB_DIR/../.." && pwd)}"
# docker.sh provides ncd_apt_install_no_start; sourced only when not yet (re-sourcing would reset its state).
if ! declare -F ncd_apt_install_no_start >/dev/null; then
  # shellcheck source-path=SCRIPTDIR source=docker.sh
  . "$NCD_LIB_DIR/docker.sh"
fi

ensure_browser() {
  command -v chromium >/dev/null 2>&1 && return 0
  # Without recommends: the headless browser needs no desktop integration, fonts come as dependencies.
  if ! NCD_APT_INSTALL_OPTS=--no-install-recommends ncd_apt_install_no_start chromium; then
    echo "warning: could not install chromium; the status page tests will skip (and fail in CI)" >&2
  fi
  return 0
}

ensure_deploy_tools() {
  ensure_browser
  local missing=()
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  # The notification tests fail in CI without it (test/integration/notify-receivers.ts).
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  if ! command -v podman >/dev/null 2>&1; then
    # With its recommends (conmon's helpers, the runtime it prefers); its socket unit stays down.
    ncd_apt_install_no_start podman || echo "warning: could not install podman; the Podman tests will skip" >&2
  fi
  [ "${#missing[@]}" -eq 0 ] && return 0
  # The prometheus package would start a Prometheus server: policy-rc.d keeps every service down. Without
  # recommends: promtool needs none of them (node exporter, ipmitool, ... would add some 300 MB).
  if ! NCD_APT_INSTALL_OPTS=--no-install-recommends ncd_apt_install_no_start "${missing[@]}"; then
    echo "warning: could not install ${missing[*]}; the compose / Prometheus rule / e-mail notification tests will skip or fail" >&2
  fi
  return 0
}
