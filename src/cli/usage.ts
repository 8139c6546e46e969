export const USAGE = `Usage: netdata-cloud-doctor [command] [options]

Tells whether each Netdata Agent container is claimed and connected to Netdata Cloud, and why not.

Commands:
  serve                     the sidecar: watch agents, serve /health and /metrics, log JSON (default)
  check [TARGET...]         diagnose once and exit (0 ok/warn, 1 fail, 2 usage, 3 nothing diagnosable)
  healthcheck [--url URL]   for Docker HEALTHCHECK: ask the running serve (exit 0 healthy, 1 not)
  notify-test               send one test notification to every DOCTOR_NOTIFY target (0 all accepted, 1 not)

Options (each also an environment variable):
  --targets LIST            DOCTOR_TARGETS        container names, IDs or compose services (default: auto)
  --listen HOST:PORT        DOCTOR_LISTEN         HTTP address of serve (default 0.0.0.0:19998)
  --interval DURATION       DOCTOR_INTERVAL       full re-diagnosis period (default 30s)
  --start-period DURATION   DOCTOR_START_PERIOD   grace after an agent (re)starts (default 60s)
  --probe-interval DURATION DOCTOR_PROBE_INTERVAL minimum time between network probes (default 5m)
  --cloud-url URL           DOCTOR_CLOUD_URL      where reachability is probed
  --agent-url URL           DOCTOR_AGENT_URL      agent API base URL
  --exec auto|never         DOCTOR_EXEC           use docker exec where permitted (default auto)
  --docker-host URL         DOCKER_HOST           engine address (default: discovered)
  --docker-context NAME     DOCKER_CONTEXT
  --docker-tls-verify 0|1   DOCKER_TLS_VERIFY
  --docker-cert-path DIR    DOCKER_CERT_PATH
  --notify LIST             DOCTOR_NOTIFY         notification targets (docs/notifications.md; default: off)
  --notify-after DURATION   DOCTOR_NOTIFY_AFTER   how long a node fails before it is notified (default 2m)
  --public-url URL          DOCTOR_PUBLIC_URL     the status page's address, linked from notifications
  --log-level LEVEL         LOG_LEVEL             fatal|error|warn|info|debug|trace|silent (default info)
  --log-format FORMAT       LOG_FORMAT            json|pretty (default json)
  --state-dir DIR           DOCTOR_STATE_DIR      serve: keep node history there (a writable volume; default: memory)
  --json                    check: print the report as JSON (application/health+json)
  --strict                  check: exit 1 on warnings too
  -h, --help                this text
  --version                 the version

Durations: 500ms, 30s, 5m, 1h. Documentation: docs/checks.md
`;
