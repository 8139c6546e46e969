// What network.cloud and network.websocket share: when to skip, and how the origin of a probe caps it.

import type { NodeCheckContext, Finding, CheckId } from './types.ts';
import type { ProbeResult, ProbeStep } from '../facts/types.ts';
import { ev, finding, skip } from './finding.ts';
import { noSteps } from './steps.ts';

export const ORIGIN_TEXT: Record<ProbeResult['origin'], string> = {
  agent: "from the agent's network namespace (docker exec)",
  shared: 'from the network namespace the doctor shares with the agent',
  doctor: "from the doctor's own network namespace, not the agent's",
};

/** The probe to judge, or the skip that explains why there is none. */
export function probeOrSkip(id: CheckId, { node, cloud, running }: NodeCheckContext): ProbeResult | Finding {
  if (cloud.online?.value || cloud.status?.value === 'indirect') return skip(id, 'node-live', 'the node is live: nothing to probe');
  if (!running) return skip(id, 'container-not-running', `no namespace to probe from: the container is ${node.container.status}`);
  const network = node.network;
  if (!network) return skip(id, 'not-probed', 'not probed: only running agents that are claimed or claiming and not connected are probed');
  if (network.state === 'pending') return skip(id, 'pending', 'pending: the probe is under way');
  if (network.state === 'unavailable') return skip(id, 'unavailable', network.reason);
  return network.result;
}

export function probeEvidence(result: ProbeResult, step: ProbeStep, stepName: string): Record<string, ReturnType<typeof ev>> {
  return {
    target: ev(stepName === 'websocket' ? result.target.mqttUrl : result.target.url, result.target.source),
    proxy: ev(result.proxy.url ?? 'none (direct)', result.proxy.source),
    origin: ev(ORIGIN_TEXT[result.origin], 'probe'),
    ...(result.dns ? { dns: ev(result.dns.ok ? result.dns.addresses : result.dns.failure?.detail, 'getent / dns.lookup') } : {}),
    [stepName]: ev(step.ok ? `HTTP ${step.status}` : (step.failure?.detail ?? 'failed'), 'probe'),
    probedAt: ev(result.at.toISOString(), 'probe'),
  };
}

/** A failure seen only from the doctor's own namespace says little about the agent's: at most warn. */
export function judged(
  id: CheckId,
  cause: string,
  result: ProbeResult,
  status: 'fail' | 'warn',
  summary: string,
  evidence: Record<string, ReturnType<typeof ev>>,
  remedy: string,
): Finding {
  const capped = result.origin === 'doctor' ? 'warn' : status;
  const label = result.origin === 'doctor' ? ` (${ORIGIN_TEXT.doctor})` : '';
  const why = noSteps("the fix is in the network path to Netdata Cloud (DNS, firewall, proxy), outside the agent's container");
  return finding(id, capped, cause, `${summary}${label}`, evidence, `${remedy} ${why}`);
}
