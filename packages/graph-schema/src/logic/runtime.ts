import { readVar } from './read-var.js';

/**
 * Units of work one evaluation of a compiled rule may do: a loop body costs its size (operators
 * and values) per item, `merge` and `in` the items they copy or scan (a string an eighth of its
 * length), `missing` its keys. Rules are at most 5,000 operators, but data is not: `reduce` with a
 * `merge` accumulator over 30,000 items copies 450 million values. Past the limit the evaluation
 * throws LogicLimitError, whatever the data; a count, not a clock, so a simulation and the runtime
 * decide alike. What the count cannot see (JavaScript coercing a deeply nested accumulator to a
 * string on every `==`) is stopped by LOGIC_TIME_LIMIT_MS, checked every 1,024 units.
 */
export const LOGIC_WORK_LIMIT = 2_000_000;

/** Wall-clock backstop of one evaluation (ms); real rules take microseconds. */
export const LOGIC_TIME_LIMIT_MS = 50;

/** Thrown when one evaluation does more than LOGIC_WORK_LIMIT units of work (or runs too long). */
export class LogicLimitError extends Error {
  constructor(what = `more than ${LOGIC_WORK_LIMIT.toLocaleString('en')} steps of work`) {
    super(`the rule did ${what} on this data (a loop over a huge list?) and was stopped`);
    this.name = 'LogicLimitError';
  }
}

/** The evaluation running now (evaluations are synchronous: never two at once). */
let workLeft = LOGIC_WORK_LIMIT;
let nextClockCheck = 0;
let deadline = 0;

/** Starts an evaluation's count and clock (compile.ts calls it before each evaluation). */
export function resetLogicWork(): void {
  workLeft = LOGIC_WORK_LIMIT;
  nextClockCheck = LOGIC_WORK_LIMIT - 1024;
  deadline = 0;
}

function spend(units: number): void {
  workLeft -= units;
  if (workLeft < 0) throw new LogicLimitError();
  if (workLeft > nextClockCheck) return;
  nextClockCheck = workLeft - 1024;
  const now = performance.now();
  if (deadline === 0) deadline = now + LOGIC_TIME_LIMIT_MS;
  else if (now > deadline) throw new LogicLimitError(`more than ${LOGIC_TIME_LIMIT_MS} ms of work`);
}

/**
 * JSONLogic truthiness: JavaScript's, except that an empty array is false.
 *
 * @example
 * ```ts
 * truthy([]); // false
 * truthy('0'); // true
 * ```
 */
export const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length !== 0 : !!value);

/** `parseFloat`, shortcut for numbers: parseFloat(String(n)) is n, except -0 which becomes 0. */
const toFloat = (value: unknown): number =>
  typeof value === 'number' ? (value === 0 ? 0 : value) : Number.parseFloat(value as string);

/** One step of `*`: json-logic-js parses both the running product and the next value. */
const times = (a: unknown, b: unknown): number => toFloat(a) * toFloat(b);

/** `+` over many values: a sum from 0, so -0 becomes 0. */
function sum(values: unknown[]): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total = total + toFloat(values[i]);
  return total;
}

/** `*` over many values; a single value comes back untouched (reduce without a start value). */
const product = (values: unknown[]): unknown => values.reduce(times);

const cat = (values: unknown[]): string => values.join('');

function substr(source: unknown, start: unknown, end: unknown): string {
  // A negative length counts from the end, as in PHP.
  if ((end as number) < 0) {
    const tail = String(source).substr(start as number);
    return tail.substr(0, tail.length + (end as number));
  }
  return String(source).substr(start as number, end as number);
}

function contains(needle: unknown, haystack: unknown): boolean {
  const list = haystack as { indexOf?: (x: unknown) => number } | null | undefined;
  if (!list || typeof list.indexOf === 'undefined') return false;
  spend(Array.isArray(haystack) ? haystack.length : typeof haystack === 'string' ? haystack.length >> 3 : 1);
  // Throws when `indexOf` is own data (not a function), as json-logic-js does.
  return list.indexOf(needle) !== -1;
}

const merge = (values: unknown[]): unknown[] =>
  values.reduce<unknown[]>((all, value) => {
    const next = all.concat(value);
    spend(next.length);
    return next;
  }, []);

function log(value: unknown): unknown {
  console.log(value);
  return value;
}

/** A `missing` key: a path, or `[path, default]`. Keys are never evaluated as logic (json-logic-js does). */
function readKey(data: unknown, key: unknown): unknown {
  return Array.isArray(key) ? readVar(data, key[0], key[1]) : readVar(data, key);
}

function missing(data: unknown, args: unknown[]): unknown[] {
  // One array argument is the key list; otherwise the arguments are.
  const keys: unknown[] = Array.isArray(args[0]) ? args[0] : args;
  spend(keys.length);
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const value = readKey(data, keys[i]);
    if (value === null || value === '') out.push(keys[i]);
  }
  return out;
}

function missingSome(data: unknown, needCount: unknown, options: unknown): unknown[] {
  const areMissing = missing(data, Array.isArray(options) ? options : [options]);
  // `options.length` throws on null, and is NaN-compared for numbers, as in json-logic-js.
  if ((options as unknown[]).length - areMissing.length >= (needCount as number)) return [];
  return areMissing;
}

type Body = (data: unknown) => unknown;

/*
 * `and`, `or` and `if` over many arguments, each argument hoisted into a function: long chains
 * written inline would nest too deeply for the JavaScript parser.
 */
function andAll(data: unknown, parts: Body[]): unknown {
  let current: unknown;
  for (let i = 0; i < parts.length; i++) {
    current = parts[i]!(data);
    if (!truthy(current)) return current;
  }
  return current;
}

function orAll(data: unknown, parts: Body[]): unknown {
  let current: unknown;
  for (let i = 0; i < parts.length; i++) {
    current = parts[i]!(data);
    if (truthy(current)) return current;
  }
  return current;
}

function ifAll(data: unknown, parts: Body[]): unknown {
  let i = 0;
  for (; i < parts.length - 1; i += 2) if (truthy(parts[i]!(data))) return parts[i + 1]!(data);
  return parts.length === i + 1 ? parts[i]!(data) : null;
}

const map = (items: unknown, body: Body, weight = 1): unknown[] =>
  Array.isArray(items)
    ? items.map((item) => {
        spend(weight);
        return body(item);
      })
    : [];

const filter = (items: unknown, body: Body, weight = 1): unknown[] =>
  Array.isArray(items)
    ? items.filter((item) => {
        spend(weight);
        return truthy(body(item));
      })
    : [];

const reduce = (items: unknown, body: Body, initial: unknown, weight = 1): unknown =>
  Array.isArray(items)
    ? items.reduce((accumulator, current) => {
        spend(weight);
        return body({ current, accumulator });
      }, initial)
    : initial;

function all(items: unknown, body: Body, weight = 1): boolean {
  // All of an empty list is false.
  if (!Array.isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) {
    spend(weight);
    if (!truthy(body(items[i]))) return false;
  }
  return true;
}

function none(items: unknown, body: Body, weight = 1): boolean {
  if (!Array.isArray(items) || !items.length) return true;
  for (let i = 0; i < items.length; i++) {
    spend(weight);
    if (truthy(body(items[i]))) return false;
  }
  return true;
}

function some(items: unknown, body: Body, weight = 1): boolean {
  if (!Array.isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) {
    spend(weight);
    if (truthy(body(items[i]))) return true;
  }
  return false;
}

/** Handed to every compiled rule; generated code names these helpers, never user values. */
export const RUNTIME = {
  truthy,
  toFloat,
  times,
  sum,
  product,
  cat,
  substr,
  contains,
  merge,
  log,
  min: Math.min,
  max: Math.max,
  readVar,
  andAll,
  orAll,
  ifAll,
  missing,
  missingSome,
  map,
  filter,
  reduce,
  all,
  none,
  some,
  hasOwn: Object.hasOwn,
  protoOf: Object.getPrototypeOf,
  ObjectProto: Object.prototype,
};
