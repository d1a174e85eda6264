// The entry the runtime bundles into every pack sandbox (`@crossroads/nodes/sandbox`): the checks
// and description that run next to pack code, inside the sandbox. Keep it small: every pack's
// sandbox evaluates it.
export { checkDecision } from './decisionSchema.js';
export { describeNode, type NodeDescription, type PackDescription } from './description.js';
export {
  checkDecisionSize,
  checkEventTypes,
  checkOutputsSize,
  oversize,
  PACK_SIZE_LIMITS,
} from './sizeLimits.js';
export { validatePack } from './validatePack.js';
