// Notifications (CONTRACT §13) against real receivers on 127.0.0.1: each target's message shape, e-mail
// through a real SMTP server (aiosmtpd), notify-test's exit codes, and the delivery rules under a target
// that hangs, one that answers 500 and a full queue. Secrets inside target URLs appear nowhere.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runCli } from './harness.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from './notify-receivers.ts';
import { reliability } from '../reliability/record.ts';
import { Notifier, type NotifyResult } from '../../src/notify/notifier.ts';
import { parseTargets } from '../../src/notify/targets.ts';
import { createLogger } from '../../src/log/logger.ts';
import { Metrics } from '../../src/server/metrics.ts';
import type { Report, NodeReport } from '../../src/diagnosis/diagnose.ts';

const SLACK_SECRET = 'Xy9SlackSecretToken42';
const DISCORD_SECRET = 'DiscordSecret-Token_987654321';
const HOOK_SECRET = 'hookKey-5f4e3d2c1b';
const HOOK_PASS = 'HookPassw0rd!';
const APPRISE_KEY = 'appriseKey0042';
const NTFY_TOPIC = 'doctor-alerts-7f3a9c';
const HOSTILE = '<script>alert(1)</script> <!channel> @everyone';

function node(name: string, status: NodeReport['status'], state: NodeReport['state']): NodeReport {
  const failing = status === 'fail';
  return {
    container: { id: `${name}-id`, name, image: 'netdata/netdata:v2.10.4' },
    agent: { version: 'v2.10.4', generation: 2, machineGuid: null, claimId: null, apiSource: null },
    state,
    cause: failing ? 'aclk.connection/ping-timeout' : 'aclk.connection/ok',
    cloud: { shows: failing ? 'Offline' : 'Live', source: 'inferred' },
    cloudView: failing ? 'Offline' : 'Live',
    status,
    findings: [
      {
        id: 'aclk.connection',
        status: failing ? 'fail' : 'pass',
        cause: failing ? 'aclk.connection/ping-timeout' : 'aclk.connection/ok',
        summary: failing ? `disconnected, ping timed out ${HOSTILE}` : 'connected',
        evidence: {},
        ...(failing
          ? {
              remedy: 'Check the firewall towards app.netdata.cloud.',
              steps: [{ where: 'agent' as const, run: `docker exec ${name} netdatacli aclk-state` }],
            }
          : { steps: [] }),
        docs: 'docs/checks/aclk.connection.md',
      },
    ],
  };
}

const report = (...nodes: NodeReport[]): Report => ({
  status: nodes.some((n) => n.status === 'fail') ? 'fail' : 'pass',
  serviceId: 'netdata-cloud-doctor',
  releaseId: 'test',
  output: '',
  description: '',
  checks: {},
  nodes,
});

/** aiosmtpd prints the message as sent: RFC 2047 encoded-word headers and a quoted-printable body. */
function decodeMail(raw: string): string {
  const subject = raw.replace(/\?=\n =\?UTF-8\?Q\?/gi, '').replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, q: string) => q.replace(/_/g, ' '));
  return decodeQp(subject.replace(/=\n/g, ''));
}
const decodeQp = (text: string) =>
  Buffer.from(
    text.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

function captureLogger() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const logger = createLogger({ level: 'info', format: 'json', fd: 1, stream });
  return {
    logger,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => text,
  };
}

describe("notify-test: every HTTP target gets its service's message shape", () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startHttpReceiver();
  });
  after(() => receiver.close());

  it('webhook, Slack, Discord, ntfy and Apprise each accept: exit 0, one line per target, no secret anywhere', async (t) => {
    const observe = reliability(t, {
      area: 'secret',
      tried: 'notify-test with a webhook path key and Basic password, a Slack token, a Discord token, an Apprise key in the URLs',
      expected: 'delivered, and none of them on stdout or stderr',
    });
    const host = receiver.base.replace('http://', '');
    const notify = [
      `http://user:${encodeURIComponent(HOOK_PASS)}@${host}/hook/${HOOK_SECRET}`,
      `slack+http://${host}/services/T0ABCDEF1/B0ABCDEF2/${SLACK_SECRET}`,
      `discord+http://${host}/api/webhooks/123456789012345678/${DISCORD_SECRET}`,
      `ntfy+http://${host}/${NTFY_TOPIC}`,
      `apprise+http://${host}/notify/${APPRISE_KEY}`,
    ].join(',');
    const run = await runCli(['notify-test'], { DOCTOR_NOTIFY: notify, DOCTOR_PUBLIC_URL: 'http://doctor.test:19998/' });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(run.stdout.trim().split('\n').length, 5);
    assert.match(run.stdout, /^slack:\/\/127\.0\.0\.1:\d+: accepted$/m);
    for (const secret of [SLACK_SECRET, DISCORD_SECRET, HOOK_SECRET, HOOK_PASS, APPRISE_KEY]) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), secret);
    }
    observe(run.stdout.trim().replace(/\n/g, ' | '));

    const hook = await receiver.waitFor((r) => r.path === `/hook/${HOOK_SECRET}`);
    assert.equal(hook.method, 'POST');
    assert.match(String(hook.headers['content-type']), /^application\/json/);
    assert.equal(hook.headers.authorization, `Basic ${Buffer.from(`user:${HOOK_PASS}`).toString('base64')}`);
    const event = JSON.parse(hook.body);
    assert.equal(event.event, 'notify.test');
    assert.equal(event.statusPage, 'http://doctor.test:19998/');
    assert.equal(typeof event.host, 'string');

    const slack = JSON.parse((await receiver.waitFor((r) => r.path.startsWith('/services/'))).body);
    assert.equal(typeof slack.text, 'string');
    assert.equal(slack.blocks[0].type, 'header');
    assert.equal(slack.blocks[1].text.type, 'mrkdwn');
    assert.match(slack.blocks[1].text.text, /test from netdata-cloud-doctor/);

    const discord = JSON.parse((await receiver.waitFor((r) => r.path.startsWith('/api/webhooks/'))).body);
    assert.deepEqual(discord.allowed_mentions, { parse: [] });
    assert.match(discord.embeds[0].title, /test notification/);
    assert.equal(discord.embeds[0].url, 'http://doctor.test:19998/');

    const ntfy = await receiver.waitFor((r) => r.path === `/${NTFY_TOPIC}`);
    assert.equal(ntfy.headers.title, 'netdata-cloud-doctor test notification from ' + event.host);
    assert.equal(ntfy.headers.priority, 'default');
    assert.equal(ntfy.headers.tags, 'information_source');
    assert.equal(ntfy.headers.click, 'http://doctor.test:19998/');
    assert.match(ntfy.body, /test from netdata-cloud-doctor/);

    const apprise = JSON.parse((await receiver.waitFor((r) => r.path === `/notify/${APPRISE_KEY}`)).body);
    assert.deepEqual(Object.keys(apprise).sort(), ['body', 'format', 'title', 'type']);
    assert.equal(apprise.type, 'info');
  });
});

describe('notify-test: exit codes', () => {
  it('a target answering 500 or 404, or a closed port: exit 1, the accepted one still says accepted', async () => {
    const good = await startHttpReceiver();
    const bad = await startHttpReceiver('error-500');
    const gone = await startHttpReceiver('error-404');
    const closed = await startHttpReceiver();
    const closedBase = closed.base;
    await closed.close();
    try {
      const run = await runCli(['notify-test'], {
        DOCTOR_NOTIFY: `${good.base}/ok,${bad.base}/bad,${closedBase}/closed,${gone.base}/revoked`,
      });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.match(lines[0]!, /: accepted$/);
      assert.match(lines[1]!, /not delivered: .*answered HTTP 500/);
      assert.match(lines[2]!, /not delivered: .*unreachable \(ECONNREFUSED\)/);
      assert.match(lines[3]!, /not delivered: .*answered HTTP 404/);
      assert.equal(bad.requests.length, 3, '3 tries');
      assert.equal(gone.requests.length, 1, 'a 404 is not tried again');
    } finally {
      await good.close();
      await bad.close();
      await gone.close();
    }
  });

  it('no target configured: exit 2 with one clear line; a bad target: exit 2, its secret not echoed', async () => {
    const none = await runCli(['notify-test']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /DOCTOR_NOTIFY \(--notify\) is not set/);
    const bad = await runCli(['notify-test'], { DOCTOR_NOTIFY: `slack+https://hooks.slack.com/nothooks/${SLACK_SECRET}` });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /target 1 \(slack:\/\/hooks\.slack\.com\)/);
    assert.ok(!bad.stderr.includes(SLACK_SECRET));
  });
});

describe('e-mail through a real SMTP server (aiosmtpd)', () => {
  it('notify-test: one message with the headline as subject and the text body', async (t) => {
    const smtp = await startSmtpReceiver(t);
    if (!smtp) return;
    try {
      const target = `smtp://127.0.0.1:${smtp.port}?from=doctor@example.test&to=ops@example.test,oncall@example.test`;
      const run = await runCli(['notify-test'], { DOCTOR_NOTIFY: target });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      await smtp.waitFor(/Subject: netdata-cloud-doctor test notification from/);
      assert.match(smtp.output(), /To: ops@example\.test, oncall@example\.test/);
      assert.match(smtp.output(), /From: doctor@example\.test/);
      assert.match(smtp.output(), /This is a test from netdata-cloud-doctor notify-test/);
    } finally {
      await smtp.close();
    }
  });

  it('a problem event by e-mail carries node, host, states, cause, remedy and steps', async (t) => {
    const smtp = await startSmtpReceiver(t);
    if (!smtp) return;
    const { targets } = parseTargets(`smtp://127.0.0.1:${smtp.port}?from=doctor@example.test&to=ops@example.test`);
    const log = captureLogger();
    const notifier = new Notifier({ targets, afterMs: 0, hostName: 'docker-host-1', logger: log.logger, publicUrl: 'http://doctor.test/' });
    try {
      notifier.observe(report(node('netdata', 'pass', 'live')), new Date('2026-12-04T10:00:00Z'));
      notifier.observe(report(node('netdata', 'fail', 'offline')), new Date('2026-12-04T10:01:00Z'));
      await notifier.idle();
      const out = await smtp.waitFor(/Status page: http:\/\/doctor\.test\/\s*$/m);
      assert.ok(out);
      const mail = decodeMail(smtp.output());
      assert.match(mail, /Subject: netdata on docker-host-1: live → offline: disconnected, ping timed out/);
      for (const part of [
        'Node: netdata (Docker host docker-host-1)',
        'State: live → offline (fail) since 2026-12-04T10:01:00.000Z',
        'Netdata Cloud shows: Offline',
        'Cause: aclk.connection/ping-timeout',
        'Remedy: Check the firewall',
        '[agent] docker exec netdata netdatacli aclk-state',
      ]) {
        assert.ok(mail.includes(part), `${part} in\n${mail}`);
      }
    } finally {
      notifier.stop();
      await smtp.close();
    }
  });
});

describe('Notifier: event content and delivery rules', () => {
  it('a problem and its recovery reach a webhook with every field of §13; Slack escapes hostile text; Discord pings nobody', async (t) => {
    const observe = reliability(t, {
      area: 'input',
      tried: 'an agent-supplied summary carries <script>, <!channel> and @everyone into a notification',
      expected: "escaped in Slack's markup, no mention on Discord, the webhook gets it as JSON data",
    });
    const receiver = await startHttpReceiver();
    const host = receiver.base.replace('http://', '');
    const { targets } = parseTargets(
      `${receiver.base}/hook,slack+http://${host}/services/T1/B1/${SLACK_SECRET},discord+http://${host}/api/webhooks/1/${DISCORD_SECRET}`,
    );
    const log = captureLogger();
    const counted: string[] = [];
    const notifier = new Notifier({
      targets,
      afterMs: 60_000,
      hostName: 'docker-host-1',
      logger: log.logger,
      publicUrl: 'https://doctor.example/',
      count: (l, e, r) => counted.push(`${l} ${e} ${r}`),
    });
    try {
      const t0 = Date.parse('2026-12-04T10:00:00Z');
      notifier.observe(report(node('netdata', 'pass', 'live')), new Date(t0));
      notifier.observe(report(node('netdata', 'fail', 'offline')), new Date(t0 + 1_000));
      notifier.observe(report(node('netdata', 'fail', 'offline')), new Date(t0 + 61_000));
      notifier.observe(report(node('netdata', 'pass', 'live')), new Date(t0 + 90_000));
      await notifier.idle();
      const events = receiver.requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body));
      assert.deepEqual(
        events.map((e) => e.event),
        ['node.problem', 'node.recovered'],
      );
      const problem = events[0];
      assert.deepEqual(
        { ...problem, summary: undefined },
        {
          event: 'node.problem',
          node: 'netdata',
          host: 'docker-host-1',
          from: 'live',
          to: 'offline',
          status: 'fail',
          since: '2026-12-04T10:00:01.000Z',
          cause: 'aclk.connection/ping-timeout',
          summary: undefined,
          remedy: 'Check the firewall towards app.netdata.cloud.',
          steps: [{ where: 'agent', run: 'docker exec netdata netdatacli aclk-state' }],
          cloudShows: 'Offline',
          statusPage: 'https://doctor.example/',
          at: '2026-12-04T10:01:01.000Z',
        },
      );
      assert.deepEqual([events[1].from, events[1].to, events[1].since], ['offline', 'live', '2026-12-04T10:01:30.000Z']);
      const slack = receiver.requests.filter((r) => r.path.startsWith('/services/')).map((r) => JSON.parse(r.body));
      assert.equal(slack.length, 2);
      // Slack parses markup in `text` and mrkdwn blocks (a plain_text header shows it literally).
      for (const marked of [slack[0].text, slack[0].blocks[1].text.text]) {
        assert.ok(!marked.includes('<script>') && !marked.includes('<!channel>') && marked.includes('&lt;script&gt;'), marked);
      }
      assert.equal(slack[0].blocks[0].text.type, 'plain_text');
      const discord = JSON.parse(receiver.requests.find((r) => r.path.startsWith('/api/webhooks/'))!.body);
      assert.deepEqual(discord.allowed_mentions, { parse: [] });
      observe(
        `Slack text: ${slack[0].blocks[1].text.text.split('\n').find((l: string) => l.startsWith('Summary'))}; Discord allowed_mentions.parse: []`,
      );
      assert.deepEqual(counted.sort(), [
        'discord node.problem sent',
        'discord node.recovered sent',
        'http node.problem sent',
        'http node.recovered sent',
        'slack node.problem sent',
        'slack node.recovered sent',
      ]);
    } finally {
      notifier.stop();
      await receiver.close();
    }
  });

  it('a hanging target: each try ends at the timeout, one notify.failed, the other target is not held up; stop() abandons at once', async (t) => {
    const observe = reliability(t, {
      area: 'fault',
      tried: 'a notification target accepts the connection and never answers',
      expected: 'observe returns at once, one notify.failed, other targets delivered, stop() cuts the connection',
    });
    const hanging = await startHttpReceiver('hang');
    const good = await startHttpReceiver();
    const log = captureLogger();
    const counted: string[] = [];
    const { targets } = parseTargets(`${hanging.base}/hang,${good.base}/ok`);
    const notifier = new Notifier({
      targets,
      afterMs: 0,
      hostName: 'h',
      logger: log.logger,
      timeoutMs: 300,
      backoffMs: [20, 20],
      count: (l, e, r) => counted.push(`${e} ${r}`),
    });
    try {
      notifier.observe(report(node('a', 'fail', 'offline')), new Date());
      assert.equal(hanging.requests.length + good.requests.length <= 2, true);
      await good.waitFor((r) => r.path === '/ok');
      assert.equal(counted.filter((c) => c.endsWith('failed')).length, 0, 'the good target was not held by the hanging one');
      await notifier.idle();
      assert.equal(hanging.requests.length, 3);
      notifier.observe(report(node('a', 'fail', 'offline'), node('b', 'fail', 'offline')), new Date());
      await notifier.idle();
      const failed = log.lines().filter((l) => l.event === 'notify.failed');
      assert.equal(failed.length, 1, 'one notify.failed per target until it works again');
      assert.equal(failed[0]!.target, `http://${hanging.base.slice(7)}`);
      assert.match(String(failed[0]!.error), /timed out/);
      assert.deepEqual(
        counted.filter((c) => c.endsWith('failed')),
        ['node.problem failed', 'node.problem failed'],
      );
      // Now a delivery in flight, then stop(): it returns at once and the connection is cut.
      notifier.observe(report(node('a', 'fail', 'offline'), node('b', 'fail', 'offline'), node('c', 'fail', 'offline')), new Date());
      await hanging.waitFor((r) => r.body.includes('"node":"c"'));
      const abandonedBefore = hanging.abandoned;
      notifier.stop();
      await notifier.idle();
      const deadline = Date.now() + 5_000;
      while (hanging.abandoned === abandonedBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(hanging.abandoned > abandonedBefore, 'the held connection was closed by stop()');
      observe(
        `tries to the hanging target: ${hanging.requests.length}; notify.failed lines: ${failed.length}; after stop() the receiver saw its connection closed`,
      );
    } finally {
      notifier.stop();
      await hanging.close();
      await good.close();
    }
  });

  it('a target answering 500: 3 tries, one notify.failed, notify.recovered when it works again; metrics count by scheme', async (t) => {
    const observe = reliability(t, {
      area: 'fault',
      tried: 'a notification target answers HTTP 500, then recovers',
      expected: '3 tries per event, one notify.failed, then notify.recovered; metric labels hold the scheme only',
    });
    const receiver = await startHttpReceiver('error-500');
    const log = captureLogger();
    const metrics = new Metrics();
    const url = `http://${receiver.base.slice(7)}/hook/${HOOK_SECRET}?token=${HOOK_PASS}`;
    const { targets } = parseTargets(url);
    log.logger.addSecrets(targets.flatMap((x) => x.secrets));
    const notifier = new Notifier({
      targets,
      afterMs: 0,
      hostName: 'h',
      logger: log.logger,
      backoffMs: [10, 10],
      count: (l, e, r) => metrics.notification(l, e, r),
    });
    try {
      notifier.observe(report(node('a', 'fail', 'offline')), new Date());
      await notifier.idle();
      notifier.observe(report(node('a', 'fail', 'offline'), node('b', 'fail', 'offline')), new Date());
      await notifier.idle();
      assert.equal(receiver.requests.length, 6);
      receiver.behaviour = 'ok';
      notifier.observe(report(node('a', 'fail', 'offline'), node('b', 'fail', 'offline'), node('c', 'fail', 'offline')), new Date());
      await notifier.idle();
      const events = log.lines().map((l) => l.event);
      assert.deepEqual(events, ['notify.failed', 'notify.recovered']);
      const text = await metrics.text();
      assert.match(text, /netdata_cloud_doctor_notifications_total\{target="http",event="node.problem",result="failed"\} 2/);
      assert.match(text, /netdata_cloud_doctor_notifications_total\{target="http",event="node.problem",result="sent"\} 1/);
      for (const secret of [HOOK_SECRET, HOOK_PASS]) {
        assert.ok(!log.text().includes(secret), `log holds ${secret}`);
        assert.ok(!text.includes(secret), `metrics hold ${secret}`);
      }
      assert.ok(
        !receiver.requests.some((r) => r.body.includes(HOOK_SECRET) || r.body.includes(HOOK_PASS)),
        'the message holds no target secret',
      );
      observe(`requests: ${receiver.requests.length}; log events: ${events.join(', ')}`);
    } finally {
      notifier.stop();
      await receiver.close();
    }
  });

  it('a full queue drops the oldest, counted; observe never waits', async (t) => {
    const observe = reliability(t, {
      area: 'fault',
      tried: 'events pile up behind a hanging target with a queue of 2',
      expected: 'the oldest queued are dropped and counted, the newest kept',
    });
    const hanging = await startHttpReceiver('hang');
    const log = captureLogger();
    const results: { event: string; result: NotifyResult }[] = [];
    const { targets } = parseTargets(`${hanging.base}/hang`);
    const notifier = new Notifier({
      targets,
      afterMs: 0,
      hostName: 'h',
      logger: log.logger,
      queueLimit: 2,
      timeoutMs: 200,
      backoffMs: [10, 10],
      count: (_l, event, result) => results.push({ event, result }),
    });
    try {
      const nodes: NodeReport[] = [];
      for (const name of ['n1', 'n2', 'n3', 'n4', 'n5']) {
        nodes.push(node(name, 'fail', 'offline'));
        notifier.observe(report(...nodes), new Date());
      }
      await notifier.idle();
      const delivered = [...new Set(hanging.requests.map((r) => JSON.parse(r.body).node as string))];
      assert.deepEqual(results.filter((r) => r.result === 'dropped').length, 2);
      assert.deepEqual(delivered, ['n1', 'n4', 'n5']);
      observe(`tried: ${delivered.join(', ')}; dropped: ${results.filter((r) => r.result === 'dropped').length}`);
    } finally {
      notifier.stop();
      await hanging.close();
    }
  });
});
