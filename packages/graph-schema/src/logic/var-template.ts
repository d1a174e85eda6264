import type { CodeWriter, Expr, FunctionScope } from './expr.js';
import { asOperation, staticVarSegments } from './rule-shape.js';

const MAX_UNROLLED_SEGMENTS = 16;

/**
 * `{"var": [path, default]}`. A constant path is unrolled into property reads, each guarded so
 * that only own properties count: a plain object whose key is absent from Object.prototype needs
 * no further check (V8 folds that test away); anything else asks `hasOwn`.
 */
export function varTemplate(g: CodeWriter, args: readonly unknown[], scope: FunctionScope): Expr {
  if (args.length === 0) return { code: 'data', bool: false, pure: true };
  // A long constant path is read by the helper: unrolled, it would nest too deeply to parse.
  const segments = staticVarSegments(args[0]);
  if (segments && segments.length > MAX_UNROLLED_SEGMENTS) {
    const path = g.constant(args[0]);
    const fallback = args.length > 1 ? `, ${g.expr(args[1], scope).code}` : '';
    return { code: `readVar(data, ${path}${fallback})`, bool: false, pure: false };
  }
  const fallback = args.length > 1 ? g.expr(args[1], scope) : undefined;
  if (!segments) {
    const path = g.expr(args[0], scope).code;
    return {
      code: `readVar(data, ${path}${fallback ? `, ${fallback.code}` : ''})`,
      bool: false,
      pure: false,
    };
  }
  // The default is evaluated even when unused (json-logic-js evaluates every argument first).
  let prefix = '';
  let notFound = 'null';
  // A literal default may be written at every segment; anything else is evaluated once, first.
  if (fallback && isLiteral(args[1])) notFound = fallback.code;
  else if (fallback) {
    const temp = g.temp(scope);
    prefix = `${temp} = ${fallback.code}, `;
    notFound = `(${temp} === undefined ? null : ${temp})`;
  }
  if (segments.length === 0) return { code: `(${prefix}data)`, bool: false, pure: prefix === '' };
  return { code: `(${prefix}${pathCode(g, segments, notFound, scope)})`, bool: false, pure: prefix === '' };
}

function pathCode(
  g: CodeWriter,
  segments: readonly string[],
  notFound: string,
  scope: FunctionScope,
): string {
  const [current, next] = [g.temp(scope), g.temp(scope)];
  let code = current;
  for (let i = segments.length - 1; i >= 0; i--) {
    const key = g.constant(segments[i]);
    const absent =
      `${current} === null || ${current} === undefined || (${next} = ${current}[${key}]) === undefined || ` +
      `!((protoOf(${current}) === ObjectProto && ObjectProto[${key}] === undefined) || hasOwn(${current}, ${key}))`;
    code = `(${absent} ? ${notFound} : (${current} = ${next}, ${code}))`;
  }
  return `${current} = data, ${code}`;
}

/** `{"missing": keys}`: the keys whose value is null or "". */
export function missingTemplate(g: CodeWriter, args: readonly unknown[], scope: FunctionScope): Expr {
  const keys = args.map((arg) => g.expr(arg, scope).code);
  return { code: `missing(data, [${keys.join(', ')}])`, bool: false, pure: false };
}

/** `{"missing_some": [need, keys]}`: [] when at least `need` keys are present, else the missing ones. */
export function missingSomeTemplate(g: CodeWriter, args: readonly unknown[], scope: FunctionScope): Expr {
  const [need, keys] = args.map((arg) => g.expr(arg, scope).code);
  return { code: `missingSome(data, ${need}, ${keys})`, bool: false, pure: false };
}

const isLiteral = (node: unknown): boolean => !Array.isArray(node) && asOperation(node) === undefined;
