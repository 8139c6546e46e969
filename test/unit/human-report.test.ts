// The human report prints values that come from containers (env, labels, log lines, agent answers): none of
// them may reach the terminal as a raw control character, and no claim token may appear.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { renderHuman, terminalSafe } from '../../src/cli/human-report.ts';
import { diagnose } from '../../src/diagnosis/diagnose.ts';
import { readOk } from '../../src/facts/types.ts';
import { claimEnv, gatheredFacts, nodeFacts, v2NodeFacts, NOW } from './fixtures.ts';
import { reliability } from '../reliability/record.ts';

/** Raw controls a terminal would act on: C0 except newline, DEL, C1, and the bidi overrides. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Colour (SGR) sequences are the only escapes the report itself writes. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

const HOSTILE_TOKEN = 'Tok"en\\with\u001b[2J-and-\u00e9\u00e8-😀-newline\nsecond-line-0123456789abcdef0123456789abcdef';
const HOSTILE = {
  url: 'https://app.netdata.cloud\n\u001b]0;pwned\u0007\u001b[31m"quoted"\\back\u202Eslash',
  rooms: "'room\u0000one',\u009b2J,\u2066r\u00f6\u00f6m",
  logLine: 'CLAIM: Failed to claim node: \u001b[1;31mred\u001b[0m\r\u001b[Kfake prompt$ \u0008\u0008',
};

/** A writable posing as a terminal or a pipe; `tty` makes styleText colour. */
function stream(tty: boolean): NodeJS.WriteStream {
  const s = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream & { isTTY: boolean };
  s.isTTY = tty;
  s.getColorDepth = () => 8;
  s.hasColors = () => true;
  return s;
}

function hostileDiagnosis() {
  const env = claimEnv({ NETDATA_CLAIM_TOKEN: HOSTILE_TOKEN, NETDATA_CLAIM_URL: HOSTILE.url, NETDATA_CLAIM_ROOMS: HOSTILE.rooms });
  const lines = [{ stream: 'stderr' as const, run: 'current' as const, text: HOSTILE.logLine, time: '2026-11-23T19:59:00.000000000Z' }];
  const nodes = [
    v2NodeFacts({ container: { env, labels: { 'netdata-cloud-doctor.url': 'http://x\n\u001b[31m' } }, logs: readOk(lines) }),
    nodeFacts({
      container: {
        name: 'second',
        id: 'b'.repeat(64),
        env: { NETDATA_CLAIM_URL: '"\u001b[5mhttps://a.test"', NETDATA_CLAIM_TOKEN: HOSTILE_TOKEN },
      },
    }),
  ];
  return diagnose(gatheredFacts({ nodes, at: NOW }), { startPeriodMs: 0, releaseId: 't' });
}

describe('human report: values from containers are printed safely', () => {
  it('terminalSafe shows controls as escapes and leaves text, quotes and Unicode as they are', () => {
    assert.equal(terminalSafe('a\u001b[31mb\nc\td\r\u0000\u007f\u0085\u202e'), 'a\\x1b[31mb\\nc\\td\\r\\x00\\x7f\\x85\\u202e');
    assert.equal(terminalSafe('quotes " \' back\\slash é 😀 ＡＢＣ'), 'quotes " \' back\\slash é 😀 ＡＢＣ');
  });

  for (const tty of [false, true]) {
    it(`env, labels and log lines with controls, quotes and Unicode (${tty ? 'colour terminal' : 'pipe'})`, (t) => {
      const observed = reliability(t, {
        area: 'input',
        tried: `claim token, URL, rooms, URL label and a CLAIM: log line full of ANSI/OSC escapes, NUL, C1, bidi, quotes (${tty ? 'tty' : 'pipe'})`,
        expected: 'the human report shows them as visible escapes; only its own colours and newlines are raw; no token',
      });
      const diagnosis = hostileDiagnosis();
      const text = renderHuman(diagnosis, stream(tty), 'engine 27.0 at unix:///var/run/docker.sock');
      const withoutColours = text.replace(SGR, '');
      const colours = text.match(SGR)?.length ?? 0;
      const raw = RAW_CONTROL.exec(withoutColours);
      assert.equal(
        raw,
        null,
        `raw control U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(withoutColours.slice(Math.max(0, (raw?.index ?? 0) - 40), (raw?.index ?? 0) + 20))}`,
      );
      assert.equal(tty, colours > 0, `colours: ${colours}`);
      assert.ok(!text.includes(HOSTILE_TOKEN) && !text.includes('Tok"en'), 'the token is printed');
      const escapes = withoutColours.match(/\\x1b|\\x07|\\x00|\\x9b|\\u202e|\\u2066|\\n/g) ?? [];
      assert.ok(escapes.length > 0, 'the hostile values are not shown at all, so the test proves nothing');
      observed(
        `${text.length} chars, ${text.split('\n').length} lines, ${colours} SGR colour sequences, ${escapes.length} escaped controls (${[...new Set(escapes)].join(' ')}), raw controls 0, token absent; statuses ${diagnosis.report.nodes.map((n) => `${n.container.name}=${n.status}`).join(', ')}`,
      );
    });
  }
});
