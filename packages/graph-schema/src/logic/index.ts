// Placeholder surface of the JSONLogic engine; the engine itself lands in this folder.
export type Evaluator = (data: unknown) => unknown;
export interface LogicProblem {
  code: string;
  severity: 'error' | 'warning';
  /** Path inside the rule, e.g. ['and', 1, '>', 0]. */
  path: Array<string | number>;
  message: string;
}
export interface ValidateLogicOptions {
  /** Known data roots for `var` paths (unknown roots are a warning). */
  roots?: readonly string[];
}
export function compileLogic(_rule: unknown): Evaluator {
  throw new Error('compileLogic: engine not built yet');
}
export function validateLogic(_rule: unknown, _options?: ValidateLogicOptions): LogicProblem[] {
  return [];
}
/** Every `var` path a rule reads. */
export function logicVars(_rule: unknown): string[] {
  return [];
}
