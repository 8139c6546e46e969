// Remedies as literal steps (CONTRACT §4 `steps`): the builders the checks call.
export { shellQuote, shellCommand, shellVariable } from './shell.ts';
export { applyChange, dockerRunLine, dockerRunSteps, recreateRunSteps, isSecretEnv, replacedName, type RunChange } from './docker-run.ts';
export { composeSnippet, composeCommand, recreateComposeSteps } from './compose.ts';
export {
  recreateSteps,
  setEnvSteps,
  startSteps,
  unpauseSteps,
  restartSteps,
  identityResetSteps,
  identityFiles,
  recoversGuidFromStatusFile,
  persistenceSteps,
  persistentVolumeName,
  claimEnvSteps,
  reclaimSteps,
  fixOwnerSteps,
  writableMountSteps,
  separateVolumeSteps,
  CLOUD_URL,
} from './recipes.ts';

import type { ContainerFacts, RunSpec, Step } from '../facts/types.ts';

/**
 * For a check: the steps built from the container's spec, or [] where there is none (a hand-made fixture,
 * a container the doctor could not inspect), in which case the remedy text has to carry the fix alone.
 */
export function stepsFor(container: ContainerFacts, build: (spec: RunSpec) => Step[]): Step[] {
  return container.spec ? build(container.spec) : [];
}
