export { testContext } from '../testing/context.js';
export {
  checkGraphPacks,
  PACK_PROBLEM_CODES,
  type PackProblemCode,
  recordGraphPacks,
} from './checkGraphPacks.js';
export { checkDecision, DecisionSchema } from './decisionSchema.js';
export { describeNode, EventTypes, NodeDescription, PackDescription } from './description.js';
export { CrossroadsField, type ManifestResult, PackManifest, packAuthor, parseManifest } from './manifest.js';
export {
  type AsyncNodeExecutor,
  asyncNodeView,
  awaitBeforeReplay,
  insidePackSettle,
  PendingNodeDecision,
  settleAsyncNodes,
  withPackFacts,
} from './settleAsyncNodes.js';
export {
  checkDecisionSize,
  checkEventTypes,
  checkOutputsSize,
  oversize,
  PACK_SIZE_LIMITS,
} from './sizeLimits.js';
export { type RunNodeInput, runNode, type SimulateWithPackInput, simulateWithPack } from './testing.js';
export { type PackCheck, validatePack } from './validatePack.js';
