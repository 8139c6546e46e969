// 7. The image's memory against its floor: the image scripts/image builds, run as users run it (its
// ENTRYPOINT, its ENV, read-only, uid 10001 with the socket's group) serving one live fake agent on the run's
// --internal network, which it shares (the deployed topology: agent API over plain HTTP), defaults otherwise
// (interval 30 s; start period 0 s so that the agent's young age changes nothing in the window). Beside it, a
// bare node:http server started from the same image (`node -e`, the image's ENV, same user, same network)
// answering 200 on the same port. After a settling time both processes' VmRSS (from /proc/<pid>/status
// on the host: each container's PID 1) is read every second for the window; per round the ratio of the
// medians, doctor ÷ bare; fresh containers each round; the median over the rounds is the figure.

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './lib/doctor.ts';
import { docker, RUN_ID, startLiveAgent, TEST_LABEL } from './lib/agents.ts';
import { log, median, round, sleep } from './lib/util.ts';

const SOCKET = '/var/run/docker.sock';
const TAG = `netdata-cloud-doctor:bench-${RUN_ID.replace(/^bench-/, '')}`;
const BARE = "require('node:http').createServer((q, s) => s.end('ok')).listen(19998, '0.0.0.0')";

export interface ImageRound {
  doctorRssMB: number;
  bareRssMB: number;
  ratio: number;
  doctorMaxMB: number;
}

export interface ImageFootprintResult {
  image: string;
  imageSizeMB: number;
  settleS: number;
  windowS: number;
  rounds: ImageRound[];
  doctorRssMB: number;
  bareRssMB: number;
  ratio: number;
}

function vmRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** scripts/image from the checkout measured, under this run's own tag (other work on the engine keeps its tags). */
export function buildImage(root = process.env.NCD_BENCH_DOCTOR_ROOT ?? REPO): string {
  const r = spawnSync(path.join(root, 'scripts', 'image'), ['--tag', TAG, '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
  if (r.status !== 0) throw new Error(`scripts/image failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return TAG;
}

async function startContainer(
  image: string,
  network: string,
  name: string,
  extra: { env?: string[]; entrypoint?: string[]; cmd?: string[] },
): Promise<{ id: string; pid: number }> {
  const container = await docker.createContainer({
    name,
    Image: image,
    Labels: { [TEST_LABEL]: RUN_ID },
    Env: extra.env ?? [],
    ...(extra.entrypoint ? { Entrypoint: extra.entrypoint } : {}),
    ...(extra.cmd ? { Cmd: extra.cmd } : {}),
    Healthcheck: { Test: ['NONE'] },
    HostConfig: {
      NetworkMode: network,
      ReadonlyRootfs: true,
      GroupAdd: [String(statSync(SOCKET).gid)],
      Binds: [`${SOCKET}:${SOCKET}:ro`],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
    },
  });
  await container.start();
  const info = await container.inspect();
  return { id: container.id, pid: info.State.Pid };
}

export async function runImageFootprint(rounds: number, settleS: number, windowS: number): Promise<ImageFootprintResult> {
  log(`building the image (scripts/image --tag ${TAG})`);
  const image = buildImage();
  const size = (await docker.getImage(image).inspect()).Size;
  const out: ImageRound[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const agent = await startLiveAgent('image');
      // The HEALTHCHECK's own `netdata-cloud-doctor healthcheck` processes are left out: they are not PID 1.
      const doctor = await startContainer(image, agent.network, `${agent.name}-doctor`, {
        env: [`DOCTOR_TARGETS=${agent.name}`, 'DOCTOR_START_PERIOD=0s'],
      });
      const bare = await startContainer(image, agent.network, `${agent.name}-bare`, { entrypoint: ['node', '-e', BARE], cmd: [] });
      try {
        await sleep(settleS * 1000);
        const d: number[] = [];
        const b: number[] = [];
        for (let s = 0; s < windowS; s++) {
          d.push(vmRss(doctor.pid));
          b.push(vmRss(bare.pid));
          await sleep(1000);
        }
        const round_: ImageRound = {
          doctorRssMB: round(median(d), 1),
          bareRssMB: round(median(b), 1),
          ratio: round(median(d) / median(b), 3),
          doctorMaxMB: round(Math.max(...d), 1),
        };
        out.push(round_);
        log(
          `image round ${i + 1}: doctor ${round_.doctorRssMB} MB (max ${round_.doctorMaxMB}) ÷ bare ${round_.bareRssMB} MB = ${round_.ratio}`,
        );
      } finally {
        for (const id of [doctor.id, bare.id])
          await docker
            .getContainer(id)
            .remove({ force: true })
            .catch(() => undefined);
        await agent.remove().catch(() => undefined);
      }
    }
  } finally {
    await docker
      .getImage(image)
      .remove({ noprune: true })
      .catch(() => undefined);
  }
  return {
    image: `scripts/image (${image}, removed after the run)`,
    imageSizeMB: Math.round(size / 1e6),
    settleS,
    windowS,
    rounds: out,
    doctorRssMB: round(median(out.map((r) => r.doctorRssMB)), 1),
    bareRssMB: round(median(out.map((r) => r.bareRssMB)), 1),
    ratio: round(median(out.map((r) => r.ratio)), 3),
  };
}
