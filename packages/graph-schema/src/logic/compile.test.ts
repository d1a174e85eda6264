import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileLogic } from './compile.js';

const run = (rule: unknown, data?: unknown) => compileLogic(rule)(data);

describe('compileLogic', () => {
  it('compiles once and evaluates many times', () => {
    const rule = {
      and: [
        { '>': [{ var: 'contact.lead_score' }, 80] },
        { '==': [{ var: 'contact.industry' }, 'SaaS'] },
        { in: [{ var: 'event.properties.page' }, ['pricing', 'demo']] },
        { '<=': [{ var: 'engagement.opens_30d' }, 10] },
      ],
    };
    const evaluate = compileLogic(rule);
    const data = (score: number, page: string) => ({
      contact: { lead_score: score, industry: 'SaaS' },
      event: { properties: { page } },
      engagement: { opens_30d: 3 },
    });
    expect(evaluate(data(90, 'demo'))).toBe(true);
    expect(evaluate(data(70, 'demo'))).toBe(false);
    expect(evaluate(data(90, 'blog'))).toBe(false);
    expect(evaluate({})).toBe(false);
    expect(evaluate(null)).toBe(false);
  });

  it('keeps json-logic-js quirks that are easy to "fix" by mistake', () => {
    expect(run({ '*': ['2'] })).toBe('2'); // one factor comes back untouched
    expect(run({ '*': [-1, 0, 5] })).toBe(0); // the running product is re-parsed: -0 becomes 0
    expect(Object.is(run({ '-': [0] }), -0)).toBe(true);
    expect(run({ '+': ['1.5', '2px'] })).toBe(3.5); // parseFloat
    expect(run({ in: ['', ''] })).toBe(false); // an empty haystack is falsy
    expect(run({ in: ['b', 'abc'] })).toBe(true);
    const long = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect([run({ in: ['j', long] }), run({ in: ['z', long] }), run({ in: [1, ['1', 2]] })]).toEqual([
      true,
      false,
      false,
    ]);
    expect(run({ in: [{ var: 'x' }, [[1], { var: 'x' }]] }, { x: 'y' })).toBe(true); // list with an operation
    expect(run({ and: [1, [], 2] })).toEqual([]); // [] is falsy and is what `and` returns
    expect(run({ or: [0, '', 'x'] })).toBe('x');
    expect(run({ if: [[], 'yes', 'no'] })).toBe('no');
    expect(run({ if: [false, 'yes'] })).toBeNull();
    expect(run({ '<': [1, 2, { var: 'nothing' }] })).toBe(false); // third argument null, not undefined
    expect(run({ substr: ['jsonlogic', 2, -3] })).toBe('onlo');
    expect(run({ var: 1 }, ['a', 'b'])).toBe('b');
    expect(run({ var: '' }, 7)).toBe(7);
    expect(run({ missing: ['b', ['a', 'x']] }, {})).toEqual(['b']); // a [path, default] key
    expect(run({ missing: [['a', 'x'], 'b'] }, {})).toEqual(['a', 'x']); // a first array is the key list
    const sum = { '+': [{ var: 'current' }, { var: 'accumulator' }] };
    expect(run({ reduce: [[1, 2, 3], sum, 0] })).toBe(6);
    expect(run({ reduce: [[1, 2, 3], sum] })).toBeNaN(); // starts from null, and parseFloat(null) is NaN
  });

  it('returns literal objects by reference and rebuilds literal arrays on every run', () => {
    const literal = { a: 1, b: 2 };
    const evaluate = compileLogic([literal, [1]]);
    const [first, second] = [evaluate(null) as unknown[], evaluate(null) as unknown[]];
    expect(first[0]).toBe(literal);
    expect(first[1]).not.toBe(second[1]);
  });

  describe('log and evaluation order', () => {
    const logged: unknown[] = [];
    beforeEach(() => {
      logged.length = 0;
      vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    });
    afterEach(() => vi.restoreAllMocks());

    it('evaluates every argument of an ordinary operator, in order', () => {
      expect(run({ var: ['a', { log: 'default' }] }, { a: 1 })).toBe(1);
      expect(run({ '+': [{ log: 1 }, { log: 2 }] })).toBe(3);
      expect(logged).toEqual(['default', 1, 2]);
    });

    it('skips what and/or/if do not need', () => {
      run({ and: [false, { log: 'and' }] });
      run({ or: [true, { log: 'or' }] });
      run({ if: [true, { log: 'then' }, { log: 'else' }] });
      expect(logged).toEqual(['then']);
    });
  });
});
