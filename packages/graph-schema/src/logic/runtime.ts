import { readVar } from './read-var.js';

/**
 * The helpers that compiled rules call, one per json-logic-js operator that is not a plain JS
 * operator. Each one repeats json-logic-js 2.0.5's code (see node_modules/json-logic-js/logic.js),
 * quirks included; the comments name the quirks that are easy to "fix" by mistake.
 */

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
  // Throws when `indexOf` is own data (not a function), as json-logic-js does.
  return list.indexOf(needle) !== -1;
}

const merge = (values: unknown[]): unknown[] =>
  values.reduce<unknown[]>((all, value) => all.concat(value), []);

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

const map = (items: unknown, body: Body): unknown[] =>
  Array.isArray(items) ? items.map((item) => body(item)) : [];

const filter = (items: unknown, body: Body): unknown[] =>
  Array.isArray(items) ? items.filter((item) => truthy(body(item))) : [];

const reduce = (items: unknown, body: Body, initial: unknown): unknown =>
  Array.isArray(items)
    ? items.reduce((accumulator, current) => body({ current, accumulator }), initial)
    : initial;

function all(items: unknown, body: Body): boolean {
  // All of an empty list is false.
  if (!Array.isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) if (!truthy(body(items[i]))) return false;
  return true;
}

function none(items: unknown, body: Body): boolean {
  if (!Array.isArray(items) || !items.length) return true;
  for (let i = 0; i < items.length; i++) if (truthy(body(items[i]))) return false;
  return true;
}

function some(items: unknown, body: Body): boolean {
  if (!Array.isArray(items) || !items.length) return false;
  for (let i = 0; i < items.length; i++) if (truthy(body(items[i]))) return true;
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
