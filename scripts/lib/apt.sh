# shellcheck shell=bash
# Sourced helper: install Debian packages that are missing, running `apt-get update` at most once per
# process. Needs root (CI runs as root); elsewhere it uses `sudo -n` when that works.

NCD_APT_UPDATED="${NCD_APT_UPDATED:-0}"

ncd_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    echo "error: '$*' needs root (run as root, or give this user password-less sudo)" >&2
    return 1
  fi
}

# apt_install PKG...: installs those of PKG that are not installed yet; quiet when nothing is missing.
apt_install() {
  local pkg missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "provision: installing ${missing[*]} from Debian's packages" >&2
  if [ "$NCD_APT_UPDATED" != 1 ]; then
    ncd_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    export NCD_APT_UPDATED=1 # child scripts (scripts/testbed) skip the update too
  fi
  # NCD_APT_INSTALL_OPTS: extra apt-get options for this call, e.g. --no-install-recommends.
  # shellcheck disable=SC2086 # word splitting of the options is intended
  ncd_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${NCD_APT_INSTALL_OPTS:-} "${missing[@]}" >&2
}
