// The machine the run is on: CPU, memory, kernel, OS, Docker Engine, Node; and what else was running on the
// engine (other containers add noise to every figure).

import { cpus, loadavg, totalmem, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { docker, TEST_LABEL, RUN_ID } from './agents.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  kernel: string;
  os: string;
  docker: string;
  dockerApi: string;
  storageDriver: string;
  node: string;
  loadAverageAtStart: number[];
  otherRunningContainers: number;
}

export async function machine(): Promise<Machine> {
  const version = (await docker.version()) as { Version: string; ApiVersion: string };
  const info = (await docker.info()) as { Driver?: string };
  const running = await docker.listContainers({});
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    os,
    docker: version.Version,
    dockerApi: version.ApiVersion,
    storageDriver: info.Driver ?? 'unknown',
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    otherRunningContainers: running.filter((c) => c.Labels?.[TEST_LABEL] !== RUN_ID).length,
  };
}
