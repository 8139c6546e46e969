// The command line in-process (CONTRACT §1): exit codes, one-line errors, and `check --json` always printing
// exactly one report document, also when nothing is diagnosable.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { main, type Io } from '../../src/cli/main.ts';
import { reliability } from '../reliability/record.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
  get lines(): string[] {
    return this.text.split('\n').filter((l) => l.length > 0);
  }
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: Collector; stderr: Collector }> {
  const stdout = new Collector();
  const stderr = new Collector();
  const io: Io = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env: { LOG_LEVEL: 'silent', ...env },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const assertOneErrorLine = (stderr: Collector) => {
  assert.equal(stderr.lines.length, 1, stderr.text);
  assert.match(stderr.lines[0]!, /^netdata-cloud-doctor: /);
  assert.doesNotMatch(stderr.text, /\n\s+at /, 'no stack trace');
};

describe('cli: help and version', () => {
  it('--help: usage on stdout, exit 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout.text, /^Usage: netdata-cloud-doctor/);
    assert.match(r.stdout.text, /check \[TARGET\.\.\.\]/);
    assert.equal(r.stderr.text, '');
  });
  it('-h works too, whatever the command', async () => {
    assert.equal((await run(['check', '-h'])).code, 0);
  });
  it('--version: the package version, exit 0', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.text, `netdata-cloud-doctor ${PACKAGE.version}\n`);
  });
});

describe('cli: usage errors', () => {
  it('an unknown flag: exit 2, one line on stderr', async () => {
    const r = await run(['check', '--bogus']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
    assert.match(r.stderr.text, /--bogus/);
    assert.equal(r.stdout.text, '');
  });
  it('a setting flag without its value: exit 2', async () => {
    const r = await run(['check', '--interval']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
  });
  it('an unknown command: exit 2, naming it and the commands', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
    assert.match(r.stderr.text, /unknown command "frobnicate".*serve, check, healthcheck/);
  });
  it('--json outside check: exit 2', async () => {
    const r = await run(['serve', '--json']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
  });
  it('serve takes no arguments: exit 2', async () => {
    const r = await run(['serve', 'netdata']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
  });
  it('--url outside healthcheck: exit 2', async () => {
    const r = await run(['check', '--url', 'http://127.0.0.1:19998/health']);
    assert.equal(r.code, 2);
    assertOneErrorLine(r.stderr);
    assert.match(r.stderr.text, /--url belongs to healthcheck/);
  });
  it('a bad configuration: exit 2, every problem listed, each naming its variable', async () => {
    const r = await run(['check'], { DOCTOR_INTERVAL: 'soon', DOCTOR_EXEC: 'sometimes', LOG_FORMAT: 'xml', DOCTOR_LISTEN: ':0' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr.lines.length, 4, r.stderr.text);
    for (const variable of ['DOCTOR_INTERVAL', 'DOCTOR_EXEC', 'LOG_FORMAT', 'DOCTOR_LISTEN']) {
      assert.ok(
        r.stderr.lines.some((l) => l.startsWith(`netdata-cloud-doctor: ${variable} (--`)),
        `${variable} not named:\n${r.stderr.text}`,
      );
    }
    assert.equal(r.stdout.text, '');
  });
  it('a bad flag value names the flag', async () => {
    const r = await run(['check', '--exec', 'sometimes']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.text, /^netdata-cloud-doctor: --exec: "sometimes" must be one of auto, never\n$/);
  });
});

describe('cli: healthcheck never exits 2 (Docker reserves it)', () => {
  it('bad configuration: exit 1', async () => {
    const r = await run(['healthcheck'], { DOCTOR_LISTEN: 'nowhere', DOCTOR_INTERVAL: 'soon' });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.lines.length, 2, r.stderr.text);
  });
  it('an unknown flag: exit 1', async () => {
    const r = await run(['healthcheck', '--bogus']);
    assert.equal(r.code, 1);
    assertOneErrorLine(r.stderr);
  });
  it('an extra argument or --json: exit 1', async () => {
    assert.equal((await run(['healthcheck', 'extra'])).code, 1);
    assert.equal((await run(['healthcheck', '--json'])).code, 1);
  });
  it('nothing answers at the URL: exit 1 with one line', async () => {
    const r = await run(['healthcheck', '--url', 'http://127.0.0.1:1/health']);
    assert.equal(r.code, 1);
    assertOneErrorLine(r.stderr);
    assert.match(r.stderr.text, /no answer from http:\/\/127\.0\.0\.1:1\/health/);
  });
});

describe('cli: healthcheck against a hostile answer', () => {
  const serveOnce = async (handler: (res: import('node:http').ServerResponse) => void) => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => handler(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/health`,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  };

  it('an endless body is cut at 1 MiB: exit 1, one line, no hang', async (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'healthcheck asks a server whose /health body never ends',
      expected: 'cut at 1 MiB, exit 1, one line',
    });
    const s = await serveOnce((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    try {
      const r = await run(['healthcheck', '--url', s.url]);
      assert.equal(r.code, 1);
      assertOneErrorLine(r.stderr);
      assert.match(r.stderr.text, /larger than 1048576 bytes/);
      observed(`exit ${r.code}: ${r.stderr.text.trim()}`);
    } finally {
      s.close();
    }
  });

  it('control characters in the output are printed as visible escapes', async (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'healthcheck gets an output with ESC, BEL and a newline',
      expected: 'one line, controls shown as escapes',
    });
    const s = await serveOnce((res) => {
      res.writeHead(200, { 'content-type': 'application/health+json' });
      res.end(JSON.stringify({ status: 'pass', output: 'ok\u001b[2J\u0007\nforged line' }));
    });
    try {
      const r = await run(['healthcheck', '--url', s.url]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.lines.length, 1, r.stdout.text);
      assert.doesNotMatch(r.stdout.text, /[\u0000-\u0009\u000b-\u001f]/);
      assert.match(r.stdout.text, /^healthy: ok\\x1b\[2J/);
      observed(`exit ${r.code}: ${r.stdout.text.trim()}`);
    } finally {
      s.close();
    }
  });
});

describe('cli: check without a reachable engine', () => {
  const env = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

  it('--json: exit 3 and exactly one JSON report on stdout that follows the schema', async () => {
    const r = await run(['check', '--json'], env);
    assert.equal(r.code, 3);
    assert.ok(r.stdout.text.endsWith('}\n'), 'one document, newline-terminated');
    const report = JSON.parse(r.stdout.text) as {
      status: string;
      nodes: unknown[];
      checks: Record<string, { componentId: string; status: string }[]>;
      output: string;
    };
    assert.ok(validate(report), ajv.errorsText(validate.errors));
    assert.equal(report.status, 'fail');
    assert.deepEqual(report.nodes, []);
    assert.deepEqual(
      report.checks['docker.api']!.map((e) => [e.componentId, e.status]),
      [['docker', 'fail']],
    );
    assert.match(report.output, /nonexistent/);
    assert.equal(r.stderr.text, '', 'with --json the report is the answer; logs are silenced here');
  });

  it('--json with named targets is still 3 (nothing diagnosable), still one document', async () => {
    const r = await run(['check', '--json', 'netdata', 'other'], env);
    assert.equal(r.code, 3);
    assert.ok(validate(JSON.parse(r.stdout.text)));
  });

  it('--json --strict: 3 as well', async () => {
    assert.equal((await run(['check', '--json', '--strict'], env)).code, 3);
  });

  it('human report: exit 3, the reason on stderr in one line', async () => {
    const r = await run(['check'], env);
    assert.equal(r.code, 3);
    assert.match(r.stdout.text, /no Docker engine/);
    assertOneErrorLine(r.stderr);
    assert.match(r.stderr.text, /not reachable at unix:\/\/\/nonexistent\/docker\.sock/);
  });

  it('a bad DOCKER_HOST scheme is a config error (2), not "unreachable"', async () => {
    const r = await run(['check', '--json'], { DOCKER_HOST: 'localhost:2375' });
    assert.equal(r.code, 2);
    assert.equal(r.stdout.text, '');
    assert.match(r.stderr.text, /DOCKER_HOST \(--docker-host\)/);
  });
});
