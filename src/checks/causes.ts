// Every cause a finding can carry (CONTRACT §4): `<check id>/<cause>` → what it means and, for a warn or fail,
// what fixes it in general (each finding's remedy and steps say it with the container's own names).
// docs/causes.md is rendered from this table (scripts/causes-doc) and test/unit/causes.test.ts holds both
// equal to the causes the checks can emit.

import type { Cause } from './types.ts';
import { VOCABULARY_CAUSES } from '../agent/vocabulary.ts';
import { CLOUD_NODE_CAUSES } from './cloud-node.ts';

export interface CauseDoc {
  meaning: string;
  /** General fix; empty for a pass or a skip. */
  remedy: string;
}

const OWN_CAUSES: Readonly<Record<Cause, CauseDoc>> = {
  'docker.api/ok': { meaning: 'the engine answers with every permission the doctor uses', remedy: '' },
  'docker.api/unreachable': {
    meaning: 'the Docker Engine cannot be reached or refuses every call',
    remedy: 'mount the socket, add its group (group_add), or set DOCKER_HOST',
  },
  'docker.api/limited': {
    meaning: 'the engine answers, but some calls (exec, archive, /info) are denied or its API is older than tested',
    remedy: 'allow the missing endpoints on the socket proxy, or accept the skipped checks',
  },
  'agent.discovery/ok': { meaning: 'the agents to diagnose were found', remedy: '' },
  'agent.discovery/engine-unreachable': {
    meaning: 'no container could be listed because the engine is unreachable',
    remedy: 'fix docker.api first',
  },
  'agent.discovery/target-not-found': {
    meaning: 'a named target (DOCTOR_TARGETS or an argument) does not exist',
    remedy: 'name existing containers, or use auto discovery',
  },
  'agent.discovery/no-agent-found': {
    meaning: 'auto discovery found no Netdata Agent container',
    remedy: 'start the agent, or label it netdata-cloud-doctor.enable=true',
  },
  'agent.discovery/uninspectable': { meaning: 'a target exists but could not be inspected', remedy: 'check the engine and run again' },
  'agent.discovery/unlabelled-candidates': {
    meaning: 'several candidates were found and none is labelled: all are diagnosed',
    remedy: 'label the containers to diagnose',
  },
  'agent.running/ok': { meaning: 'the container is running', remedy: '' },
  'agent.running/paused': { meaning: 'the container is paused: the agent cannot talk to Netdata Cloud', remedy: 'docker unpause' },
  'agent.running/created': { meaning: 'the container was created but not started', remedy: 'start it' },
  'agent.running/start-failed': { meaning: 'the container could not start (State.Error)', remedy: 'fix the error named, then start it' },
  'agent.running/seccomp-blocked-start': {
    meaning: "the host's seccomp filter (clone3) stopped the container from starting",
    remedy: 'update Docker, runc and libseccomp on the host',
  },
  'agent.running/oom-killed': { meaning: 'the kernel killed the agent: out of memory', remedy: 'raise or remove the memory limit' },
  'agent.running/claim-script-not-runnable': {
    meaning: 'exit 126/127: run.sh could not execute the v1 claim script',
    remedy: 'see claim.script, then recreate',
  },
  'agent.running/restart-loop': { meaning: 'the container keeps restarting', remedy: 'read why it exits in its logs' },
  'agent.running/stopped-by-user': { meaning: 'stopped by the user (exit 0 or 143, no restart pending)', remedy: 'start it when wanted' },
  'agent.running/exited-early': {
    meaning: 'it stopped within the start period, before it could connect',
    remedy: 'read why it stopped, fix that, start it',
  },
  'agent.running/logs-unreadable': {
    meaning: "it stopped early, and docker logs cannot hold the agent's lines (log driver, [logs] in netdata.conf)",
    remedy: 'read the lines where the finding says, fix that, start it',
  },
  'agent.running/bad-system-call': {
    meaning: 'the agent was killed by SIGSYS (status-netdata.json): seccomp blocked a system call',
    remedy: 'see host.seccomp: update Docker, runc and libseccomp, then start it',
  },
  'agent.running/exited': { meaning: 'it stopped (another exit code)', remedy: 'read why it stopped, then start it' },
  'agent.running/claim-failed-unknown-argument': {
    meaning: 'a v1 container exited because its claim script failed: unknown argument to the claim script',
    remedy: 'remove unsupported options from NETDATA_EXTRA_CLAIM_OPTS, then recreate the container',
  },
  'agent.running/claim-failed-claim-dir-not-writable': {
    meaning: 'a v1 container exited because its claim script failed: the claim directory or key pair cannot be written',
    remedy: 'make /var/lib/netdata writable by UID 201, then recreate the container',
  },
  'agent.running/claim-failed-built-without-cloud': {
    meaning: 'a v1 container exited because its claim script failed: the agent was built without Netdata Cloud support',
    remedy: 'use the official netdata/netdata image, then recreate the container',
  },
  'agent.running/claim-failed-claim-url-unreachable': {
    meaning: 'a v1 container exited because its claim script failed: the claim URL cannot be reached',
    remedy: 'check DNS, firewall and proxy for the claim URL, then recreate the container',
  },
  'agent.running/claim-failed-agent-cli-not-notified': {
    meaning: 'a v1 container exited because its claim script failed: claimed, but the agent CLI could not be notified',
    remedy: 'restart the container, then recreate the container',
  },
  'agent.running/claim-failed-wrong-user': {
    meaning: 'a v1 container exited because its claim script failed: the claim script ran as the wrong user',
    remedy: 'do not override the image user, then recreate the container',
  },
  'agent.running/claim-failed-unknown-http-error': {
    meaning: 'a v1 container exited because its claim script failed: unknown HTTP error, or the claim URL could not be reached',
    remedy: 'check that the container reaches the claim URL, then recreate the container',
  },
  'agent.running/claim-failed-node-id-rejected': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud rejected the node id',
    remedy: 'give the node a fresh machine GUID, then recreate the container',
  },
  'agent.running/claim-failed-node-name-rejected': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud rejected the node name',
    remedy: 'set a valid hostname, then recreate the container',
  },
  'agent.running/claim-failed-room-id-rejected': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud rejected a room id',
    remedy: 'copy NETDATA_CLAIM_ROOMS again, then recreate the container',
  },
  'agent.running/claim-failed-public-key-rejected': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud rejected the public key',
    remedy: 'remove cloud.d and claim again, then recreate the container',
  },
  'agent.running/claim-failed-token-rejected': {
    meaning: 'a v1 container exited because its claim script failed: the claim token is expired, unknown or invalid',
    remedy: 'copy a fresh claim token into NETDATA_CLAIM_TOKEN, then recreate the container',
  },
  'agent.running/claim-failed-already-claimed': {
    meaning:
      'a v1 container exited because its claim script failed: Netdata Cloud already holds a claim for this identity (cloned or reused)',
    remedy: 'give the node a fresh identity, then recreate the container',
  },
  'agent.running/claim-failed-claim-in-progress': {
    meaning: 'a v1 container exited because its claim script failed: the node is already being claimed',
    remedy: 'wait, then restart, then recreate the container',
  },
  'agent.running/claim-failed-cloud-internal-error': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud answered Internal Server Error',
    remedy: 'retry later, then recreate the container',
  },
  'agent.running/claim-failed-cloud-gateway-timeout': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud answered Gateway Timeout',
    remedy: 'retry later, then recreate the container',
  },
  'agent.running/claim-failed-cloud-unavailable': {
    meaning: 'a v1 container exited because its claim script failed: Netdata Cloud answered Service Unavailable',
    remedy: 'retry later, then recreate the container',
  },
  'agent.running/claim-failed-machine-guid-unreadable': {
    meaning: 'a v1 container exited because its claim script failed: the machine GUID is not readable or not generated',
    remedy: 'check host.seccomp and that /var/lib/netdata is writable, then recreate the container',
  },
  'agent.version/ok': { meaning: 'the version is known and supported', remedy: '' },
  'agent.version/version-unknown': {
    meaning: 'no source told the version (a channel tag and no exec)',
    remedy: 'pin a release tag or allow exec',
  },
  'agent.version/too-old': { meaning: 'older than v1.32, the oldest version Netdata Cloud supports', remedy: 'use a current image' },
  'agent.version/nightly': { meaning: 'a nightly build', remedy: 'use netdata/netdata:stable for production' },
  'agent.cloud-support/ok': { meaning: 'built with Netdata Cloud support and not disabled', remedy: '' },
  'agent.cloud-support/built-without-cloud': {
    meaning: 'built without Netdata Cloud support (ACLK), by build info or the agent API',
    remedy: 'use the official netdata/netdata image',
  },
  'agent.cloud-support/claim-script-built-without-cloud': {
    meaning: 'the v1 claim script says the agent was built without Cloud support',
    remedy: 'use the official netdata/netdata image',
  },
  'agent.cloud-support/disabled-by-env': {
    meaning: 'NETDATA_DISABLE_CLOUD disables Cloud (v1.37\u2013v1.47)',
    remedy: 'remove the variable and recreate',
  },
  'agent.cloud-support/disabled-in-cloud-conf': { meaning: 'cloud.conf says enabled = no (v1)', remedy: 'set enabled = yes and restart' },
  'agent.cloud-support/disabled-by-agent': {
    meaning: 'the agent itself reports Cloud as disabled',
    remedy: 'enable Cloud in its configuration',
  },
  'agent.cloud-support/build-unknown': {
    meaning: 'cannot tell whether this image supports Cloud (no build info)',
    remedy: 'run netdata -W buildinfo, or use the official image',
  },
  'claim.config/ok': { meaning: 'the claim input is complete and well-formed', remedy: '' },
  'claim.config/token-missing': {
    meaning: 'no claim token and the agent is not claimed',
    remedy: 'set NETDATA_CLAIM_TOKEN, NETDATA_CLAIM_URL and NETDATA_CLAIM_ROOMS',
  },
  'claim.config/token-missing-claim-unknown': {
    meaning: 'no claim token, and whether the agent is claimed could not be read',
    remedy: 'set NETDATA_CLAIM_TOKEN if the node is not in the Space',
  },
  'claim.config/url-missing-v1': {
    meaning: 'v1 images claim only when NETDATA_CLAIM_URL is set too',
    remedy: 'set NETDATA_CLAIM_URL=https://app.netdata.cloud',
  },
  'claim.config/token-quoted': { meaning: 'the claim token is wrapped in quotes', remedy: 'remove the quotes' },
  'claim.config/token-whitespace': {
    meaning: 'the claim token contains whitespace or a newline',
    remedy: 'copy the token again as one line',
  },
  'claim.config/token-length-implausible': { meaning: 'the claim token has an implausible length', remedy: 'copy the whole token again' },
  'claim.config/url-quoted': { meaning: 'the claim URL is wrapped in quotes', remedy: 'set the URL without quotes' },
  'claim.config/url-whitespace': { meaning: 'the claim URL contains whitespace or a newline', remedy: 'set the URL exactly' },
  'claim.config/url-scheme': {
    meaning: 'the claim URL has another scheme than https',
    remedy: 'set NETDATA_CLAIM_URL=https://app.netdata.cloud',
  },
  'claim.config/url-malformed': { meaning: 'the claim URL is not a valid URL', remedy: 'set NETDATA_CLAIM_URL=https://app.netdata.cloud' },
  'claim.config/room-ids-invalid': { meaning: 'room IDs that are not UUIDs', remedy: 'copy NETDATA_CLAIM_ROOMS again' },
  'claim.config/insecure-inverted-no-effect': {
    meaning: 'NETDATA_EXTRA_CLAIM_OPTS=-insecure has no effect on v2.0\u2013v2.10 (inverted check)',
    remedy: 'remove -insecure, trust the right CA',
  },
  'claim.config/insecure-inverted-turns-on': {
    meaning: 'NETDATA_EXTRA_CLAIM_OPTS without -insecure turns insecure mode on, on v2.0\u2013v2.10',
    remedy: 'remove the variable or upgrade to v2.11+',
  },
  'claim.config/insecure-enabled': { meaning: 'insecure claiming is on: TLS is not verified', remedy: 'remove -insecure' },
  'claim.config/insecure-in-claim-conf': { meaning: 'claim.conf sets insecure = yes', remedy: 'set insecure = no' },
  'claim.config/claim-insecure-no-effect': { meaning: 'NETDATA_CLAIM_INSECURE is read by no Netdata version', remedy: 'remove it' },
  'claim.config/url-differs-from-claim': {
    meaning: 'NETDATA_CLAIM_URL differs from the URL the agent is claimed to: the env is ignored while claimed',
    remedy: 'remove cloud.d to move the node',
  },
  'claim.config/claim-conf-overrides-env': {
    meaning: 'claim.conf has its own token and is read before the env (v2)',
    remedy: 'keep one source',
  },
  'claim.config/token-differs-from-claim': {
    meaning: 'NETDATA_CLAIM_TOKEN differs from the token the agent claimed with: ignored while claimed',
    remedy: 'remove cloud.d to claim into another Space',
  },
  'claim.script/ok': { meaning: 'the v1 claim script is present and executable', remedy: '' },
  'claim.script/v2-no-script': { meaning: 'v2 agents claim by themselves; no script to check', remedy: '' },
  'claim.script/unreadable': { meaning: 'the script could not be read (archive denied or failed)', remedy: '' },
  'claim.script/generation-unknown': { meaning: 'the generation is unknown and there is no script: nothing to judge', remedy: '' },
  'claim.script/script-missing': {
    meaning: 'the v1 claim script is missing, and a claim is configured: run.sh stops with 126/127',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-is-directory': {
    meaning: 'the v1 claim script path is a directory, and a claim is configured: run.sh stops with 126/127',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-not-regular-file': {
    meaning: 'the v1 claim script is not a regular file, and a claim is configured: run.sh stops with 126/127',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-not-executable': {
    meaning: 'the v1 claim script is not executable, and a claim is configured: run.sh stops with 126/127',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-missing-unused': {
    meaning: 'the v1 claim script is missing (no claim configured now)',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-is-directory-unused': {
    meaning: 'the v1 claim script path is a directory (no claim configured now)',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-not-regular-file-unused': {
    meaning: 'the v1 claim script is not a regular file (no claim configured now)',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.script/script-not-executable-unused': {
    meaning: 'the v1 claim script is not executable (no claim configured now)',
    remedy: 'use the official image, remove mounts over /usr/sbin, recreate',
  },
  'claim.state/ok': { meaning: 'the agent is claimed', remedy: '' },
  'claim.state/no-source': { meaning: 'neither files nor logs could be read', remedy: '' },
  'claim.state/not-configured': { meaning: 'not claimed, and no claim is configured', remedy: 'configure a claim (see claim.config)' },
  'claim.state/pending': { meaning: 'the claim is pending within the start period', remedy: 'wait for the start period' },
  'claim.state/logs-unreadable': {
    meaning: 'not claimed although configured, and docker logs cannot hold the lines that say why',
    remedy: 'read the lines where the finding says; v2: netdatacli reload-claiming-state',
  },
  'claim.state/no-reason-in-logs': {
    meaning: 'not claimed although a claim is configured, and no reason was found',
    remedy: 'retry the claim and read its log',
  },
  'claim.state/claim-script-not-runnable': { meaning: 'run.sh could not run netdata-claim.sh', remedy: 'see claim.script' },
  'claim.state/unrecognized-reason': {
    meaning: 'the claim failed with a reason the doctor does not know (raw reason in evidence)',
    remedy: 'read the reason in the evidence',
  },
  'claim.state/unknown-argument': {
    meaning: 'claim failed: unknown argument to the claim script',
    remedy: 'remove unsupported options from NETDATA_EXTRA_CLAIM_OPTS',
  },
  'claim.state/claim-dir-not-writable': {
    meaning: 'claim failed: the claim directory or key pair cannot be written',
    remedy: 'make /var/lib/netdata writable by UID 201',
  },
  'claim.state/built-without-cloud': {
    meaning: 'claim failed: the agent was built without Netdata Cloud support',
    remedy: 'use the official netdata/netdata image',
  },
  'claim.state/claim-url-unreachable': {
    meaning: 'claim failed: the claim URL cannot be reached',
    remedy: 'check DNS, firewall and proxy for the claim URL',
  },
  'claim.state/agent-cli-not-notified': {
    meaning: 'claim failed: claimed, but the agent CLI could not be notified',
    remedy: 'restart the container',
  },
  'claim.state/wrong-user': { meaning: 'claim failed: the claim script ran as the wrong user', remedy: 'do not override the image user' },
  'claim.state/unknown-http-error': {
    meaning: 'claim failed: unknown HTTP error, or the claim URL could not be reached',
    remedy: 'check that the container reaches the claim URL',
  },
  'claim.state/node-id-rejected': {
    meaning: 'claim failed: Netdata Cloud rejected the node id',
    remedy: 'give the node a fresh machine GUID',
  },
  'claim.state/node-name-rejected': { meaning: 'claim failed: Netdata Cloud rejected the node name', remedy: 'set a valid hostname' },
  'claim.state/room-id-rejected': { meaning: 'claim failed: Netdata Cloud rejected a room id', remedy: 'copy NETDATA_CLAIM_ROOMS again' },
  'claim.state/public-key-rejected': {
    meaning: 'claim failed: Netdata Cloud rejected the public key',
    remedy: 'remove cloud.d and claim again',
  },
  'claim.state/token-rejected': {
    meaning: 'claim failed: the claim token is expired, unknown or invalid',
    remedy: 'copy a fresh claim token into NETDATA_CLAIM_TOKEN',
  },
  'claim.state/already-claimed': {
    meaning: 'claim failed: Netdata Cloud already holds a claim for this identity (cloned or reused)',
    remedy: 'give the node a fresh identity',
  },
  'claim.state/claim-in-progress': { meaning: 'claim failed: the node is already being claimed', remedy: 'wait, then restart' },
  'claim.state/cloud-internal-error': { meaning: 'claim failed: Netdata Cloud answered Internal Server Error', remedy: 'retry later' },
  'claim.state/cloud-gateway-timeout': { meaning: 'claim failed: Netdata Cloud answered Gateway Timeout', remedy: 'retry later' },
  'claim.state/cloud-unavailable': { meaning: 'claim failed: Netdata Cloud answered Service Unavailable', remedy: 'retry later' },
  'claim.state/machine-guid-unreadable': {
    meaning: 'claim failed: the machine GUID is not readable or not generated',
    remedy: 'check host.seccomp and that /var/lib/netdata is writable',
  },
  'claim.state/banned': {
    meaning: 'claim failed: the claim was refused: the agent is banned',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/local-error': {
    meaning: 'claim failed: a local problem inside the container stopped the claim (keys, files, memory)',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/config-error': {
    meaning: "claim failed: the agent's own configuration is wrong (URL, hostname)",
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/cloud-error': {
    meaning: 'claim failed: Netdata Cloud had a server-side problem',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/proxy-failed': {
    meaning: 'claim failed: the claim request failed at the proxy',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/dns-failed': {
    meaning: 'claim failed: the claim URL does not resolve',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/connection-failed': {
    meaning: 'claim failed: the claim request could not connect',
    remedy: 'fix the cause named, then retry the claim',
  },
  'claim.state/tls-failed': { meaning: 'claim failed: TLS to the claim URL failed', remedy: 'fix the cause named, then retry the claim' },
  'claim.state/http-error': {
    meaning: 'claim failed: the claim got an unexpected HTTP answer',
    remedy: 'fix the cause named, then retry the claim',
  },
  'storage.persistence/ok': { meaning: '/var/lib/netdata is on a persistent, writable volume', remedy: '' },
  'storage.persistence/no-volume': {
    meaning: '/var/lib/netdata is not on a volume: every recreate is a new node',
    remedy: 'move it onto a named volume, keeping the identity',
  },
  'storage.persistence/tmpfs': { meaning: '/var/lib/netdata is on a tmpfs', remedy: 'use a named volume' },
  'storage.persistence/read-only': { meaning: '/var/lib/netdata is read-only', remedy: 'make it writable' },
  'storage.persistence/anonymous-volume': { meaning: '/var/lib/netdata is on an anonymous volume', remedy: 'use a named volume' },
  'storage.persistence/config-not-persistent': {
    meaning: 'v2 without a persistent /etc/netdata (claim.conf)',
    remedy: 'add a volume for /etc/netdata',
  },
  'identity.unique/ok': { meaning: 'no identity shared with another agent here', remedy: '' },
  'identity.unique/no-identity': { meaning: 'no identity to compare yet', remedy: '' },
  'identity.unique/shared-with-running-agent': {
    meaning: 'the same machine GUID, claim ID or volume as another running agent',
    remedy: 'give one of them its own identity',
  },
  'identity.unique/shared-with-stopped-agent': {
    meaning: 'the same identity as a stopped agent: both cannot run at once',
    remedy: 'remove the unused container or give one its own identity',
  },
  'identity.unique/leaked-guid': {
    meaning: 'a machine GUID known to be shared by many installations',
    remedy: 'remove the GUID file so the agent makes its own',
  },
  'host.seccomp/ok': { meaning: 'no seccomp problem seen', remedy: '' },
  'host.seccomp/clone3-blocked': { meaning: "the host's seccomp filter blocks clone3", remedy: 'update Docker, runc and libseccomp' },
  'host.seccomp/old-stat-syscalls-block-claim': {
    meaning: 'run.sh warns the host does not support newer stat syscalls, on a v1 agent not yet claimed: the claim will fail',
    remedy: 'update the engine, or run with seccomp=unconfined',
  },
  'host.seccomp/old-stat-syscalls': {
    meaning: 'the same warning on a claimed or v2 agent (claiming is not blocked)',
    remedy: 'update the engine',
  },
  'host.seccomp/old-engine-default-profile': {
    meaning: 'an engine version whose default seccomp profile breaks newer agent images',
    remedy: 'update the engine',
  },
  'host.seccomp/no-evidence': { meaning: '/info is denied and the logs cannot be read', remedy: '' },
  'host.seccomp/logs-unreadable': { meaning: "the logs cannot be read, so run.sh's warning cannot be seen", remedy: '' },
  'network.cloud/ok': { meaning: "Netdata Cloud answers from the agent's side", remedy: '' },
  'network.cloud/node-live': { meaning: 'the node is live: nothing to probe', remedy: '' },
  'network.cloud/container-not-running': { meaning: 'no namespace to probe from: the container is not running', remedy: '' },
  'network.cloud/not-probed': { meaning: 'only running agents that are claimed or claiming and not connected are probed', remedy: '' },
  'network.cloud/pending': { meaning: 'the probe is under way', remedy: '' },
  'network.cloud/unavailable': { meaning: 'no way to probe (the reason is in the summary)', remedy: '' },
  'network.cloud/proxy-unsupported': {
    meaning: "the agent's proxy cannot carry the ACLK (e.g. SOCKS on an old agent)",
    remedy: 'use an HTTP CONNECT proxy or upgrade',
  },
  'network.cloud/dns-failed': { meaning: 'the cloud host name does not resolve', remedy: 'fix name resolution in the container' },
  'network.cloud/tcp-refused': { meaning: 'TCP to the cloud is refused', remedy: 'allow outbound TCP 443' },
  'network.cloud/tcp-unreachable': { meaning: 'the cloud is unreachable over TCP', remedy: 'allow outbound TCP 443' },
  'network.cloud/tcp-timeout': { meaning: 'TCP to the cloud times out', remedy: 'allow outbound TCP 443' },
  'network.cloud/tls-verify-failed': {
    meaning: 'TLS certificate verification failed: interception or an old CA bundle',
    remedy: 'exempt *.netdata.cloud from inspection',
  },
  'network.cloud/tls-handshake-failed': { meaning: 'the TLS handshake failed', remedy: 'exempt *.netdata.cloud from TLS inspection' },
  'network.cloud/proxy-failed': { meaning: 'the proxy failed', remedy: 'check the proxy the agent uses' },
  'network.cloud/unexpected-http-answer': {
    meaning: 'something other than Netdata Cloud answered',
    remedy: 'check the cloud URL and the proxy rules',
  },
  'network.cloud/probe-failed': { meaning: 'the probe failed otherwise', remedy: 'check the path to Netdata Cloud' },
  'network.websocket/ok': { meaning: 'the WebSocket upgrade to the MQTT endpoint succeeds', remedy: '' },
  'network.websocket/node-live': { meaning: 'the node is live: nothing to probe', remedy: '' },
  'network.websocket/container-not-running': { meaning: 'no namespace to probe from: the container is not running', remedy: '' },
  'network.websocket/not-probed': { meaning: 'only running agents that are claimed or claiming and not connected are probed', remedy: '' },
  'network.websocket/pending': { meaning: 'the probe is under way', remedy: '' },
  'network.websocket/unavailable': { meaning: 'no way to probe (the reason is in the summary)', remedy: '' },
  'network.websocket/upgrade-refused': {
    meaning: 'an HTTP answer other than 101: the upgrade is stripped or refused',
    remedy: 'allow WebSocket upgrades to mqtt.netdata.cloud',
  },
  'network.websocket/no-answer': { meaning: 'no answer to the upgrade', remedy: 'allow outbound TCP 443 to mqtt.netdata.cloud' },
  'aclk.connection/ok': { meaning: 'connected to Netdata Cloud (itself or through its parent)', remedy: '' },
  'aclk.connection/through-parent': { meaning: 'not claimed itself, streaming to a connected parent on this engine', remedy: '' },
  'aclk.connection/container-not-running': { meaning: 'the container is not running', remedy: '' },
  'aclk.connection/no-source': { meaning: 'the agent gave no Cloud connection state', remedy: '' },
  'aclk.connection/cloud-disabled': { meaning: 'Cloud is disabled or not built in (see agent.cloud-support)', remedy: '' },
  'aclk.connection/banned': { meaning: 'banned (see aclk.ban)', remedy: '' },
  'aclk.connection/not-claimed': { meaning: 'not claimed (see claim.state)', remedy: '' },
  'aclk.connection/flapping': { meaning: 'connected, but reconnecting often', remedy: 'look for a shared identity or an unstable path' },
  'aclk.connection/no-reason-given': {
    meaning: 'claimed and not connected, with no reason given',
    remedy: 'check the path to Netdata Cloud and the agent log',
  },
  'aclk.connection/unrecognized-reason': {
    meaning: 'not connected, with a reason the doctor does not know (raw reason in evidence)',
    remedy: 'read the reason in the evidence',
  },
  'aclk.connection/dns-failed': { meaning: 'not connected: the agent cannot resolve Netdata Cloud', remedy: "see the finding's remedy" },
  'aclk.connection/connection-failed': {
    meaning: 'not connected: no working TCP connection to Netdata Cloud',
    remedy: "see the finding's remedy",
  },
  'aclk.connection/tls-failed': { meaning: 'not connected: TLS to Netdata Cloud fails', remedy: "see the finding's remedy" },
  'aclk.connection/proxy-failed': { meaning: 'not connected: the proxy refuses or fails', remedy: "see the finding's remedy" },
  'aclk.connection/http-error': {
    meaning: 'not connected: Netdata Cloud (or something between) answered with an unexpected HTTP status',
    remedy: "see the finding's remedy",
  },
  'aclk.connection/env-failed': { meaning: 'not connected: the ACLK /env step failed', remedy: "see the finding's remedy" },
  'aclk.connection/otp-failed': { meaning: 'not connected: the ACLK challenge/password step failed', remedy: "see the finding's remedy" },
  'aclk.connection/mqtt-failed': { meaning: 'not connected: the MQTT session failed or was dropped', remedy: "see the finding's remedy" },
  'aclk.connection/websocket-failed': { meaning: 'not connected: the WebSocket layer failed', remedy: "see the finding's remedy" },
  'aclk.connection/cloud-error': { meaning: 'not connected: Netdata Cloud had a server-side problem', remedy: "see the finding's remedy" },
  'aclk.connection/local-error': { meaning: 'not connected: a local resource failed inside the agent', remedy: "see the finding's remedy" },
  'aclk.connection/config-error': {
    meaning: "not connected: the agent's Cloud configuration is wrong",
    remedy: "see the finding's remedy",
  },
  'aclk.connection/blocked': {
    meaning: 'not connected: the agent holds off reconnecting as Netdata Cloud asked',
    remedy: "see the finding's remedy",
  },
  'aclk.connection/not-claimed-reported': {
    meaning: 'not connected: the agent reports it is not claimed although claimed files exist',
    remedy: "see the finding's remedy",
  },
  'aclk.connection/token-rejected': { meaning: 'not connected: the claim token was refused', remedy: "see the finding's remedy" },
  'aclk.connection/already-claimed': {
    meaning: 'not connected: Netdata Cloud holds a claim for this identity',
    remedy: "see the finding's remedy",
  },
  'aclk.connection/room-id-rejected': { meaning: 'not connected: a room id was refused', remedy: "see the finding's remedy" },
  'aclk.ban/ok': { meaning: 'not banned', remedy: '' },
  'aclk.ban/no-source': { meaning: 'no ban state available', remedy: '' },
  'aclk.ban/banned': { meaning: 'banned by Netdata Cloud', remedy: 'remove the cause, upgrade, reload the claiming state or restart' },
  'aclk.ban/reconnect-blocked': {
    meaning: 'Netdata Cloud asked the agent not to reconnect for a while',
    remedy: 'wait; do not restart in a loop',
  },
  'aclk.ban/ban-logged-earlier': { meaning: 'a ban was logged in this run but is no longer reported', remedy: 'watch whether it connects' },
  ...CLOUD_NODE_CAUSES,
};

/**
 * The checks whose cause is chosen by the agent's own words (src/agent/vocabulary.ts: explain(), the status
 * file's endings): every cause the vocabulary gives them can be emitted.
 */
export const VOCABULARY_CHECKS = ['aclk.connection', 'claim.state', 'agent.running', 'host.seccomp'] as const;

const vocabularyCauses = Object.fromEntries(
  Object.entries(VOCABULARY_CAUSES)
    .filter(([code]) => VOCABULARY_CHECKS.some((id) => code.startsWith(`${id}/`)))
    .map(([code, text]) => [code, { meaning: text.meaning, remedy: code.endsWith('/ok') ? '' : text.remedy }]),
) as Record<Cause, CauseDoc>;

/** The doctor's own wording wins where both name a cause. */
export const CAUSES: Readonly<Record<Cause, CauseDoc>> = { ...vocabularyCauses, ...OWN_CAUSES, ...CLOUD_NODE_CAUSES };
