import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledLogicSource, compileLogic } from './compile.js';
import { LOGIC_WORK_LIMIT, LogicLimitError } from './runtime.js';

describe('var reads own properties only', () => {
  const data = { contact: { name: 'Ada', tags: ['x'] }, s: 'abc', n: 5 };

  it.each([
    '__proto__',
    'constructor',
    'constructor.prototype',
    'contact.__proto__',
    'contact.constructor.name',
    'contact.toString',
    'contact.hasOwnProperty',
    'contact.tags.map',
    'contact.tags.constructor',
    's.toUpperCase',
    'n.toFixed',
    'prototype',
  ])('%s reads as missing', (path) => {
    expect(compileLogic({ var: path })(data)).toBeNull();
    expect(compileLogic({ var: [path, 'fallback'] })(data)).toBe('fallback');
    expect(compileLogic({ missing: [path] })(data)).toEqual([path]);
  });

  it('still reads own length and index properties, as json-logic-js does', () => {
    const rule = { cat: [{ var: 'contact.tags.length' }, { var: 's.length' }, { var: 's.1' }] };
    expect(compileLogic(rule)(data)).toBe('13b');
  });

  it('reads an own "__proto__" key from parsed JSON', () => {
    expect(compileLogic({ var: '__proto__.x' })(JSON.parse('{"__proto__": {"x": 1}}'))).toBe(1);
  });

  it('ignores properties added to Object.prototype (prototype pollution)', () => {
    const evaluate = compileLogic({ var: 'contact.isAdmin' });
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.isAdmin = true;
    try {
      expect(evaluate({ contact: {} })).toBeNull();
      expect(evaluate({ contact: { isAdmin: 'own' } })).toBe('own');
    } finally {
      delete polluted.isAdmin;
    }
  });

  it('reads null-prototype and class-instance data through hasOwn', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    class Contact {
      a = 2;
      greet() {}
    }
    const evaluate = compileLogic({ cat: [{ var: 'a' }, { var: ['greet', '-'] }] });
    expect(evaluate(bare)).toBe('1-');
    expect(evaluate(new Contact())).toBe('2-');
  });
});

describe('generated source', () => {
  /** Removes what templates may write; anything left over came from the rule. */
  const leftovers = (source: string) =>
    source
      .replace('"use strict";', '')
      .replace(/\b[ctfk]\[?\d+\]?/g, '')
      .replace(/\(0 \+/g, '')
      .replace(/!== -1/g, '');

  it('never contains rule strings or numbers', () => {
    const strings = fc.oneof(
      fc.string(),
      fc.constantFrom('"); process.exit(1); ("', ['`$', '{1}`'].join(''), '\\u0022', '\n'),
    );
    const rule = fc.letrec((tie) => ({
      rule: fc.oneof(
        { depthSize: 'small', maxDepth: 4 },
        strings,
        fc.double(),
        strings.map((path) => ({ var: path })),
        fc.tuple(strings, tie('rule')).map((args) => ({ var: args })),
        fc.array(tie('rule'), { minLength: 2, maxLength: 2 }).map((args) => ({ '==': args })),
        fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((args) => ({ cat: args })),
        fc.array(tie('rule'), { maxLength: 3 }).map((args) => ({ in: [args[0] ?? '', args] })),
        fc.array(tie('rule'), { minLength: 3, maxLength: 3 }).map((args) => ({ if: args })),
      ),
    })).rule;
    fc.assert(
      fc.property(rule, (r) => {
        const rest = leftovers(compiledLogicSource(r));
        expect(rest).not.toMatch(/["'`\\\d]/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('looks like templates and constant indices', () => {
    expect(compiledLogicSource({ '>': [{ var: 'contact.score' }, 80] })).toMatch(
      /const k0 = c\[0\], k1 = c\[1\], k2 = c\[2\];/,
    );
  });
});

describe('rules at the limits', () => {
  const jsonLogic = createRequire(import.meta.url)('json-logic-js') as {
    apply(rule: unknown, data: unknown): unknown;
  };
  const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
  const longPath = many(20_000, (i) => `k${i % 3}`).join('.');

  it.each([
    ['and', { and: many(2400, (i) => ({ var: `a${i % 7}` })) }],
    ['or', { or: many(4900, () => 0) }],
    ['if', { if: many(4900, (i) => i % 5 === 4) }],
    ['+', { '+': many(4900, (i) => i) }],
    ['*', { '*': many(4900, () => 1) }],
    ['cat', { cat: many(4900, (i) => i) }],
    ['a 20,000-segment var path', { var: [longPath, 'none'] }],
  ])('%s compiles and agrees with json-logic-js', (_name, rule) => {
    const data = { a0: 1, a1: 'x', a2: [1], k0: { k1: { k2: 5 } } };
    expect(compileLogic(rule)(data)).toEqual(jsonLogic.apply(rule, data));
  });

  it('keeps generated code linear in the rule: nested var defaults are not copied per segment', () => {
    let rule: unknown = 'end';
    for (let i = 0; i < 31; i++) rule = { var: ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p', rule] };
    expect(compiledLogicSource(rule).length).toBeLessThan(200_000);
    expect(compileLogic(rule)({})).toBe('end');
  });
});

describe('the work limit', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('stops a reduce whose merge accumulator grows quadratically', () => {
    const rule = { reduce: [{ var: 'xs' }, { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    expect(compileLogic(rule)({ xs: items(100) })).toEqual(items(100));
    expect(() => compileLogic(rule)({ xs: items(30_000) })).toThrow(LogicLimitError);
  });

  it('charges a loop body its size per item, so a big body over a big list stops', () => {
    const body = { and: Array.from({ length: 40 }, (_, i) => ({ '>=': [{ var: '' }, -i] })) };
    const rule = { all: [{ var: 'xs' }, body] };
    expect(compileLogic(rule)({ xs: items(1_000) })).toBe(true);
    expect(() => compileLogic(rule)({ xs: items(100_000) })).toThrow(LogicLimitError);
  });

  it('charges what runs, not what might: `some` that matches early is cheap', () => {
    const rule = { some: [{ var: 'xs' }, { '==': [{ var: '' }, 0] }] };
    expect(compileLogic(rule)({ xs: items(LOGIC_WORK_LIMIT * 2) })).toBe(true);
  });

  it('stops, by the clock, work the count cannot see: a nested accumulator coerced on every ==', () => {
    // Each `==` turns the whole accumulator (nested pairs, one level per item) into a string.
    const rule = {
      reduce: [
        { var: 'xs' },
        { if: [{ '==': [{ var: 'accumulator' }, 'z'] }, 0, [{ var: 'accumulator' }, { var: 'current' }]] },
        [],
      ],
    };
    expect(() => compileLogic(rule)({ xs: items(8_000) })).toThrow(LogicLimitError);
  });

  it('gives every evaluation the whole limit again', () => {
    const rule = { map: [{ var: 'xs' }, { '+': [{ var: '' }, 1] }] };
    const evaluate = compileLogic(rule);
    // The body weighs 5 (two operators, three values): a list of a tenth of the limit fits each time.
    const xs = items(LOGIC_WORK_LIMIT / 10);
    for (let run = 0; run < 5; run++) expect((evaluate({ xs }) as number[]).length).toBe(xs.length);
  });
});
