// A fake engine with one running v2 agent container, for gather's unit tests: each test gives only the
// answers it is about (logs, files, exec, labels) and keeps its own counts.

import type { DockerClient } from '../../../src/docker/client.ts';

export const AGENT_ID = 'c'.repeat(64);

export interface OneAgentEngine {
  startedAt: string | (() => string);
  labels?: Record<string, string>;
  logs?: () => string;
  readPath?: DockerClient['readPath'];
  exec: DockerClient['exec'];
}

export function oneAgentEngine(answers: OneAgentEngine): DockerClient {
  const startedAt = () => (typeof answers.startedAt === 'function' ? answers.startedAt() : answers.startedAt);
  return {
    endpoint: 'unix:///fake.sock',
    version: async () => ({ version: '27.3.1', apiVersion: '1.47' }),
    info: async () => ({ securityOptions: [] }),
    listContainers: async () => [{ id: AGENT_ID, names: ['/agent'], image: 'netdata/netdata:v2.0.0', labels: {} }],
    inspect: async () => ({
      Id: AGENT_ID,
      Name: '/agent',
      RestartCount: 0,
      Config: { Image: 'netdata/netdata:v2.0.0', Env: [], Labels: answers.labels ?? {} },
      State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: startedAt() },
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'no' } },
      Mounts: [],
      NetworkSettings: { Networks: {} },
    }),
    logs: async () => ({ stdout: '', stderr: answers.logs?.() ?? '', truncated: false }),
    readPath: answers.readPath ?? (async () => null),
    exec: answers.exec,
    events: async function* () {
      /* none */
    },
    followStderr: async function* () {
      /* none */
    },
  } as unknown as DockerClient;
}
