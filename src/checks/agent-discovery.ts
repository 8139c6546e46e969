// agent.discovery: which agent containers this run diagnoses, and whether the user's targets exist.

import type { EngineCheck } from './types.ts';
import { ev, finding } from './finding.ts';
import { noSteps } from './steps.ts';

export const agentDiscovery: EngineCheck = ({ engine, discovery }) => {
  if (!engine.reachable) {
    return finding(
      'agent.discovery',
      'fail',
      'engine-unreachable',
      'no agent containers could be listed: the Docker Engine is not reachable',
      {},
      `Fix docker.api first. ${noSteps('no engine, no container to act on')}`,
    );
  }
  const evidence = {
    mode: ev(discovery.mode, discovery.mode === 'explicit' ? 'DOCTOR_TARGETS or arguments' : 'auto discovery (CONTRACT §3)'),
    requested: ev(discovery.requested, 'GET /containers/json?all=1'),
  };
  if (discovery.missing.length > 0) {
    return finding(
      'agent.discovery',
      'fail',
      'target-not-found',
      `target${discovery.missing.length > 1 ? 's' : ''} not found: ${discovery.missing.join(', ')}`,
      { ...evidence, missing: ev(discovery.missing, 'GET /containers/json?all=1') },
      'Name existing containers (docker ps -a shows them) by name, ID or compose service, or unset DOCTOR_TARGETS to discover agents automatically. ' +
        noSteps("which containers to diagnose is the owner's choice"),
    );
  }
  if (discovery.requested.length === 0) {
    return finding(
      'agent.discovery',
      'fail',
      'no-agent-found',
      'no Netdata Agent container found on this engine',
      evidence,
      `Start the agent, label it netdata-cloud-doctor.enable=true, or name it with DOCTOR_TARGETS (or as arguments to check). ${noSteps('there is no agent container to act on')}`,
    );
  }
  if (discovery.unreadable.length > 0) {
    return finding(
      'agent.discovery',
      'warn',
      'uninspectable',
      `could not inspect: ${discovery.unreadable.join('; ')}`,
      { ...evidence, unreadable: ev(discovery.unreadable, 'GET /containers/{id}/json') },
      `The engine did not answer for these containers; check the engine (docker inspect <name>) and run again. ${noSteps('without inspect there is no configuration to write steps from')}`,
    );
  }
  const found = `${discovery.requested.length} agent${discovery.requested.length > 1 ? 's' : ''}`;
  if (discovery.mode === 'auto' && discovery.matchedBy !== 'label' && discovery.unlabelledCandidates > 1) {
    return finding(
      'agent.discovery',
      'warn',
      'unlabelled-candidates',
      `${found} found by ${discovery.matchedBy}, none labelled: all are diagnosed`,
      { ...evidence, matchedBy: ev(discovery.matchedBy, 'auto discovery') },
      `Label the containers to diagnose with netdata-cloud-doctor.enable=true (and others with =false), or set DOCTOR_TARGETS. ${noSteps("which containers to diagnose is the owner's choice")}`,
    );
  }
  return finding(
    'agent.discovery',
    'pass',
    'ok',
    `${found}: ${discovery.requested.join(', ')}${discovery.matchedBy ? ` (by ${discovery.matchedBy})` : ''}`,
    discovery.matchedBy ? { ...evidence, matchedBy: ev(discovery.matchedBy, 'auto discovery') } : evidence,
  );
};
