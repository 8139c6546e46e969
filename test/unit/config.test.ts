// Configuration (CONTRACT §2): defaults, flags win over env, every invalid value names its variable, all
// problems at once; durations; listen forms.

import { after, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ConfigError, SETTINGS, configSecrets, describeConfig, loadConfig, parseDuration, parseListen } from '../../src/config/config.ts';
import { reliability } from '../reliability/record.ts';

const problemsOf = (env: NodeJS.ProcessEnv, flags: Record<string, string> = {}, positional: string[] = []): readonly string[] => {
  try {
    loadConfig(env, flags, positional);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
    assert.equal(err.message, err.problems.join('\n'));
    return err.problems;
  }
  assert.fail(`no ConfigError for ${JSON.stringify({ env, flags, positional })}`);
};

describe('loadConfig: defaults', () => {
  it('an empty environment gives the documented defaults', () => {
    const c = loadConfig({});
    assert.deepEqual(
      { ...c },
      {
        targets: 'auto',
        listen: { host: '0.0.0.0', port: 19998 },
        intervalMs: 30_000,
        startPeriodMs: 60_000,
        probeIntervalMs: 300_000,
        exec: 'auto',
        docker: { tlsVerify: false },
        logLevel: 'info',
        logFormat: 'json',
        notify: { targets: [], afterMs: 120_000 },
      },
    );
    assert.ok(Object.isFrozen(c));
  });
  it('empty values count as unset', () => {
    const c = loadConfig({ DOCTOR_INTERVAL: '', DOCTOR_TARGETS: '', DOCKER_HOST: '', LOG_LEVEL: '' });
    assert.equal(c.intervalMs, 30_000);
    assert.equal(c.targets, 'auto');
    assert.equal(c.docker.host, undefined);
  });
});

describe('loadConfig: values', () => {
  it('every variable is read', () => {
    const c = loadConfig({
      DOCTOR_TARGETS: 'netdata, agent2',
      DOCTOR_LISTEN: '[::]:8080',
      DOCTOR_INTERVAL: '1m',
      DOCTOR_START_PERIOD: '2m',
      DOCTOR_PROBE_INTERVAL: '10m',
      DOCTOR_CLOUD_URL: 'https://app.netdata.cloud',
      DOCTOR_AGENT_URL: ' http://netdata:19999 ',
      DOCTOR_EXEC: 'NEVER',
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      DOCKER_CONTEXT: 'remote',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
    });
    assert.deepEqual(c.targets, ['netdata', 'agent2']);
    assert.deepEqual(c.listen, { host: '::', port: 8080 });
    assert.equal(c.intervalMs, 60_000);
    assert.equal(c.startPeriodMs, 120_000);
    assert.equal(c.probeIntervalMs, 600_000);
    assert.equal(c.cloudUrl, 'https://app.netdata.cloud');
    assert.equal(c.agentUrl, 'http://netdata:19999');
    assert.equal(c.exec, 'never');
    assert.deepEqual(c.docker, { tlsVerify: true, host: 'tcp://10.0.0.5:2376', context: 'remote', certPath: '/certs' });
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.logFormat, 'pretty');
  });

  it('flags win over the environment', () => {
    const c = loadConfig(
      { DOCTOR_INTERVAL: '10s', DOCTOR_EXEC: 'auto', DOCTOR_TARGETS: 'a', DOCKER_HOST: 'unix:///a.sock', LOG_LEVEL: 'warn' },
      { interval: '20s', exec: 'never', targets: 'b', 'docker-host': 'unix:///b.sock', 'log-level': 'error' },
    );
    assert.equal(c.intervalMs, 20_000);
    assert.equal(c.exec, 'never');
    assert.deepEqual(c.targets, ['b']);
    assert.equal(c.docker.host, 'unix:///b.sock');
    assert.equal(c.logLevel, 'error');
  });

  it('a flag wins even over a bad environment value (no problem reported)', () => {
    assert.equal(loadConfig({ DOCTOR_INTERVAL: 'soon' }, { interval: '5s' }).intervalMs, 5_000);
  });

  it('positional targets win over DOCTOR_TARGETS and --targets', () => {
    assert.deepEqual(loadConfig({ DOCTOR_TARGETS: 'a' }, { targets: 'b' }, ['c', 'd']).targets, ['c', 'd']);
  });

  it('DOCTOR_TARGETS=auto is auto', () => {
    assert.equal(loadConfig({ DOCTOR_TARGETS: 'AUTO' }).targets, 'auto');
  });

  it('boolean flags (--json) are not settings', () => {
    assert.equal(loadConfig({}, { json: true } as never).intervalMs, 30_000);
  });

  it('every setting has an env variable and a flag, as CONTRACT §2 lists them', () => {
    assert.deepEqual(
      Object.values(SETTINGS)
        .map((s) => s.env)
        .sort(),
      [
        'DOCKER_CERT_PATH',
        'DOCKER_CONTEXT',
        'DOCKER_HOST',
        'DOCKER_TLS_VERIFY',
        'DOCTOR_AGENT_URL',
        'DOCTOR_CLOUD_API',
        'DOCTOR_CLOUD_INTERVAL',
        'DOCTOR_CLOUD_SPACES',
        'DOCTOR_CLOUD_TOKEN',
        'DOCTOR_CLOUD_TOKEN_FILE',
        'DOCTOR_CLOUD_URL',
        'DOCTOR_EXEC',
        'DOCTOR_INTERVAL',
        'DOCTOR_LISTEN',
        'DOCTOR_NOTIFY',
        'DOCTOR_NOTIFY_AFTER',
        'DOCTOR_PROBE_INTERVAL',
        'DOCTOR_PUBLIC_URL',
        'DOCTOR_START_PERIOD',
        'DOCTOR_STATE_DIR',
        'DOCTOR_TARGETS',
        'LOG_FORMAT',
        'LOG_LEVEL',
      ],
    );
    assert.equal(SETTINGS.interval.flag, 'interval');
    assert.equal(SETTINGS.startPeriod.flag, 'start-period');
  });
});

describe('loadConfig: invalid values name their variable', () => {
  const invalid: [string, string][] = [
    ['DOCTOR_TARGETS', 'netdata,,agent'],
    ['DOCTOR_TARGETS', 'net data'],
    ['DOCTOR_LISTEN', 'nowhere'],
    ['DOCTOR_LISTEN', '0.0.0.0:0'],
    ['DOCTOR_LISTEN', '0.0.0.0:65536'],
    ['DOCTOR_LISTEN', ':123456'],
    ['DOCTOR_LISTEN', '19998'],
    ['DOCTOR_INTERVAL', 'soon'],
    ['DOCTOR_INTERVAL', '30'],
    ['DOCTOR_INTERVAL', '-5s'],
    ['DOCTOR_INTERVAL', '500ms'],
    ['DOCTOR_INTERVAL', '0s'],
    ['DOCTOR_START_PERIOD', '1 minute'],
    ['DOCTOR_PROBE_INTERVAL', '5 m'],
    ['DOCTOR_CLOUD_URL', 'app.netdata.cloud'],
    ['DOCTOR_CLOUD_URL', 'ftp://app.netdata.cloud'],
    ['DOCTOR_AGENT_URL', 'netdata:19999'],
    ['DOCTOR_CLOUD_API', 'app.netdata.cloud'],
    ['DOCTOR_CLOUD_INTERVAL', 'often'],
    ['DOCTOR_CLOUD_INTERVAL', '30s'],
    ['DOCTOR_CLOUD_SPACES', 'a,,b'],
    ['DOCTOR_CLOUD_SPACES', 'space one'],
    ['DOCTOR_EXEC', 'sometimes'],
    ['DOCKER_HOST', 'localhost:2375'],
    ['DOCKER_HOST', 'docker.sock'],
    ['DOCKER_TLS_VERIFY', 'maybe'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_FORMAT', 'xml'],
    ['DOCTOR_STATE_DIR', '   '],
  ];
  for (const [variable, value] of invalid) {
    it(`${variable}=${JSON.stringify(value)}`, (t) => {
      const observed = reliability(t, {
        area: 'config',
        tried: `${variable}=${JSON.stringify(value)}`,
        expected: 'a problem that names the variable and its flag (exit 2)',
      });
      const problems = problemsOf({ [variable]: value });
      observed(problems.join('; '));
      assert.ok(problems.length >= 1);
      const flag = Object.values(SETTINGS).find((s) => s.env === variable)!.flag;
      assert.ok(
        problems.some((p) => p.startsWith(`${variable} (--${flag}): ${JSON.stringify(value)}`)),
        problems.join('\n'),
      );
    });
  }

  it('a bad flag names the flag', () => {
    const problems = problemsOf({}, { interval: 'soon' });
    assert.deepEqual(problems, ['--interval: "soon" is not a duration (use 500ms, 30s, 5m, 1h)']);
  });

  it('a target that is not a container name, given by DOCTOR_TARGETS, names DOCTOR_TARGETS', () => {
    const problems = problemsOf({ DOCTOR_TARGETS: 'net/data' });
    assert.ok(
      problems.some((p) => p.includes('DOCTOR_TARGETS')),
      problems.join('\n'),
    );
  });

  it('a positional target that is not a container name is a problem', () => {
    const problems = problemsOf({}, {}, ['bad name!']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /"bad name!"/);
  });

  it('all problems at once', (t) => {
    const observed = reliability(t, {
      area: 'config',
      tried: 'every variable invalid at once',
      expected: 'one problem per variable, all reported together',
    });
    const env = {
      DOCTOR_LISTEN: 'x',
      DOCTOR_INTERVAL: 'x',
      DOCTOR_START_PERIOD: 'x',
      DOCTOR_PROBE_INTERVAL: 'x',
      DOCTOR_CLOUD_URL: 'x',
      DOCTOR_AGENT_URL: 'x',
      DOCTOR_CLOUD_API: 'x',
      DOCTOR_CLOUD_INTERVAL: 'x',
      DOCTOR_CLOUD_SPACES: 'a b',
      DOCTOR_CLOUD_TOKEN: 'x',
      DOCTOR_EXEC: 'x',
      DOCKER_HOST: 'x',
      DOCKER_TLS_VERIFY: 'x',
      LOG_LEVEL: 'x',
      LOG_FORMAT: 'x',
      DOCTOR_TARGETS: 'a,,b',
    };
    const problems = problemsOf(env);
    observed(`${problems.length} problems for ${Object.keys(env).length} variables`);
    for (const variable of Object.keys(env))
      assert.ok(
        problems.some((p) => p.startsWith(`${variable} `)),
        `${variable} missing from:\n${problems.join('\n')}`,
      );
  });
});

describe('parseDuration', () => {
  const ok: [string, number][] = [
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['0s', 0],
    ['1.5s', 1_500],
    [' 2m ', 120_000],
  ];
  for (const [text, ms] of ok) it(`${JSON.stringify(text)} = ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  for (const text of ['', '30', 's', '5 m', '-1s', '1d', '1e3s', 'PT5M', '5min']) {
    it(`${JSON.stringify(text)} is not a duration`, () => assert.equal(parseDuration(text), undefined));
  }
});

describe('parseListen', () => {
  const ok: [string, { host: string; port: number }][] = [
    ['0.0.0.0:19998', { host: '0.0.0.0', port: 19998 }],
    ['[::]:19998', { host: '::', port: 19998 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    [':8080', { host: '0.0.0.0', port: 8080 }],
    ['127.0.0.1:1', { host: '127.0.0.1', port: 1 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
  ];
  for (const [text, expected] of ok) it(`${text}`, () => assert.deepEqual(parseListen(text), expected));
  for (const text of [
    '19998',
    '0.0.0.0:',
    '0.0.0.0:0',
    ':65536',
    ':99999',
    ':123456',
    '::1:8080',
    '[::]',
    'host:port',
    'a b:80',
    '[zz]:80',
  ]) {
    it(`${JSON.stringify(text)} is invalid`, () => assert.equal(parseListen(text), undefined));
  }
});

describe('describeConfig', () => {
  it('prints listen with brackets for IPv6 and durations in ms', () => {
    const d = describeConfig(loadConfig({ DOCTOR_LISTEN: '[::]:8080' }));
    assert.equal(d.listen, '[::]:8080');
    assert.equal(d.interval, '30000ms');
    assert.equal(d.dockerHost, null);
  });
});

describe('loadConfig: Netdata Cloud API (CONTRACT §12)', () => {
  const TOKEN = 'ndc.0123456789abcdefSECRET';
  const tmp = mkdtempSync(join(tmpdir(), 'ncd-config-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(tmp, name);
    writeFileSync(path, content);
    return path;
  };
  const assertNoToken = (problems: readonly string[]) =>
    assert.ok(
      problems.every((p) => !p.includes(TOKEN) && !p.includes('SECRET')),
      problems.join('\n'),
    );

  it('no token: no cloud section (the default, off)', () => {
    assert.equal(loadConfig({}).cloud, undefined);
    assert.equal(loadConfig({ DOCTOR_CLOUD_API: 'https://cloud.example', DOCTOR_CLOUD_INTERVAL: '10m' }).cloud, undefined);
  });
  it('DOCTOR_CLOUD_TOKEN alone gives the defaults', () => {
    assert.deepEqual(loadConfig({ DOCTOR_CLOUD_TOKEN: TOKEN }).cloud, {
      token: TOKEN,
      tokenFrom: 'DOCTOR_CLOUD_TOKEN',
      apiUrl: 'https://app.netdata.cloud',
      spaces: 'all',
      intervalMs: 300_000,
    });
  });
  it('every Cloud setting is read; flags win', () => {
    const c = loadConfig(
      {
        DOCTOR_CLOUD_TOKEN: TOKEN,
        DOCTOR_CLOUD_API: 'http://127.0.0.1:8080/',
        DOCTOR_CLOUD_SPACES: ' s1, s2 ,s1',
        DOCTOR_CLOUD_INTERVAL: '2m',
      },
      { 'cloud-interval': '3m' },
    );
    assert.deepEqual(c.cloud, {
      token: TOKEN,
      tokenFrom: 'DOCTOR_CLOUD_TOKEN',
      apiUrl: 'http://127.0.0.1:8080',
      spaces: ['s1', 's2'],
      intervalMs: 180_000,
    });
  });
  it('DOCTOR_CLOUD_TOKEN_FILE: read, one trailing newline trimmed', () => {
    const path = file('secret', `${TOKEN}\n`);
    assert.equal(loadConfig({ DOCTOR_CLOUD_TOKEN_FILE: path }).cloud?.token, TOKEN);
    assert.equal(loadConfig({ DOCTOR_CLOUD_TOKEN_FILE: file('crlf', `${TOKEN}\r\n`) }).cloud?.token, TOKEN);
    assert.equal(loadConfig({ DOCTOR_CLOUD_TOKEN_FILE: file('bare', TOKEN) }).cloud?.token, TOKEN);
    assert.equal(loadConfig({ DOCTOR_CLOUD_TOKEN_FILE: path }).cloud?.tokenFrom, path);
  });
  it('a file with two trailing newlines is a problem (only one is trimmed), and the token is not quoted', () => {
    const problems = problemsOf({ DOCTOR_CLOUD_TOKEN_FILE: file('two', `${TOKEN}\n\n`) });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^DOCTOR_CLOUD_TOKEN_FILE \(--cloud-token-file\): the token/);
    assertNoToken(problems);
  });
  it('both the token and the file: a problem', () => {
    const problems = problemsOf({ DOCTOR_CLOUD_TOKEN: TOKEN, DOCTOR_CLOUD_TOKEN_FILE: file('both', TOKEN) });
    assert.deepEqual(problems, [
      'DOCTOR_CLOUD_TOKEN (--cloud-token) and DOCTOR_CLOUD_TOKEN_FILE (--cloud-token-file): set only one of them',
    ]);
  });
  it('a missing file, an empty file, a directory: problems naming the variable', () => {
    for (const path of [join(tmp, 'nope'), file('empty', ''), file('newline', '\n'), tmp]) {
      const problems = problemsOf({ DOCTOR_CLOUD_TOKEN_FILE: path });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.ok(problems[0]!.startsWith('DOCTOR_CLOUD_TOKEN_FILE (--cloud-token-file): '), problems[0]);
    }
  });
  it('a token with whitespace or quotes inside: a problem that does not quote it', () => {
    for (const bad of [`"${TOKEN}"`, `${TOKEN} x`, `${TOKEN}\tSECRET`]) {
      const problems = problemsOf({ DOCTOR_CLOUD_TOKEN: bad });
      assert.equal(problems.length, 1);
      assertNoToken(problems);
    }
  });
  it('Cloud problems come with the others, all at once', () => {
    const problems = problemsOf({
      DOCTOR_CLOUD_TOKEN: TOKEN,
      DOCTOR_CLOUD_TOKEN_FILE: 'x',
      DOCTOR_CLOUD_INTERVAL: '59s',
      DOCTOR_INTERVAL: 'x',
    });
    assert.equal(problems.length, 3, problems.join('\n'));
  });
  it('describeConfig never shows the token; configSecrets gives it to redaction', () => {
    const c = loadConfig({ DOCTOR_CLOUD_TOKEN: TOKEN });
    const text = JSON.stringify(describeConfig(c));
    assert.ok(!text.includes(TOKEN), text);
    assert.match(text, /"cloudApi":\{"token":"\[REDACTED\] \(DOCTOR_CLOUD_TOKEN\)","api":"https:\/\/app.netdata.cloud"/);
    assert.deepEqual(configSecrets(c), [TOKEN]);
    assert.deepEqual(configSecrets(loadConfig({})), []);
    assert.equal(describeConfig(loadConfig({})).cloudApi, null);
  });
});
