/** A JavaScript expression produced for one rule node. */
export interface Expr {
  code: string;
  /** Always evaluates to a boolean, so it can serve as a condition without `truthy`. */
  bool: boolean;
  /** Has no effect and cannot throw: may be evaluated out of order, or twice. */
  pure: boolean;
}

/** The temporaries of one generated function (the rule, or one map/filter/... body). */
export class FunctionScope {
  readonly temps: string[] = [];
}

/**
 * What an operator template asks of the code generator. Its own file so the templates and the
 * Generator (which looks the templates up) do not import each other.
 */
export interface CodeWriter {
  expr(node: unknown, scope: FunctionScope): Expr;
  /** A reference to a value in the constants table. */
  constant(value: unknown): string;
  temp(scope: FunctionScope): string;
  /** Hoists a map/filter/... body into a function of its own data; returns the function's name. */
  body(node: unknown): string;
  /** Hoists each node into a function of the data, and the list of them; returns the list's name. */
  thunks(nodes: readonly unknown[]): string;
  /** Evaluates arguments first and in order; returns the prefix and each argument's code. */
  inOrder(args: readonly Expr[], scope: FunctionScope): { prefix: string; codes: string[] };
}
