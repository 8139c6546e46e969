// aclk.ban: Netdata Cloud banned this agent (non-retryable error or a permaban), or asked it to back off
// for a while (facts §5.1; FM20). A banned agent retries every 60 s until restarted or reloaded.

import type { NodeCheck } from './types.ts';
import { ev, finding, skip } from './finding.ts';
import { messageOf } from '../agent/logs.ts';
import { restart } from './remedy.ts';
import { noSteps } from './steps.ts';

export const aclkBan: NodeCheck = ({ node, cloud, currentLogs: current }) => {
  const c = node.container;
  const block = [...current]
    .reverse()
    .map((l) => /Cloud asks not to reconnect for (\d+) seconds/.exec(messageOf(l.text)))
    .find(Boolean);
  const bannedLog = current.find((l) => /Cloud Banned This Agent|BlockRetry:true/.test(l.text));
  const banned = cloud.banned?.value || cloud.status?.value === 'banned';
  if (banned) {
    const from = cloud.banned?.from ?? cloud.status!.from;
    return finding(
      'aclk.ban',
      'fail',
      'banned',
      'banned by Netdata Cloud: the agent is refused and retries every 60 s',
      { banned: ev(true, from), ...(bannedLog ? { log: ev(messageOf(bannedLog.text), 'logs') } : {}) },
      `Usually an old agent flooded Netdata Cloud with failed requests, or the node's identity was revoked. Upgrade the agent, then clear the ban on the agent side with "docker exec ${c.name} netdatacli reload-claiming-state" (v2) or ${restart(c)}; if it stays banned, contact Netdata support or change the public IP. ${noSteps("lifting a ban is Netdata Cloud's decision")}`,
    );
  }
  if (block) {
    return finding(
      'aclk.ban',
      'warn',
      'reconnect-blocked',
      `Netdata Cloud asked the agent not to reconnect for ${block[1]} seconds`,
      { log: ev(block[0], 'logs: this run') },
      `Temporary: the agent honours the delay and reconnects by itself. Do not restart it in a loop; that prolongs the block. ${noSteps("the block is Netdata Cloud's and ends by itself")}`,
    );
  }
  if (cloud.banned === undefined && cloud.status === undefined && !bannedLog) {
    return skip(
      'aclk.ban',
      'no-source',
      `no source: ${node.api?.unavailable ?? (c.status !== 'running' ? `the container is ${c.status}` : 'the agent API gave no ban state')}`,
    );
  }
  if (bannedLog) {
    return finding(
      'aclk.ban',
      'warn',
      'ban-logged-earlier',
      'the agent logged a ban in this run, but no longer reports one',
      { log: ev(messageOf(bannedLog.text), 'logs: this run') },
      `Watch whether it connects; if the ban returns, see the fix under fail. ${noSteps('nothing is to be changed while the ban is gone')}`,
    );
  }
  return finding('aclk.ban', 'pass', 'ok', 'not banned', { banned: ev(false, cloud.banned?.from ?? cloud.status?.from ?? 'agent') });
};
