import type { Expr, FunctionScope, Generator, Template } from './generator.js';
import { missingSomeTemplate, missingTemplate, varTemplate } from './var-template.js';

export type { Template } from './generator.js';

/** `truthy(x)`, or just `x` when it is known to be a boolean. */
export const truthyCode = (expr: Expr): string => (expr.bool ? expr.code : `truthy(${expr.code})`);

const bool = (code: string): Expr => ({ code, bool: true, pure: false });
const value = (code: string): Expr => ({ code, bool: false, pure: false });
const all = (g: Generator, args: readonly unknown[], scope: FunctionScope): Expr[] =>
  args.map((arg) => g.expr(arg, scope));

/** Binary JS operator; both sides are evaluated before the operator converts either. */
const binary =
  (operator: string, isBool: boolean): Template =>
  (g, args, scope) => {
    const [a, b] = all(g, args, scope) as [Expr, Expr];
    const code = `(${a.code} ${operator} ${b.code})`;
    return isBool ? bool(code) : value(code);
  };

/** `<` and `<=`: with a third argument, "between" (json-logic-js tests it for undefined at run time). */
const between =
  (operator: string): Template =>
  (g, args, scope) => {
    if (args.length === 2) return binary(operator, true)(g, args, scope);
    const sets: string[] = [];
    const [x, y, z] = all(g, args, scope).map((arg) => {
      const temp = g.temp(scope);
      sets.push(`${temp} = ${arg.code}`);
      return temp;
    });
    const two = `${x} ${operator} ${y}`;
    return bool(`(${sets.join(', ')}, ${z} === undefined ? ${two} : ${two} && ${y} ${operator} ${z})`);
  };

/** Past this many arguments, and/or/if/+/* loop in a helper instead of nesting inline code. */
export const INLINE_ARGS = 16;

/** `and`/`or` return the deciding value itself, not a boolean. */
const andOr =
  (isAnd: boolean): Template =>
  (g, args, scope) => {
    if (args.length > INLINE_ARGS) return value(`${isAnd ? 'andAll' : 'orAll'}(data, ${g.thunks(args)})`);
    const parts = all(g, args, scope);
    let code = parts[parts.length - 1]!.code;
    let temp: string | undefined;
    for (let i = parts.length - 2; i >= 0; i--) {
      const part = parts[i]!;
      if (part.bool) {
        code = `(${part.code} ${isAnd ? '&&' : '||'} ${code})`;
      } else {
        temp ??= g.temp(scope);
        code = isAnd
          ? `(${temp} = ${part.code}, truthy(${temp}) ? ${code} : ${temp})`
          : `(${temp} = ${part.code}, truthy(${temp}) ? ${temp} : ${code})`;
      }
    }
    return { code, bool: parts.every((p) => p.bool), pure: parts.every((p) => p.pure) };
  };

/** `if` / `?:`: condition, value pairs, then an optional else; no else reads as null. */
const ifTemplate: Template = (g, args, scope) => {
  if (args.length > INLINE_ARGS) return value(`ifAll(data, ${g.thunks(args)})`);
  const parts = all(g, args, scope);
  const hasElse = parts.length % 2 === 1;
  let result: Expr = hasElse ? parts[parts.length - 1]! : { code: 'null', bool: false, pure: true };
  for (let i = parts.length - (hasElse ? 3 : 2); i >= 0; i -= 2) {
    const [condition, then] = [parts[i]!, parts[i + 1]!];
    result = {
      code: `(${truthyCode(condition)} ? ${then.code} : ${result.code})`,
      bool: then.bool && result.bool,
      pure: condition.pure && then.pure && result.pure,
    };
  }
  return result;
};

/** A helper call; JS evaluates call arguments in order before the helper runs. */
const call =
  (helper: string, isBool = false, asList = false): Template =>
  (g, args, scope) => {
    const codes = all(g, args, scope).map((arg) => arg.code);
    const code = asList ? `${helper}([${codes.join(', ')}])` : `${helper}(${codes.join(', ')})`;
    return isBool ? bool(code) : value(code);
  };

const plus: Template = (g, args, scope) => {
  if (args.length > INLINE_ARGS) return call('sum', false, true)(g, args, scope);
  const { prefix, codes } = g.inOrder(all(g, args, scope), scope);
  // `0 +` as in json-logic-js's reduce from 0: turns -0 into 0.
  return value(`(${prefix}0${codes.map((code) => ` + toFloat(${code})`).join('')})`);
};

const multiply: Template = (g, args, scope) => {
  const parts = all(g, args, scope).map((part) => part.code);
  // One argument comes back untouched (reduce without a start value): {"*": ["2"]} is "2".
  if (parts.length === 1) return value(parts[0]!);
  return value(parts.length === 2 ? `times(${parts[0]}, ${parts[1]})` : `product([${parts.join(', ')}])`);
};

const minus: Template = (g, args, scope) => {
  const parts = all(g, args, scope);
  if (parts.length === 1) return value(`(-${parts[0]!.code})`);
  if (typeof args[1] === 'number') return value(`(${parts[0]!.code} - ${parts[1]!.code})`);
  const [a, b] = [g.temp(scope), g.temp(scope)];
  return value(
    `(${a} = ${parts[0]!.code}, ${b} = ${parts[1]!.code}, ${b} === undefined ? -${a} : ${a} - ${b})`,
  );
};

const contains: Template = (g, args, scope) => {
  const [needle, haystack] = args;
  const list = Array.isArray(haystack) && haystack.every((item) => item === null || typeof item !== 'object');
  // A short literal list of primitives becomes `===` tests: indexOf compares with `===` too.
  if (list && haystack.length > 0 && haystack.length <= 8) {
    const temp = g.temp(scope);
    const tests = haystack.map((item) => `${temp} === ${g.constant(item)}`);
    return bool(`(${temp} = ${g.expr(needle, scope).code}, ${tests.join(' || ')})`);
  }
  // A longer list is built once; the empty string fails `!b` in json-logic-js.
  if (list || (typeof haystack === 'string' && haystack !== '')) {
    const constant = g.constant(list ? [...(haystack as unknown[])] : haystack);
    return bool(`(${constant}.indexOf(${g.expr(needle, scope).code}) !== -1)`);
  }
  return call('contains', true)(g, args, scope);
};

/** Operators and values in a rule: what one run of a loop body costs the work limit (runtime.ts). */
function weightOf(rule: unknown): number {
  if (Array.isArray(rule)) return 1 + rule.reduce<number>((sum, item) => sum + weightOf(item), 0);
  if (typeof rule !== 'object' || rule === null) return 1;
  return 1 + Object.values(rule).reduce<number>((sum, item) => sum + weightOf(item), 0);
}

const scoped =
  (helper: string, isBool: boolean): Template =>
  (g, args, scope) => {
    const items = g.expr(args[0], scope);
    const body = g.body(args[1]);
    const code = `${helper}(${items.code}, ${body}, ${weightOf(args[1])})`;
    return isBool ? bool(code) : value(code);
  };

const reduce: Template = (g, args, scope) => {
  const items = g.expr(args[0], scope);
  const body = g.body(args[1]);
  const initial = args.length > 2 ? g.expr(args[2], scope).code : 'null';
  return value(`reduce(${items.code}, ${body}, ${initial}, ${weightOf(args[1])})`);
};

/** Every supported operator (see LOGIC_OPERATORS for arity). */
export const TEMPLATES: Readonly<Record<string, Template>> = Object.assign(Object.create(null), {
  var: varTemplate,
  missing: missingTemplate,
  missing_some: missingSomeTemplate,
  if: ifTemplate,
  '?:': ifTemplate,
  and: andOr(true),
  or: andOr(false),
  '!': (g, args, scope) => bool(`(!${truthyCode(g.expr(args[0], scope))})`),
  '!!': (g, args, scope) => {
    const arg = g.expr(args[0], scope);
    return arg.bool ? arg : bool(`truthy(${arg.code})`);
  },
  '==': binary('==', true),
  '===': binary('===', true),
  '!=': binary('!=', true),
  '!==': binary('!==', true),
  '>': binary('>', true),
  '>=': binary('>=', true),
  '<': between('<'),
  '<=': between('<='),
  '+': plus,
  '-': minus,
  '*': multiply,
  '/': binary('/', false),
  '%': binary('%', false),
  min: call('min'),
  max: call('max'),
  cat: call('cat', false, true),
  substr: (g, args, scope) => call('substr')(g, args.length === 2 ? [...args, undefined] : args, scope),
  in: contains,
  merge: call('merge', false, true),
  log: call('log'),
  map: scoped('map', false),
  filter: scoped('filter', false),
  all: scoped('all', true),
  none: scoped('none', true),
  some: scoped('some', true),
  reduce,
} satisfies Record<string, Template>);
