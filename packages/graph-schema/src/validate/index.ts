export { PROBLEM_CODES, type ProblemCode } from './codes.js';
export { type ValidationResult, validateGraph } from './validateGraph.js';
export { stepName, typeWords } from './wording.js';
