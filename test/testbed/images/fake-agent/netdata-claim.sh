#!/usr/bin/env bash
# FAKE /usr/sbin/netdata-claim.sh of the ncd-test/fake-agent:v1 image. It contacts nothing: it replays what the
# real v1.47.5 claim script printed and left on disk in each recorded outcome (observed-v1.47.5.md; fixtures
# test/testbed/fake-agent/answers/recorded/v1.47.5/*/run-log.txt), chosen by the fake agent's test-only state:
#   FAKE_AGENT_STATE (or the first step of FAKE_AGENT_SCRIPT)
#     claim-failed[@token]        exit 12 "token expired/token not found/invalid token"; keys stay root:root
#     claim-failed@already-claimed exit 13, cloud.conf written, no claimed_id, the "different credentials" hint
#     claim-failed@network        exit 7 after 3 x "Failed to connect to <url>, return code 7" (sleeps 1+2+3 s)
#     anything else               exit 0: claimed_id (= machine GUID, no newline) + cloud.conf, cloud.d chowned
# Like the real script it takes the machine GUID from registry/netdata.public.unique.id (creating it when
# missing), generates the RSA key pair with openssl on first use, and never prints or stores the token.
# FAKE_CLAIM_NO_SLEEP=1 skips the retry sleeps of the network failure (test speed only).

CLAIMING_DIR="/var/lib/netdata/cloud.d"
MACHINE_GUID_FILE="/var/lib/netdata/registry/netdata.public.unique.id"
NETDATA_USER="netdata"
URL_BASE="https://app.netdata.cloud"
ROOMS=""
PROXY=""
ID=""
STATE="${FAKE_AGENT_SCRIPT:-${FAKE_AGENT_STATE:-online}}"
STATE="${STATE%%,*}"
STATE="${STATE%%:*}"
case "$STATE" in
  claim-failed@network) OUTCOME=unreachable ;;
  claim-failed@already-claimed) OUTCOME=409 ;;
  claim-failed@token) OUTCOME=403 ;;
  claim-failed)
    case "${FAKE_AGENT_REASON:-token}" in
      network) OUTCOME=unreachable ;;
      already-claimed) OUTCOME=409 ;;
      *) OUTCOME=403 ;;
    esac ;;
  *) OUTCOME=success ;;
esac
[ -z "$HOSTNAME" ] && HOSTNAME=$(hostname)

# The real script asks the (not yet running) daemon twice, each time in a subshell.
echo >&2 "Unable to communicate with Netdata daemon, querying config from disk instead."
echo >&2 "Unable to communicate with Netdata daemon, querying config from disk instead."

if [ -r "${MACHINE_GUID_FILE}" ]; then
  ID="$(cat "${MACHINE_GUID_FILE}")"
elif [ -f "${MACHINE_GUID_FILE}" ]; then
  echo >&2 "netdata.public.unique.id is not readable. Please make sure you have rights to read it (Filename: ${MACHINE_GUID_FILE})."
  exit 18
elif mkdir -p "${MACHINE_GUID_FILE%/*}" && /bin/echo -n "$(cat /proc/sys/kernel/random/uuid)" > "${MACHINE_GUID_FILE}"; then
  chown -R "${NETDATA_USER}:${NETDATA_USER}" "${MACHINE_GUID_FILE%/*}" 2>/dev/null || true
  ID="$(cat "${MACHINE_GUID_FILE}")"
else
  echo >&2 "Failed to write new machine GUID. Please make sure you have rights to write to ${MACHINE_GUID_FILE}."
  exit 18
fi

for arg in "$@"; do
  case $arg in
    -token=*) : ;; # accepted and ignored: a token is never printed nor stored
    -url=*) [ -n "${arg:5}" ] && URL_BASE=${arg:5} ;;
    -id=*) ID=$(echo "${arg:4}" | tr '[:upper:]' '[:lower:]') ;;
    -rooms=*) ROOMS=${arg:7} ;;
    -hostname=*) HOSTNAME=${arg:10} ;;
    -proxy=*) PROXY=${arg:7} ;;
    -user=*) NETDATA_USER=${arg:6} ;;
    -verbose | -insecure | -noproxy | -noreload | -daemon-not-running) : ;;
    *) echo >&2 "Unknown argument ${arg}"
       exit 1 ;;
  esac
done

echo >&2 "Token: ****************"
echo >&2 "Base URL: $URL_BASE"
echo >&2 "Id: $ID"
echo >&2 "Rooms: $ROOMS"
echo >&2 "Hostname: $HOSTNAME"
echo >&2 "Proxy: $PROXY"
echo >&2 "Netdata user: $NETDATA_USER"

if [ ! -d "${CLAIMING_DIR}" ]; then
  if ! { mkdir -p "${CLAIMING_DIR}" && chmod 0770 "${CLAIMING_DIR}"; }; then
    echo >&2 "Failed to create claiming working directory ${CLAIMING_DIR}"
    exit 2
  fi
fi
if [ ! -w "${CLAIMING_DIR}" ]; then
  echo >&2 "No write permission in claiming working directory ${CLAIMING_DIR}"
  exit 2
fi
if [ ! -f "${CLAIMING_DIR}/private.pem" ]; then
  echo >&2 "Generating private/public key for the first time."
  if ! openssl genrsa -out "${CLAIMING_DIR}/private.pem" 2048; then
    echo >&2 "Failed to generate private/public key pair."
    exit 2
  fi
fi
if [ ! -f "${CLAIMING_DIR}/public.pem" ]; then
  echo >&2 "Extracting public key from private key."
  if ! openssl rsa -in "${CLAIMING_DIR}/private.pem" -outform PEM -pubout -out "${CLAIMING_DIR}/public.pem"; then
    echo >&2 "Failed to extract public key."
    exit 2
  fi
fi

write_cloud_conf() {
  rm -f "${CLAIMING_DIR}/token"
  # v1.46+: the proxy line is always there, empty without a proxy (the recorded cloud.conf is 70 bytes).
  cat > "${CLAIMING_DIR}/cloud.conf" <<HERE_DOC
[global]
  enabled = yes
  cloud base url = $URL_BASE
${PROXY:+  proxy = $PROXY}
HERE_DOC
  chown -R "${NETDATA_USER}:${NETDATA_USER}" "${CLAIMING_DIR}"
  # netdatacli write-config fails: the daemon is not running yet.
  echo >&2 "uv_pipe_connect(): no such file or directory"
  echo >&2 "Make sure the netdata service is running."
}

case "${OUTCOME}" in
  success)
    echo "Connection attempt 1 successful"
    echo -n "${ID}" > "${CLAIMING_DIR}/claimed_id"
    write_cloud_conf
    echo >&2 "The claim was successful but the agent could not be notified (0)- it requires a restart to connect to the cloud."
    exit 0
    ;;
  403)
    echo "Connection attempt 1 successful"
    echo >&2 "Failed to claim node with the following error message:\"token expired/token not found/invalid token\""
    exit 12
    ;;
  409)
    echo "Connection attempt 1 successful"
    write_cloud_conf
    echo >&2 "The cloud may have different credentials already registered for this agent ID and it cannot be reclaimed under different credentials for security reasons. If you are unable to connect use -id=\$(uuidgen) to overwrite this agent ID with a fresh value if the original credentials cannot be restored."
    echo >&2 "Failed to claim node with the following error message:\"already claimed\""
    exit 13
    ;;
  unreachable)
    for i in 1 2 3; do
      echo >&2 "Failed to connect to ${URL_BASE}, return code 7"
      echo "Connection attempt $i failed. Retry in ${i}s."
      [ "${FAKE_CLAIM_NO_SLEEP:-0}" = 1 ] || sleep "$i"
    done
    echo >&2 "grep: ${CLAIMING_DIR}/tmpout.txt: No such file or directory"
    echo >&2 "grep: ${CLAIMING_DIR}/tmpout.txt: No such file or directory"
    echo >&2 "Failed to claim node with the following error message:\"Unknown HTTP error message\""
    exit 7
    ;;
esac
