// Remedies as literal steps (CONTRACT §4 `steps`): the builders the checks call.
export { shellQuote, shellCommand, shellVariable } from './shell.ts';
export { applyChange, dockerRunLine, dockerRunSteps, recreateRunSteps, isSecretEnv, replacedName, type RunChange } from './docker-run.ts';
export { composeSnippet, composeCommand, recreateComposeSteps } from './compose.ts';
export {
  recreateSteps, setEnvSteps, startSteps, unpauseSteps, restartSteps, identityResetSteps, identityFiles,
  recoversGuidFromStatusFile, persistenceSteps, persistentVolumeName, claimEnvSteps, reclaimSteps, fixOwnerSteps, writableMountSteps, CLOUD_URL,
} from './recipes.ts';
