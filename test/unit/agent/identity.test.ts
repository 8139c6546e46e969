// describeAgent: version and generation from each source in precedence order, claim input per generation,
// identity files, and every secret value that must be redacted.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimConfigured, describeAgent, isUuid } from '../../../src/agent/identity.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import { CLAIM_URL, GUID, ROOM, TOKEN, V1_CLOUD_CONF, V2_CLAIM_ID, V2_CLOUD_CONF, claimEnv, nodeFacts, v2NodeFacts } from '../fixtures.ts';

const NO_SCRIPT = readFailed<never>('/usr/sbin/netdata-claim.sh does not exist', true);
const bare = (over: Parameters<typeof nodeFacts>[0] = {}) =>
  nodeFacts({ ...over, container: { image: 'acme/agent', ...over.container }, files: { claimScript: NO_SCRIPT, ...over.files } });

describe('describeAgent: version and generation', () => {
  it('from exec (netdata -v), which wins over the image tag', () => {
    const a = describeAgent(
      nodeFacts({ container: { image: 'netdata/netdata:v1.47.5' }, exec: { netdataVersion: readOk('netdata v2.10.4\n') } }),
    );
    assert.deepEqual(a.version, { value: 'v2.10.4', source: 'exec', detail: 'netdata -v' });
    assert.equal(a.generation, 2);
    assert.equal(a.generationSource, 'version v2.10.4 (exec)');
  });

  it('from status-netdata.json (v2.3+)', () => {
    const a = describeAgent(
      bare({ files: { statusFile: readOk(JSON.stringify({ '@timestamp': 'x', version: 29, agent: { version: 'v2.5.0' } })) } }),
    );
    assert.equal(a.version?.source, 'status-file');
    assert.equal(a.version?.value, 'v2.5.0');
    assert.equal(a.generation, 2);
  });

  it('a broken status file is no source', () => {
    const a = describeAgent(bare({ files: { statusFile: readOk('{not json') } }));
    assert.equal(a.version, undefined);
    assert.equal(a.generation, null);
  });

  it('from the OCI version label', () => {
    const a = describeAgent(bare({ container: { labels: { 'org.opencontainers.image.version': 'v2.3.0' } } }));
    assert.deepEqual(a.version, { value: 'v2.3.0', source: 'image-label', detail: 'org.opencontainers.image.version' });
  });

  it('from the image tag, also behind a registry with a port and a digest', () => {
    const a = describeAgent(bare({ container: { image: `localhost:5000/netdata/netdata:v1.44.3@sha256:${'a'.repeat(64)}` } }));
    assert.equal(a.version?.value, 'v1.44.3');
    assert.equal(a.version?.source, 'image-tag');
    assert.equal(a.generation, 1);
  });

  it('a registry port is not a tag', () => {
    const a = describeAgent(bare({ container: { image: 'localhost:5000/netdata/netdata' } }));
    assert.equal(a.version, undefined);
  });

  it('from the health check log (/api/v1/info)', () => {
    const a = describeAgent(bare({ container: { health: { status: 'healthy', lastOutput: '{"version":"v1.43.2","uid":"x"}' } } }));
    assert.equal(a.version?.source, 'health-log');
    assert.equal(a.version?.value, 'v1.43.2');
  });

  it('a channel tag is kept as a channel, not a version', () => {
    const a = describeAgent(bare({ container: { image: 'netdata/netdata:stable' } }));
    assert.equal(a.version, undefined);
    assert.equal(a.channel, 'stable');
  });

  it('no version: the claim script means v1', () => {
    const a = describeAgent(nodeFacts({ container: { image: 'netdata/netdata:latest' } }));
    assert.equal(a.generation, 1);
    assert.match(a.generationSource!, /netdata-claim\.sh present/);
  });

  it('no version, no script, claim.conf: v2', () => {
    const a = describeAgent(bare({ files: { claimConf: readOk('[global]\n  token = x\n') } }));
    assert.equal(a.generation, 2);
    assert.equal(a.generationSource, '/etc/netdata/claim.conf present');
  });

  it('no source at all: unknown', () => {
    const a = describeAgent(bare());
    assert.equal(a.generation, null);
    assert.equal(a.generationSource, undefined);
  });
});

describe('describeAgent: claim input', () => {
  const conf = (token: string, url = 'https://conf.example.com') =>
    readOk(`[global]\n   url = ${url}\n   token = ${token}\n   rooms = conf-room\n`);

  it('v1 reads only the environment: claim.conf is ignored', () => {
    const a = describeAgent(nodeFacts({ container: { env: claimEnv() }, files: { claimConf: conf('FROMCONF-0123456789') } }));
    assert.deepEqual(a.claim.token, { value: TOKEN, source: 'inspect', detail: 'Config.Env NETDATA_CLAIM_TOKEN' });
    assert.equal(a.claim.url?.value, CLAIM_URL);
    assert.equal(a.claim.rooms?.value, ROOM);
  });

  it('v1 without env has no claim, even with claim.conf', () => {
    const a = describeAgent(nodeFacts({ files: { claimConf: conf('FROMCONF-0123456789') } }));
    assert.equal(a.claim.token, undefined);
    assert.equal(claimConfigured(a), false);
  });

  it('v2 prefers claim.conf over the environment', () => {
    const a = describeAgent(v2NodeFacts({ container: { env: claimEnv() }, files: { claimConf: conf('FROMCONF-0123456789') } }));
    assert.deepEqual(a.claim.token, { value: 'FROMCONF-0123456789', source: 'file', detail: '/etc/netdata/claim.conf token' });
    assert.equal(a.claim.url?.value, 'https://conf.example.com');
  });

  it('v2 falls back to the environment', () => {
    const a = describeAgent(v2NodeFacts({ container: { env: claimEnv() } }));
    assert.equal(a.claim.token?.source, 'inspect');
  });

  it('unknown generation: the environment', () => {
    const a = describeAgent(bare({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } } }));
    assert.equal(a.generation, null);
    assert.equal(a.claim.token?.value, TOKEN);
    assert.equal(claimConfigured(a), true);
  });

  it('a readable claim.conf makes an unknown version v2, so claim.conf wins', () => {
    const a = describeAgent(
      bare({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } }, files: { claimConf: conf('FROMCONF-0123456789') } }),
    );
    assert.equal(a.generation, 2);
    assert.equal(a.claim.token?.value, 'FROMCONF-0123456789');
  });

  it('empty env values are unset', () => {
    const a = describeAgent(nodeFacts({ container: { env: { NETDATA_CLAIM_TOKEN: '', NETDATA_CLAIM_URL: '' } } }));
    assert.equal(a.claim.token, undefined);
    assert.equal(a.claim.url, undefined);
  });

  it('extra options, proxy and the (unread) NETDATA_CLAIM_INSECURE', () => {
    const a = describeAgent(
      nodeFacts({
        container: {
          env: claimEnv({ NETDATA_EXTRA_CLAIM_OPTS: '-insecure', NETDATA_CLAIM_PROXY: 'http://proxy:3128', NETDATA_CLAIM_INSECURE: '' }),
        },
      }),
    );
    assert.equal(a.claim.extraOpts, '-insecure');
    assert.equal(a.claim.proxy?.value, 'http://proxy:3128');
    assert.equal(a.claim.insecureEnv, '');
  });

  it('claimConfigured: v1 needs URL and token, v2 only a token', () => {
    assert.equal(claimConfigured(describeAgent(nodeFacts({ container: { env: claimEnv() } }))), true);
    assert.equal(claimConfigured(describeAgent(nodeFacts({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } } }))), false);
    assert.equal(claimConfigured(describeAgent(v2NodeFacts({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } } }))), true);
    assert.equal(claimConfigured(describeAgent(v2NodeFacts())), false);
  });
});

describe('describeAgent: identity', () => {
  it('machine GUID trimmed; an empty file is no GUID', () => {
    assert.equal(describeAgent(nodeFacts({ files: { machineGuid: readOk(`${GUID}\n`) } })).machineGuid?.value, GUID);
    assert.equal(describeAgent(nodeFacts({ files: { machineGuid: readOk('\n') } })).machineGuid, undefined);
    assert.equal(describeAgent(nodeFacts({ files: { machineGuid: readFailed('denied') } })).machineGuid, undefined);
  });

  it('claim ID: cloud.conf claimed_id (v2) wins over the claimed_id file', () => {
    const a = describeAgent(v2NodeFacts({ files: { cloudConf: readOk(V2_CLOUD_CONF), claimedId: readOk(GUID) } }));
    assert.equal(a.claimId?.value, V2_CLAIM_ID);
    assert.match(a.claimId!.detail!, /cloud\.conf claimed_id/);
  });

  it('claim ID: a non-UUID claimed_id in cloud.conf falls back to the file', () => {
    const a = describeAgent(
      v2NodeFacts({ files: { cloudConf: readOk('[global]\n\tclaimed_id = not-a-uuid\n'), claimedId: readOk(`${GUID}\n`) } }),
    );
    assert.equal(a.claimId?.value, GUID);
  });

  it('claim ID: v1 claimed_id file; v1 cloud.conf has none', () => {
    const a = describeAgent(nodeFacts({ files: { claimedId: readOk(GUID), cloudConf: readOk(V1_CLOUD_CONF) } }));
    assert.equal(a.claimId?.value, GUID);
    assert.equal(a.cloudConf?.global?.enabled, 'yes');
  });

  it('isUuid', () => {
    assert.equal(isUuid(GUID), true);
    assert.equal(isUuid(` ${GUID.toUpperCase()}\n`), true);
    assert.equal(isUuid('not-a-uuid'), false);
    assert.equal(isUuid(`${GUID}0`), false);
  });
});

describe('describeAgent: secrets', () => {
  it('the env token', () => {
    assert.deepEqual(describeAgent(nodeFacts({ container: { env: claimEnv() } })).secrets, [TOKEN]);
  });
  it('-token=… and --claim-token … in Entrypoint/Cmd', () => {
    const a = describeAgent(
      nodeFacts({ container: { argv: ['/usr/sbin/run.sh', '-token=ARGTOKEN-1', '--claim-token', 'ARGTOKEN-2', '--token=ARGTOKEN-3'] } }),
    );
    assert.deepEqual(a.secrets.sort(), ['ARGTOKEN-1', 'ARGTOKEN-2', 'ARGTOKEN-3']);
  });
  it('NETDATA_EXTRA_CLAIM_OPTS', () => {
    const a = describeAgent(nodeFacts({ container: { env: { NETDATA_EXTRA_CLAIM_OPTS: '-insecure -token=EXTRATOKEN-9 -rooms=x' } } }));
    assert.deepEqual(a.secrets, ['EXTRATOKEN-9']);
  });
  it('claim.conf and cloud.conf tokens, even where the generation does not use them', () => {
    const a = describeAgent(
      nodeFacts({
        files: { claimConf: readOk('[global]\n token = CONFTOKEN-1\n'), cloudConf: readOk('[global]\n\ttoken = CLOUDTOKEN-2\n') },
      }),
    );
    assert.deepEqual(a.secrets.sort(), ['CLOUDTOKEN-2', 'CONFTOKEN-1']);
  });
  it('deduplicated; values shorter than 4 characters are not secrets', () => {
    const a = describeAgent(
      v2NodeFacts({
        container: { env: { NETDATA_CLAIM_TOKEN: TOKEN }, argv: [`-token=${TOKEN}`, '-token=abc'] },
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
      }),
    );
    assert.deepEqual(a.secrets, [TOKEN]);
  });
  it('none without a claim', () => {
    assert.deepEqual(describeAgent(nodeFacts()).secrets, []);
  });
});
