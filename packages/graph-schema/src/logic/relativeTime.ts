import { compileLogic, type Evaluator } from './compile.js';

/**
 * Relative time in JSONLogic, and when a rule's answer can change as time passes.
 *
 * json-logic-js has no date operators and rules see instants as ISO-8601 text (`now` is
 * `2026-11-24T10:00:00.000Z`). The convention, shared with the editor's condition builder: a date
 * is a day number built from its text with operators every engine has (`dayNumber`), and two day
 * numbers subtract to whole days. "Last seen more than 30 days ago" is
 * `{">": [daysAgo({"var": "contact.last_seen_at"}), 30]}`; "trial ends within 3 days" is
 * `{"<=": [0, daysUntil({"var": "contact.trial_ends_at"}), 3]}`. Days are the UTC calendar dates
 * as written (the first ten characters), exact from 1901 to 2099.
 *
 * `clockOf(rule)` reads a rule once and says how it depends on the clock; `nextCheck` then gives,
 * for one contact, the first instant after `now` at which the answer may change: the midnight a
 * day count crosses one of the numbers it is compared with, or the instant a field compared with
 * `now` names. Rules that read `now` another way are re-checked at a fixed resolution (the next
 * UTC midnight if they read only its date, else the next hour).
 */

/** Days before each month of a common year, three digits a month: `substr` looks them up. */
export const MONTH_STARTS = '000031059090120151181212243273304334';

/** The JSONLogic expression of the day number of the date at the start of `text` (an expression). */
export function dayNumber(text: unknown): unknown {
  const year = { substr: [text, 0, 4] };
  const month = { substr: [text, 5, 2] };
  const day = { substr: [text, 8, 2] };
  // January and February count the leap day of the year before.
  const leapYear = { '-': [year, { '<=': [month, 2] }] };
  return {
    '+': [
      { '*': [year, 365] },
      { '/': [{ '-': [leapYear, { '%': [leapYear, 4] }] }, 4] },
      { substr: [MONTH_STARTS, { '*': [{ '-': [month, 1] }, 3] }, 3] },
      day,
    ],
  };
}

/** Whole days from the field's date to today's (UTC dates as written): today − date. */
export function daysAgo(field: unknown): unknown {
  return { '-': [dayNumber({ var: 'now' }), dayNumber(field)] };
}

/** Whole days from today to the field's date: date − today (negative once it has passed). */
export function daysUntil(field: unknown): unknown {
  return { '-': [dayNumber(field), dayNumber({ var: 'now' })] };
}

/** A comparison whose answer changes when a day count crosses the numbers it is compared with. */
interface DayTerm {
  kind: 'days';
  /** The field's day number, as an evaluator over the data. */
  day: Evaluator;
  /** +1: today − date (`daysAgo`); −1: date − today (`daysUntil`). */
  sign: 1 | -1;
  /** The other operands (they do not read the clock). */
  bounds: Evaluator[];
  /** Per bound n, the count at which the answer first differs from the count below it. */
  flips: Flip[];
}

/**
 * `ceil`: at ⌈n⌉ (`count < n`, `count >= n`, `n <= count`, `n > count`); `next`: at ⌊n⌋ + 1
 * (`count <= n`, `count > n`, `n < count`, `n >= count`); `both`: either (equality, odd shapes).
 */
type Flip = 'ceil' | 'next' | 'both';

function flipOf(op: string, countFirst: boolean): Flip {
  if (op === '<' || op === '>=') return countFirst ? 'ceil' : 'next';
  if (op === '<=' || op === '>') return countFirst ? 'next' : 'ceil';
  return 'both';
}

/** A comparison of `now` with instants the data names (ISO text compared as text). */
interface InstantTerm {
  kind: 'instant';
  bounds: Evaluator[];
}

export interface RuleClock {
  /** `none`: the clock does not matter; `exact`: only at instants the terms give; else a fallback tick. */
  kind: 'none' | 'exact' | 'daily' | 'hourly';
  terms: Array<DayTerm | InstantTerm>;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=', '===', '!==']);
const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const opOf = (x: unknown): [string, unknown[]] | undefined => {
  if (!isObject(x)) return undefined;
  const keys = Object.keys(x);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  const args = x[op];
  return [op, Array.isArray(args) ? args : [args]];
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `{"var": "now"}` (with or without a default). */
function isNow(x: unknown): boolean {
  const node = opOf(x);
  return node?.[0] === 'var' && node[1][0] === 'now';
}

/** How an expression reads the clock: not at all, only the date part of `now`, or otherwise. */
function clockReads(x: unknown, insideDate = false): 'none' | 'date' | 'any' {
  if (Array.isArray(x)) return worst(x.map((item) => clockReads(item, insideDate)));
  const node = opOf(x);
  if (!node) return 'none';
  const [op, args] = node;
  if (op === 'var') {
    const path = args[0];
    if (path === 'now') return insideDate ? 'date' : 'any';
    // A computed path or the whole data may read the clock.
    return typeof path === 'string' && path !== '' && !path.startsWith('now.') ? 'none' : 'any';
  }
  if (op === 'substr') {
    const [text, start, length] = args;
    const dateOnly =
      typeof start === 'number' && typeof length === 'number' && start >= 0 && start + length <= 10;
    return worst([clockReads(text, dateOnly), clockReads(args.slice(1))]);
  }
  return worst(args.map((arg) => clockReads(arg, false)));
}
const worst = (reads: Array<'none' | 'date' | 'any'>) =>
  reads.includes('any') ? 'any' : reads.includes('date') ? 'date' : 'none';

/** The field of `dayNumber(field)`, if `x` is exactly that. */
function dayField(x: unknown): unknown {
  const plus = opOf(x);
  if (plus?.[0] !== '+') return undefined;
  const times = opOf(plus[1][0]);
  const substr = times?.[0] === '*' ? opOf(times[1][0]) : undefined;
  if (substr?.[0] !== 'substr') return undefined;
  const field = substr[1][0];
  return same(x, dayNumber(field)) ? field : undefined;
}

/** `daysAgo(field)` or `daysUntil(field)`: the field and the direction. */
function dayCount(x: unknown): { field: unknown; sign: 1 | -1 } | undefined {
  const minus = opOf(x);
  if (minus?.[0] !== '-' || minus[1].length !== 2) return undefined;
  const [a, b] = minus[1].map(dayField);
  if (a === undefined || b === undefined) return undefined;
  if (isNow(a) && clockReads(b) === 'none') return { field: b, sign: 1 };
  if (isNow(b) && clockReads(a) === 'none') return { field: a, sign: -1 };
  return undefined;
}

/**
 * How a rule depends on the clock, read once per rule.
 *
 * @example
 * ```ts
 * clockOf({ '>': [daysAgo({ var: 'contact.last_seen_at' }), 30] }).kind; // 'exact'
 * clockOf({ '==': [{ var: 'contact.plan' }, 'pro'] }).kind; // 'none'
 * ```
 */
export function clockOf(rule: unknown): RuleClock {
  const terms: RuleClock['terms'] = [];
  let fallback = 'none' as 'none' | 'date' | 'any';
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const item of x) visit(item);
      return;
    }
    const node = opOf(x);
    if (!node) return;
    const [op, args] = node;
    if (COMPARISONS.has(op) && args.length >= 2) {
      const counts = args.map(dayCount);
      const count = counts.find((c) => c !== undefined);
      const rest = args.filter((_, i) => counts[i] === undefined);
      if (count && counts.filter(Boolean).length === 1 && rest.every((r) => clockReads(r) === 'none')) {
        const at = counts.indexOf(count);
        // Two operands: the bound is on the other side. Three (`a <= count <= b`): a, then b.
        const flips = args.flatMap((_, i) =>
          i === at ? [] : [args.length === 2 || at === 1 ? flipOf(op, i > at) : ('both' as const)],
        );
        terms.push({
          kind: 'days',
          day: compileLogic(dayNumber(count.field)),
          sign: count.sign,
          bounds: rest.map(compileLogic),
          flips,
        });
        return;
      }
      const nows = args.filter(isNow);
      const others = args.filter((a) => !isNow(a));
      if (nows.length === 1 && op !== '==' && op !== '!=' && others.every((r) => clockReads(r) === 'none')) {
        terms.push({ kind: 'instant', bounds: others.map(compileLogic) });
        return;
      }
    }
    if (op === 'var') {
      fallback = worst([fallback, clockReads(x)]);
      return;
    }
    if (op === 'substr' && clockReads(x) !== 'none') {
      fallback = worst([fallback, clockReads(x)]);
      return;
    }
    args.forEach(visit);
  };
  visit(rule);
  const kind =
    fallback === 'any' ? 'hourly' : fallback === 'date' ? 'daily' : terms.length > 0 ? 'exact' : 'none';
  return { kind, terms };
}

const DAY_MS = 86_400_000;
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const todayNumber = compileLogic(dayNumber({ var: 'now' }));

/**
 * The first instant after `now` at which the rule's answer for this data may change, or null when
 * time alone never changes it. `data` is what the rule reads (contact…); `now` is set here.
 *
 * @example
 * ```ts
 * const clock = clockOf({ '>': [daysAgo({ var: 'contact.last_seen_at' }), 30] });
 * nextCheck(clock, { contact: { last_seen_at: '2026-11-01T08:00:00Z' } }, new Date('2026-11-20T12:00:00Z'));
 * // 2026-12-02T00:00:00.000Z: the first day that is 31 days after 1 November
 * ```
 */
export function nextCheck(clock: RuleClock, data: Record<string, unknown>, now: Date): Date | null {
  if (clock.kind === 'none') return null;
  const nowMs = now.getTime();
  const nowText = now.toISOString();
  if (clock.kind === 'hourly') return new Date(Math.floor(nowMs / 3_600_000) * 3_600_000 + 3_600_000);
  if (clock.kind === 'daily') return new Date(startOfDay(nowMs) + DAY_MS);
  const at = { ...data, now: nowText };
  const today = Number(todayNumber(at));
  let next = Number.POSITIVE_INFINITY;
  for (const term of clock.terms) {
    const bounds = term.bounds.map((b) => b(at));
    if (term.kind === 'instant') {
      for (const bound of bounds) {
        const ms = typeof bound === 'string' ? Date.parse(bound) : Number.NaN;
        // ISO text compares as text: `…:00Z` sorts after `…:00.000Z`, so look again a second later.
        for (const candidate of [ms, ms + 1000]) if (candidate > nowMs && candidate < next) next = candidate;
      }
      continue;
    }
    const day = Number(term.day(at));
    if (!Number.isFinite(day)) continue;
    for (const [i, bound] of bounds.entries()) {
      const n =
        typeof bound === 'number'
          ? bound
          : typeof bound === 'string' && bound.trim() !== ''
            ? Number(bound)
            : Number.NaN;
      if (!Number.isFinite(n)) continue;
      const flip = Number.isInteger(day) ? (term.flips[i] ?? 'both') : 'both';
      let days: number[];
      if (flip === 'both') {
        // The count equals n, then n + 1 (daysAgo), or n, then n − 1 (daysUntil), on these days.
        const edge = term.sign === 1 ? day + n : day - n;
        days = [Math.ceil(edge), Math.floor(edge) + 1];
      } else {
        // The count reaches v on day + v (daysAgo, rising), or falls below v on day − v + 1 (daysUntil).
        const v = flip === 'ceil' ? Math.ceil(n) : Math.floor(n) + 1;
        days = [term.sign === 1 ? day + v : day - v + 1];
      }
      for (const k of days) {
        if (k <= today) continue;
        const ms = startOfDay(nowMs) + (k - today) * DAY_MS;
        if (ms < next) next = ms;
      }
    }
  }
  return Number.isFinite(next) ? new Date(next) : null;
}
