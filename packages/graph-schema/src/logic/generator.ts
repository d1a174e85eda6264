import { type CodeWriter, type Expr, FunctionScope } from './expr.js';
import { asOperation } from './rule-shape.js';
import { RUNTIME } from './runtime.js';
import { TEMPLATES } from './templates.js';

/**
 * Turns a validated rule into JavaScript source. Only operator templates, temporaries (`t12`),
 * helper names and constants (`k3`, read from `c[3]`) are ever written into the source:
 * every string, number and object that comes from the rule stays in `constants`.
 */
export class Generator implements CodeWriter {
  readonly constants: unknown[] = [];
  private readonly constantSlots = new Map<unknown, number>();
  private readonly bodies: string[] = [];
  private tempCount = 0;

  /** Source of a factory `(c, h) => evaluator`. */
  program(rule: unknown): string {
    const scope = new FunctionScope();
    const root = this.expr(rule, scope);
    // One local per constant: a closure variable is cheaper to read than an array element.
    const locals = this.constants.map((_, slot) => `k${slot} = c[${slot}]`);
    return [
      '"use strict";',
      `const { ${Object.keys(RUNTIME).join(', ')} } = h;`,
      ...(locals.length ? [`const ${locals.join(', ')};`] : []),
      ...this.bodies,
      `return ${functionSource(scope, root.code)};`,
    ].join('\n');
  }

  expr(node: unknown, scope: FunctionScope): Expr {
    if (Array.isArray(node)) {
      // Like json-logic-js, a literal array is rebuilt (and its items evaluated) on every run.
      const items = node.map((item) => this.expr(item, scope));
      return {
        code: `[${items.map((item) => item.code).join(', ')}]`,
        bool: false,
        pure: items.every((i) => i.pure),
      };
    }
    const operation = asOperation(node);
    if (!operation) return { code: this.constant(node), bool: typeof node === 'boolean', pure: true };
    const template = TEMPLATES[operation.op];
    if (!template) throw new Error(`unknown operator "${operation.op}" reached the code generator`);
    return template(this, operation.args, scope);
  }

  /** A reference to a value in the constants table (literal keywords for null/true/false). */
  constant(value: unknown): string {
    if (value === null || value === true || value === false) return String(value);
    if (value === undefined) return '(void 0)';
    // A Map key -0 is stored as 0: keep -0 out of the Map so neither borrows the other's slot.
    if (Object.is(value, -0)) return `k${this.constants.push(value) - 1}`;
    let slot = this.constantSlots.get(value);
    if (slot === undefined) {
      slot = this.constants.push(value) - 1;
      this.constantSlots.set(value, slot);
    }
    return `k${slot}`;
  }

  temp(scope: FunctionScope): string {
    const name = `t${this.tempCount++}`;
    scope.temps.push(name);
    return name;
  }

  /** Hoists a map/filter/... body into a function of its own data; returns the function's name. */
  body(node: unknown): string {
    const scope = new FunctionScope();
    const result = this.expr(node, scope);
    const name = `f${this.bodies.length}`;
    this.bodies.push(`const ${name} = ${functionSource(scope, result.code)};`);
    return name;
  }

  /** Hoists each node into a function of the data, and the list of them; returns the list's name. */
  thunks(nodes: readonly unknown[]): string {
    const names = nodes.map((node) => this.body(node));
    const name = `f${this.bodies.length}`;
    this.bodies.push(`const ${name} = [${names.join(', ')}];`);
    return name;
  }

  /**
   * Evaluates arguments first and in order, as json-logic-js does before calling an operator:
   * needed where the template converts one argument before the next is evaluated.
   */
  inOrder(args: readonly Expr[], scope: FunctionScope): { prefix: string; codes: string[] } {
    let prefix = '';
    const codes = args.map((arg) => {
      if (arg.pure) return arg.code;
      const temp = this.temp(scope);
      prefix += `${temp} = ${arg.code}, `;
      return temp;
    });
    return { prefix, codes };
  }
}

function functionSource(scope: FunctionScope, code: string): string {
  const temps = scope.temps.length ? `let ${scope.temps.join(', ')}; ` : '';
  return `function (data) { ${temps}return ${code}; }`;
}
