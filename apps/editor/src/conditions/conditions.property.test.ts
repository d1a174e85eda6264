import { compileLogic, isLogicTruthy, validateLogic } from '@crossroads/graph-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLogic } from './fromLogic.js';
import { meaning } from './meaning.js';
import type { Condition, FieldType, RuleNode, Scalar } from './model.js';
import { operator, operatorsFor } from './operators.js';
import { toLogic } from './toLogic.js';

/** A small typed vocabulary, like a workspace's data dictionary. */
const FIELDS: Record<Exclude<FieldType, 'unknown'>, string[]> = {
  number: ['contact.lead_score', 'contact.seats', 'engagement.opens_30d'],
  text: ['contact.industry', 'contact.plan', 'event.properties.page'],
  boolean: ['contact.vip'],
  date: ['contact.last_seen_at', 'engagement.last_open_at'],
  list: ['contact.tags'],
};
const TYPES = Object.keys(FIELDS) as Array<keyof typeof FIELDS>;
const WORDS = ['SaaS', 'saas', 'Fintech', 'pricing', 'pro', '', 'a', '80', 'beta'];

const text = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 }));
const number = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: -100, max: 100, noNaN: true }));
const day = fc.date({
  min: new Date('1902-01-01T00:00:00Z'),
  max: new Date('2098-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const isoDate = day.map((d) => d.toISOString().slice(0, 10));

function scalarOf(type: FieldType): fc.Arbitrary<Scalar> {
  switch (type) {
    case 'number':
      return number;
    case 'boolean':
      return fc.boolean();
    case 'date':
      return isoDate;
    default:
      return text;
  }
}

function valueFor(op: Condition['op'], type: FieldType): fc.Arbitrary<unknown> {
  switch (operator(op).shape) {
    case 'none':
      return fc.constant(undefined);
    case 'list':
      return fc.array(scalarOf(type), { minLength: 1, maxLength: 3 });
    case 'range':
      return fc.tuple(scalarOf(type), scalarOf(type));
    case 'days':
      return fc.integer({ min: 0, max: 60 });
    default:
      return op === 'startsWith' ? text : type === 'list' ? text : scalarOf(type);
  }
}

const condition: fc.Arbitrary<Condition> = fc
  .constantFrom(...TYPES)
  .chain((type) =>
    fc.tuple(fc.constant(type), fc.constantFrom(...FIELDS[type]), fc.constantFrom(...operatorsFor(type))),
  )
  .chain(([type, path, spec]) =>
    fc
      .record({
        value: valueFor(spec.id, type),
        fallback:
          spec.shape === 'none' ? fc.constant(undefined) : fc.option(scalarOf(type), { nil: undefined }),
      })
      .map(({ value, fallback }): Condition => {
        const field = fallback === undefined ? { path } : { path, fallback };
        return value === undefined
          ? { kind: 'condition', field, op: spec.id }
          : { kind: 'condition', field, op: spec.id, value };
      }),
  );

const rule: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode; group: RuleNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, tie('group')),
  group: fc.record({
    kind: fc.constant('group' as const),
    combinator: fc.constantFrom('and' as const, 'or' as const),
    children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
  }),
})).node;

/** A contact as stored: each field missing, null, of its type, or occasionally of another type. */
const data = fc
  .record({
    now: day.map((d) => d.toISOString()),
    values: fc.dictionary(
      fc.constantFrom(...TYPES.flatMap((t) => FIELDS[t].map((p) => `${t}|${p}`))),
      fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.constant('x')),
      { maxKeys: 8 },
    ),
    offsets: fc.array(fc.integer({ min: -3, max: 70 }), { minLength: 2, maxLength: 2 }),
    picks: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    extras: fc.record({ n: number, s: text, b: fc.boolean(), l: fc.array(text, { maxLength: 3 }) }),
  })
  .map(({ now, values, offsets, picks, extras }) => {
    const out: Record<string, Record<string, unknown>> = {
      contact: {},
      engagement: {},
      event: { properties: {} },
    };
    const set = (path: string, value: unknown) => {
      const parts = path.split('.');
      let at: Record<string, unknown> = out;
      for (const part of parts.slice(0, -1)) {
        at[part] ??= {};
        at = at[part] as Record<string, unknown>;
      }
      at[parts.at(-1) as string] = value;
    };
    const nowMs = Date.parse(now);
    let i = 0;
    for (const type of TYPES) {
      for (const path of FIELDS[type]) {
        if (!picks[i++ % picks.length]) continue;
        const typed = {
          number: extras.n,
          text: extras.s,
          boolean: extras.b,
          list: extras.l,
          date: new Date(nowMs - (offsets[i % 2] as number) * 86_400_000 - 3_600_000).toISOString(),
        }[type];
        set(path, typed);
      }
    }
    for (const [key, value] of Object.entries(values)) set(key.split('|')[1] as string, value);
    return { ...out, now };
  });

const RUNS = { numRuns: 400 };

describe('builder rules and JSONLogic', () => {
  it('reads back every rule it writes (model → JSONLogic → model is the identity)', () => {
    fc.assert(
      fc.property(rule, (model) => {
        const read = fromLogic(toLogic(model));
        expect(read).toEqual({ ok: true, model });
      }),
      RUNS,
    );
  });

  it('writes rules the engine accepts, which decide as the builder says for any contact', () => {
    fc.assert(
      fc.property(rule, fc.array(data, { minLength: 1, maxLength: 5 }), (model, contacts) => {
        const logic = toLogic(model);
        expect(validateLogic(logic).filter((p) => p.severity === 'error')).toEqual([]);
        const evaluate = compileLogic(logic);
        for (const contact of contacts)
          expect(isLogicTruthy(evaluate(contact))).toBe(meaning(model, contact));
      }),
      RUNS,
    );
  });

  it('counts days across months, leap years and centuries like the calendar', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        (now, back, limit) => {
          const field = new Date(now.getTime() - back * 86_400_000).toISOString();
          const model: RuleNode = {
            kind: 'condition',
            field: { path: 'contact.seen' },
            op: 'withinDays',
            value: limit,
          };
          const contact = { contact: { seen: field }, now: now.toISOString() };
          expect(isLogicTruthy(compileLogic(toLogic(model))(contact))).toBe(back <= limit);
        },
      ),
      RUNS,
    );
  });
});
