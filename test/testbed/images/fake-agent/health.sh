#!/bin/sh
# Copy of the official image's packaging/docker/health.sh (v1.44+, unchanged through v2): curl without -f, so
# any HTTP answer (even 503 while the agent initialises) counts as healthy.

if [ -z "${NETDATA_HEALTHCHECK_TARGET}" ] ; then
    # If users didn't request something else, query `/api/v1/info`.
    PORT=${NETDATA_LISTENER_PORT:-19999}
    NETDATA_HEALTHCHECK_TARGET="http://localhost:${PORT}/api/v1/info"
fi

case "${NETDATA_HEALTHCHECK_TARGET}" in
    cli)
        netdatacli ping || exit 1
        ;;
    *)
        curl -sSL "${NETDATA_HEALTHCHECK_TARGET}" || exit 1
        ;;
esac
