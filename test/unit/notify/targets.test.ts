// DOCTOR_NOTIFY parsing (CONTRACT §13): each target form, +http only for private hosts, every problem at once
// and none of them echoing the target, and the secrets each target registers for redaction.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPrivateHost, parseTargets, splitTargets } from '../../../src/notify/targets.ts';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/config.ts';
import { redactText } from '../../../src/secrets/redact.ts';
import { reliability } from '../../reliability/record.ts';

const SLACK = 'slack+https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/Xy9SlackSecretToken42';
const DISCORD = 'discord+https://discord.com/api/webhooks/123456789012345678/DiscordSecret-Token_987654321';
const SMTP = 'smtp://mailer:S3cretPassw0rd@mail.example.org:587?from=doctor@example.org&to=ops@example.org,me@example.org';

describe('notify targets: forms', () => {
  it('each kind parses, labelled by its scheme, displayed by scheme and host', () => {
    const { targets, problems } = parseTargets(
      [
        'https://hooks.example.org/doctor/9f8e7d6c5b4a',
        'http://10.1.2.3:8080/in',
        SLACK,
        DISCORD,
        'ntfy+https://ntfy.sh/netdata-alerts-7f3a9c',
        'apprise+http://apprise:8000/notify/apprisekey123',
        SMTP,
        'smtps://mail.example.org?from=a@example.org&to=b@example.org',
      ].join(','),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      targets.map((t) => [t.kind, t.label, t.display]),
      [
        ['webhook', 'https', 'https://hooks.example.org'],
        ['webhook', 'http', 'http://10.1.2.3:8080'],
        ['slack', 'slack', 'slack://hooks.slack.com'],
        ['discord', 'discord', 'discord://discord.com'],
        ['ntfy', 'ntfy', 'ntfy://ntfy.sh'],
        ['apprise', 'apprise', 'apprise://apprise:8000'],
        ['smtp', 'smtp', 'smtp://mail.example.org:587'],
        ['smtp', 'smtps', 'smtps://mail.example.org'],
      ],
    );
  });

  it('a comma inside to= does not start a new target', () => {
    assert.deepEqual(splitTargets(`${SMTP}, https://x.example/a`), [SMTP, 'https://x.example/a']);
  });

  it('+http is for loopback, RFC 1918 and single-label names only', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.1',
      '::1',
      '[::1]',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.1',
      '192.168.1.1',
      'ntfy',
      'apprise-api',
      'localhost',
    ]) {
      assert.ok(isPrivateHost(host), host);
    }
    for (const host of ['8.8.8.8', '172.32.0.1', '192.169.0.1', 'ntfy.sh', 'example.org', '11.0.0.1'])
      assert.ok(!isPrivateHost(host), host);
    const { problems } = parseTargets('ntfy+http://ntfy.sh/topic');
    assert.match(problems[0]!, /\+http is only for a private or loopback host/);
  });
});

describe('notify targets: problems', () => {
  it('every bad target is reported at once, by position, scheme and host, never by its secret parts', (t) => {
    const observe = reliability(t, {
      area: 'secret',
      tried: 'DOCTOR_NOTIFY with 6 malformed targets carrying tokens and passwords',
      expected: 'one problem each, none echoing a secret',
    });
    const env = {
      DOCTOR_NOTIFY: [
        'slack+https://hooks.slack.com/wrong/Xy9SlackSecretToken42',
        'discord+https://discord.com/api/nothooks/DiscordSecret-Token_987654321',
        'gopher://x.example/Secret123456',
        'smtp://mailer:S3cretPassw0rd@mail.example.org?to=ops@example.org',
        'ntfy+http://ntfy.sh/topicSecret99',
        'apprise+https://apprise.example/notify',
      ].join(','),
      DOCTOR_NOTIFY_AFTER: 'soon',
    };
    let problems: readonly string[] = [];
    try {
      loadConfig(env);
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      problems = err.problems;
    }
    observe(problems.join(' | '));
    assert.equal(problems.length, 7);
    for (const secret of [
      'Xy9SlackSecretToken42',
      'DiscordSecret-Token_987654321',
      'Secret123456',
      'S3cretPassw0rd',
      'topicSecret99',
      'mailer',
    ]) {
      assert.ok(!problems.join('\n').includes(secret), secret);
    }
    assert.ok(problems.every((p) => p.startsWith('DOCTOR_NOTIFY')));
    assert.match(problems.join('\n'), /target 4 \(smtp:\/\/mail\.example\.org\): needs \?from=/);
  });

  it('the secrets of a target are registered, its plain words are not; the logged config shows none of them', () => {
    const config = loadConfig({
      DOCTOR_NOTIFY: `${SLACK},${DISCORD},${SMTP},https://u:hookpass@hooks.example.org/hooks/abc?token=qtoken99`,
    });
    const secrets = config.notify!.targets.flatMap((t) => t.secrets);
    for (const s of ['Xy9SlackSecretToken42', 'DiscordSecret-Token_987654321', 'S3cretPassw0rd', 'mailer', 'hookpass', 'qtoken99'])
      assert.ok(secrets.includes(s), s);
    for (const word of ['services', 'hooks', 'api', 'webhooks']) assert.ok(!secrets.includes(word), word);
    const logged = JSON.stringify(describeConfig(config));
    assert.deepEqual(describeConfig(config).notify, [
      'slack://hooks.slack.com',
      'discord://discord.com',
      'smtp://mail.example.org:587',
      'https://hooks.example.org',
    ]);
    for (const s of secrets) assert.ok(!logged.includes(s), s);
    assert.ok(!redactText(`posting to ${SLACK.slice(6)}`, secrets).includes('Xy9Slack'));
  });
});
