import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentLogLocation } from '../../../src/agent/log-location.ts';
import { containerFactsFromInspect } from '../../../src/docker/inspect.ts';

const unreadable = (loc: ReturnType<typeof agentLogLocation>) => {
  assert.equal(loc.readable, false);
  if (loc.readable) throw new Error('unreachable');
  assert.equal(loc.causeWords, 'logs-unreadable');
  return loc;
};

describe('agentLogLocation: log drivers', () => {
  it('json-file, local, journald and no LogConfig are read by docker logs', () => {
    for (const type of ['json-file', 'local', 'journald'])
      assert.equal(agentLogLocation({ logConfig: { type, config: {} } }).readable, true, type);
    assert.equal(agentLogLocation({}).readable, true);
  });
  it('"none" keeps nothing, not even the entrypoint\'s lines', () => {
    const loc = unreadable(agentLogLocation({ logConfig: { type: 'none', config: {} } }));
    assert.equal(loc.entrypointReadable, false);
    assert.match(loc.where, /none/);
  });
  it('a remote driver is readable through dual logging, unless cache-disabled=true', () => {
    for (const type of ['awslogs', 'gelf', 'syslog', 'fluentd', 'splunk', 'gcplogs']) {
      assert.equal(agentLogLocation({ logConfig: { type, config: {} } }).readable, true, type);
      const loc = unreadable(
        agentLogLocation({ logConfig: { type, config: { 'cache-disabled': 'true', 'syslog-address': 'udp://10.0.0.5:514' } } }),
      );
      assert.match(loc.where, new RegExp(type));
    }
    assert.match(
      unreadable(
        agentLogLocation({ logConfig: { type: 'syslog', config: { 'cache-disabled': 'true', 'syslog-address': 'udp://10.0.0.5:514' } } }),
      ).where,
      /udp:\/\/10\.0\.0\.5:514/,
    );
  });
});

describe('agentLogLocation: netdata.conf', () => {
  it('[logs] daemon = journal goes to the host journal; the entrypoint still writes to docker logs', () => {
    const loc = unreadable(agentLogLocation({ netdataConf: '[logs]\n\tdaemon = journal\n' }));
    assert.match(loc.where, /journal/);
    assert.equal(loc.entrypointReadable, true);
    assert.match(loc.readWith ?? '', /journalctl/);
  });
  it('syslog, none, and a file inside the container (with its host path when mounted)', () => {
    assert.match(unreadable(agentLogLocation({ netdataConf: '[logs]\ndaemon = syslog\n' })).where, /syslog/);
    assert.match(unreadable(agentLogLocation({ netdataConf: '[logs]\ndaemon = none\n' })).where, /nowhere/);
    const file = unreadable(
      agentLogLocation({
        netdataConf: '[logs]\ndaemon = /var/lib/netdata/daemon.log\n',
        containerName: 'agent',
        mounts: [{ type: 'volume', name: 'lib', source: '/var/lib/docker/volumes/lib/_data', destination: '/var/lib/netdata', rw: true }],
      }),
    );
    assert.match(
      file.where,
      /\/var\/lib\/netdata\/daemon\.log inside the container \(on the host: \/var\/lib\/docker\/volumes\/lib\/_data\/daemon\.log\)/,
    );
    assert.equal(file.readWith, 'docker exec agent tail -n 300 /var/lib/netdata/daemon.log');
  });
  it('the defaults and stderr/stdout stay in docker logs; v1 [global] error log is read too', () => {
    for (const conf of [
      '',
      '[logs]\ndaemon = /var/log/netdata/daemon.log\n',
      '[logs]\ndaemon = stderr\n',
      '[logs]\n# daemon = journal\n',
      '[global]\nerror log = /var/log/netdata/error.log\n',
    ]) {
      assert.equal(agentLogLocation({ netdataConf: conf }).readable, true, conf);
    }
    assert.match(unreadable(agentLogLocation({ netdataConf: '[global]\n\terror log = syslog\n' })).why, /\[global\] error log/);
  });
  it("a bind mount over /var/log/netdata hides the image's links", () => {
    const loc = unreadable(
      agentLogLocation({ mounts: [{ type: 'bind', source: '/srv/netdata/log', destination: '/var/log/netdata', rw: true }] }),
    );
    assert.match(loc.where, /\/srv\/netdata\/log/);
  });
  it('never throws on odd input', () => {
    assert.equal(
      agentLogLocation({
        netdataConf: 42 as unknown as string,
        logConfig: { type: 'none', config: null as unknown as Record<string, string> },
      }).readable,
      false,
    );
    assert.equal(agentLogLocation({ logConfig: { type: 'x', config: {} }, netdataConf: '\u0000[logs' }).readable, true);
  });
});

describe('inspect: LogConfig', () => {
  it('is read from HostConfig.LogConfig, string options only', () => {
    const f = containerFactsFromInspect({
      HostConfig: { LogConfig: { Type: 'gelf', Config: { 'gelf-address': 'udp://x:12201', 'cache-disabled': 'true', bad: 3 } } },
    });
    assert.deepEqual(f.logConfig, { type: 'gelf', config: { 'gelf-address': 'udp://x:12201', 'cache-disabled': 'true' } });
    assert.equal(containerFactsFromInspect({ HostConfig: {} }).logConfig, undefined);
  });
});
