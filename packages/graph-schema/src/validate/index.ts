export { PROBLEM_CODES, type ProblemCode } from './codes.js';
export { type ValidationResult, validateGraph } from './validateGraph.js';
export { fieldPlace, placeText, stepName, typeWords } from './wording.js';
