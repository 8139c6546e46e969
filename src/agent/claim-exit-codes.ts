// Exit codes of the v1 claiming script netdata-claim.sh (v1.32–v1.47), facts §2.1. In a v1 image run.sh runs
// it under `set -e`, so the container exits with this code when the claim fails.

export interface ClaimExitMeaning {
  /** The cause words (CONTRACT §4) for this exit: `claim.state/<cause>`, `agent.running/claim-failed-<cause>`. */
  cause: string;
  meaning: string;
  /** What the user should do, generation v1. */
  fix: string;
}

export const CLAIM_EXIT_CODES: Readonly<Record<number, ClaimExitMeaning>> = {
  1: {
    cause: 'unknown-argument',
    meaning: 'unknown argument to the claim script',
    fix: 'remove unsupported options from NETDATA_EXTRA_CLAIM_OPTS',
  },
  2: {
    cause: 'claim-dir-not-writable',
    meaning: 'cannot write the claiming directory or create the key pair',
    fix: 'make /var/lib/netdata writable by UID 201 (netdata) and check the volume',
  },
  3: {
    cause: 'built-without-cloud',
    meaning: 'the agent was built without Netdata Cloud support',
    fix: 'use the official netdata/netdata image',
  },
  4: { cause: 'claim-url-unreachable', meaning: 'cannot connect to the claim URL', fix: 'check DNS, firewall and proxy for the claim URL' },
  5: { cause: 'agent-cli-not-notified', meaning: 'claimed, but the agent CLI could not be notified', fix: 'restart the container' },
  6: { cause: 'wrong-user', meaning: 'the claim script ran as the wrong user', fix: 'do not override the image user' },
  7: {
    cause: 'unknown-http-error',
    meaning: 'unknown HTTP error, or the claim URL could not be reached',
    fix: 'check that the container reaches the claim URL (DNS, firewall, proxy) and that NETDATA_CLAIM_URL is right',
  },
  8: {
    cause: 'node-id-rejected',
    meaning: 'Netdata Cloud rejected the node id (invalid node id)',
    fix: 'remove /var/lib/netdata/registry/netdata.public.unique.id and restart',
  },
  9: { cause: 'node-name-rejected', meaning: 'Netdata Cloud rejected the node name', fix: 'set a valid hostname for the container' },
  10: {
    cause: 'room-id-rejected',
    meaning: 'Netdata Cloud rejected a room id (invalid room id)',
    fix: 'copy NETDATA_CLAIM_ROOMS again from the Space\'s "Connect Nodes" page',
  },
  11: {
    cause: 'public-key-rejected',
    meaning: 'Netdata Cloud rejected the public key',
    fix: 'remove the files in /var/lib/netdata/cloud.d and restart',
  },
  12: {
    cause: 'token-rejected',
    meaning: 'the claim token is expired, unknown or invalid',
    fix: 'copy a fresh NETDATA_CLAIM_TOKEN from the Space\'s "Connect Nodes" page',
  },
  13: {
    cause: 'already-claimed',
    meaning: 'Netdata Cloud says this node is already claimed (a cloned or reused identity)',
    fix: 'give the node a fresh identity: remove /var/lib/netdata/registry/netdata.public.unique.id (or claim with -id=$(uuidgen))',
  },
  14: { cause: 'claim-in-progress', meaning: 'the node is already being claimed', fix: 'wait a minute and restart the container' },
  15: {
    cause: 'cloud-internal-error',
    meaning: 'Netdata Cloud answered Internal Server Error',
    fix: 'retry later; check https://status.netdata.cloud',
  },
  16: { cause: 'cloud-gateway-timeout', meaning: 'Netdata Cloud answered Gateway Timeout', fix: 'retry later' },
  17: { cause: 'cloud-unavailable', meaning: 'Netdata Cloud answered Service Unavailable', fix: 'retry later' },
  18: {
    cause: 'machine-guid-unreadable',
    meaning: 'the machine GUID is not readable or not generated (often the seccomp problem of old Docker hosts)',
    fix: 'check host.seccomp and that /var/lib/netdata is writable',
  },
};

/** Shell exit codes of run.sh when it cannot execute the claim script at all. */
export const SHELL_EXIT_CODES: Readonly<Record<number, string>> = {
  126: 'the claim script exists but cannot be executed (not executable, or a directory)',
  127: 'the claim script was not found',
};

export const isClaimExitCode = (code: number): boolean => code >= 1 && code <= 18;
