// Guardrail policies as pure functions: the delivery step gathers the inputs and acts on the decision.
export {
  type DecideSendInput,
  decideSend,
  type GuardrailCode,
  type GuardrailReason,
  type SendDecision,
} from './decideSend.js';
export { capFreesAt, effectiveCap } from './frequencyCap.js';
export {
  DEFAULT_GUARDRAILS,
  FatiguePolicy,
  FrequencyCapPolicy,
  GuardrailPolicy,
  PolicyDuration,
  QuietHoursPolicy,
} from './policy.js';
export { quietHoursEnd, quietHoursZone } from './quietHours.js';
