// agent.version: v1.32 is the oldest version that can be claimed to today's Netdata Cloud (facts §8; FM15).

import type { NodeCheck } from './types.ts';
import { ev, evSourced, finding } from './finding.ts';
import { atLeast } from '../agent/version.ts';
import { recreate } from './remedy.ts';
import { noSteps, recreateKeepingIdentity, recreateNote } from './steps.ts';

export const agentVersion: NodeCheck = ({ node, agent }) => {
  const c = node.container;
  if (!agent.version || !agent.parsed) {
    const why = agent.channel ? `the image names the channel "${agent.channel}", not a version` : 'no source told the version';
    return finding(
      'agent.version',
      'warn',
      'version-unknown',
      `agent version unknown: ${why}`,
      { image: ev(c.image, 'inspect Config.Image'), exec: ev(node.exec.unavailable ?? 'netdata -v gave no version', 'exec') },
      'Pin a release tag (netdata/netdata:stable or vX.Y.Z) so the version is known, or allow exec so the doctor can ask netdata -v. ' +
        noSteps("which release to pin, or how this doctor is allowed to exec, is the owner's choice; nothing is broken yet"),
    );
  }
  const evidence = { version: evSourced(agent.version), generation: ev(agent.generation, 'derived from the version') };
  if (!atLeast(agent.parsed, 1, 32, 0)) {
    return finding(
      'agent.version',
      'fail',
      'too-old',
      `agent ${agent.parsed.raw} is older than v1.32, the oldest version Netdata Cloud supports`,
      evidence,
      `Use a current image (netdata/netdata:stable) and ${recreate(c)}.${c.spec ? ' The steps switch to netdata/netdata:stable.' : ''}${recreateNote(c)}`,
      recreateKeepingIdentity(c, { image: 'netdata/netdata:stable' }),
    );
  }
  if (agent.parsed.nightly) {
    return finding(
      'agent.version',
      'warn',
      'nightly',
      `agent ${agent.parsed.raw} is a nightly build`,
      evidence,
      `Nightlies change claiming and Cloud behaviour without notice; use netdata/netdata:stable for production nodes.${c.spec ? ' The steps switch to it.' : ''}${recreateNote(c)}`,
      recreateKeepingIdentity(c, { image: 'netdata/netdata:stable' }),
    );
  }
  return finding('agent.version', 'pass', 'ok', `agent ${agent.parsed.raw} (v${agent.generation} claiming)`, evidence);
};
