// agent.cloud-support: an agent built without the ACLK, or with Cloud disabled, can never connect (FM19).

import type { NodeCheck } from './types.ts';
import { ev, finding } from './finding.ts';
import { parseBuildinfo } from '../agent/buildinfo.ts';
import { claimScriptOutcome } from '../agent/logs.ts';
import { iniValue } from '../agent/ini.ts';
import { atLeast } from '../agent/version.ts';
import { isOfficialImage } from '../agent/image.ts';
import { recreate } from './remedy.ts';
import { recreateKeepingIdentity, recreateNote } from './steps.ts';
import { restartSteps, shellQuote, stepsFor } from '../remedy/index.ts';

export const agentCloudSupport: NodeCheck = ({ node, agent }) => {
  const c = node.container;
  const toOfficial = recreateKeepingIdentity(c, { image: 'netdata/netdata:stable' });
  const official = c.spec ? ` The steps switch to netdata/netdata:stable.${recreateNote(c)}` : '';
  const build = node.exec.buildinfo?.ok ? parseBuildinfo(node.exec.buildinfo.value) : undefined;
  if (build && (build.cloud === false || build.aclk === false)) {
    return finding(
      'agent.cloud-support',
      'fail',
      'built-without-cloud',
      'the agent was built without Netdata Cloud support (ACLK)',
      { buildinfo: ev(build.lines, 'exec: netdata -W buildinfo'), image: ev(c.image, 'inspect Config.Image') },
      `This build can never connect. Use the official image netdata/netdata:stable and ${recreate(c)}.${official}`,
      toOfficial,
    );
  }
  if (node.logs.ok && claimScriptOutcome(node.logs.value).builtWithoutCloud) {
    return finding(
      'agent.cloud-support',
      'fail',
      'claim-script-built-without-cloud',
      'the claim script says the agent was built without Netdata Cloud support',
      { image: ev(c.image, 'inspect Config.Image') },
      `Use the official image netdata/netdata:stable and ${recreate(c)}.${official}`,
      toOfficial,
    );
  }
  // Cloud can be disabled by configuration on v1.37–v1.47 only; v2 removed the switch (facts §1.5, §8).
  const disableSwitch = agent.generation === 1 && (!agent.parsed || atLeast(agent.parsed, 1, 37));
  const disableEnv = c.env.NETDATA_DISABLE_CLOUD;
  if (disableSwitch && disableEnv !== undefined && disableEnv !== '' && disableEnv !== '0') {
    return finding(
      'agent.cloud-support',
      'fail',
      'disabled-by-env',
      `Netdata Cloud is disabled by NETDATA_DISABLE_CLOUD=${disableEnv}`,
      { NETDATA_DISABLE_CLOUD: ev(disableEnv, 'inspect Config.Env') },
      `Remove NETDATA_DISABLE_CLOUD from ${c.name}'s environment and ${recreate(c)}.${recreateNote(c)}`,
      recreateKeepingIdentity(c, { removeEnv: ['NETDATA_DISABLE_CLOUD'] }),
    );
  }
  const enabled = iniValue(agent.cloudConf, 'global', 'enabled');
  if (agent.generation === 1 && enabled && /^(no|false|0|off)$/i.test(enabled)) {
    return finding(
      'agent.cloud-support',
      'fail',
      'disabled-in-cloud-conf',
      `Netdata Cloud is disabled in cloud.conf (enabled = ${enabled})`,
      { enabled: ev(enabled, 'file: /var/lib/netdata/cloud.d/cloud.conf') },
      `Set "enabled = yes" in /var/lib/netdata/cloud.d/cloud.conf (in the volume ${c.mounts.find((m) => m.destination === '/var/lib/netdata')?.name ?? 'of /var/lib/netdata'}) and restart ${c.name}.`,
      stepsFor(c, (s) => [
        {
          where: 'agent',
          run: `docker exec -u root ${shellQuote(c.name)} sed -i -E ${shellQuote('s/^([[:space:]]*enabled[[:space:]]*=).*/\\1 yes/')} /var/lib/netdata/cloud.d/cloud.conf`,
        },
        ...restartSteps(s),
      ]),
    );
  }
  if (build && (build.cloud || build.aclk)) {
    return finding('agent.cloud-support', 'pass', 'ok', 'built with Netdata Cloud support', {
      buildinfo: ev(build.lines, 'exec: netdata -W buildinfo'),
    });
  }
  if (isOfficialImage(c.image)) {
    return finding('agent.cloud-support', 'pass', 'ok', 'official netdata/netdata image: built with Netdata Cloud support', {
      image: ev(c.image, 'inference: official image'),
    });
  }
  return finding(
    'agent.cloud-support',
    'warn',
    'build-unknown',
    `cannot tell whether ${c.image} supports Netdata Cloud`,
    {
      image: ev(c.image, 'inspect Config.Image'),
      buildinfo: ev(node.exec.unavailable ?? (node.exec.buildinfo?.ok === false ? node.exec.buildinfo.reason : 'no answer'), 'exec'),
    },
    `Run "docker exec ${c.name} netdata -W buildinfo" and look for "Netdata Cloud: YES", or use the official netdata/netdata image.${official}`,
    toOfficial,
  );
};
