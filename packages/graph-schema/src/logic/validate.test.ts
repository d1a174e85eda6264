import { describe, expect, it } from 'vitest';
import { LIMITS } from '../graph.js';
import { compileLogic, LogicRuleError } from './compile.js';
import { validateLogic } from './validate.js';

const codes = (rule: unknown, roots?: string[]) =>
  validateLogic(rule, roots ? { roots } : {}).map((p) => [p.code, p.severity, p.path]);

describe('validateLogic', () => {
  it('accepts a well-formed rule', () => {
    expect(validateLogic({ and: [{ '>': [{ var: 'contact.score' }, 1] }] }, { roots: ['contact'] })).toEqual(
      [],
    );
  });

  it('reports unknown operators where they sit, and refuses "method"', () => {
    expect(codes({ and: [true, { frob: [1] }, { method: ['a', 'toUpperCase'] }] })).toEqual([
      ['logic.operator.unknown', 'error', ['and', 1, 'frob']],
      ['logic.operator.unknown', 'error', ['and', 2, 'method']],
    ]);
    expect(validateLogic({ method: [] })[0]?.message).toMatch(/"method" is not supported/);
  });

  it('reports wrong argument counts', () => {
    const [problem] = validateLogic({ or: [{ '>': [1] }] });
    expect(problem).toMatchObject({ code: 'logic.operator.arity', severity: 'error', path: ['or', 0, '>'] });
    expect(problem?.message).toBe('">" takes 2 arguments, got 1 (at or[0].>)');
    expect(codes({ '*': [] })).toEqual([['logic.operator.arity', 'error', ['*']]]);
    expect(codes({ var: ['a', 1, 2] })).toEqual([['logic.operator.arity', 'error', ['var']]]);
  });

  it('warns about var and missing paths outside the known roots, but not inside element scopes', () => {
    const rule = {
      and: [
        { var: 'contat.email' },
        { missing: ['contact.email', 'evnt.type'] },
        { some: [{ var: 'contact.tags' }, { '==': [{ var: '' }, 'vip'] }] },
        { map: [{ var: 'event.items' }, { var: 'price' }] },
        { reduce: [{ var: 'event.items' }, { '+': [{ var: 'current' }, { var: 'acc' }] }, 0] },
      ],
    };
    expect(codes(rule, ['contact', 'event'])).toEqual([
      ['logic.var.unknown-root', 'warning', ['and', 0, 'var']],
      ['logic.var.unknown-root', 'warning', ['and', 1, 'missing']],
      ['logic.var.unknown-root', 'warning', ['and', 4, 'reduce', 1, '+', 1, 'var']],
    ]);
    expect(validateLogic(rule, { roots: ['contact', 'event'] })[0]?.message).toBe(
      '"contat.email" reads "contat", which is none of the known data: contact, event (at and[0].var)',
    );
    expect(codes(rule)).toEqual([
      ['logic.var.unknown-root', 'warning', ['and', 4, 'reduce', 1, '+', 1, 'var']],
    ]);
  });

  it(`refuses rules deeper than ${LIMITS.maxLogicDepth}`, () => {
    let deep: unknown = true;
    for (let i = 0; i < LIMITS.maxLogicDepth - 1; i++) deep = { '!': [deep] };
    expect(validateLogic(deep)).toEqual([]);
    expect(codes({ '!': [deep] })).toEqual([['logic.depth', 'error', expect.any(Array)]]);
  });

  it('survives hostile nesting without overflowing the stack', () => {
    let hostile: unknown = 1;
    for (let i = 0; i < 100_000; i++) hostile = [hostile];
    expect(codes(hostile).map(([code]) => code)).toEqual(['logic.depth']);
    expect(() => compileLogic(hostile)).toThrow(LogicRuleError);
  });

  it(`refuses rules with more than ${LIMITS.maxLogicSize} operators and values`, () => {
    const big = { in: [1, Array.from({ length: LIMITS.maxLogicSize }, (_, i) => i)] };
    expect(codes(big)).toEqual([['logic.size', 'error', ['in', 1, LIMITS.maxLogicSize - 3]]]);
    expect(validateLogic({ in: [1, Array.from({ length: LIMITS.maxLogicSize - 3 }, (_, i) => i)] })).toEqual(
      [],
    );
  });

  it('reports values that are not JSON and warns about objects that are not operations', () => {
    expect(codes({ '==': [() => 1, { a: 1, b: 2 }] })).toEqual([
      ['logic.value.invalid', 'error', ['==', 0]],
      ['logic.literal.object', 'warning', ['==', 1]],
    ]);
  });
});

describe('compileLogic on bad rules', () => {
  it('throws one error naming every problem, with the same messages', () => {
    const rule = { if: [{ frob: [] }, { '>': [1] }, 'no'] };
    const messages = validateLogic(rule).map((p) => p.message);
    expect(messages).toHaveLength(2);
    try {
      compileLogic(rule);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LogicRuleError);
      expect((error as LogicRuleError).problems.map((p) => p.message)).toEqual(messages);
      expect((error as Error).message).toBe(`invalid JSONLogic rule: ${messages.join('; ')}`);
    }
  });

  it('compiles rules that only have warnings', () => {
    expect(compileLogic({ var: 'nope.x' })({ nope: { x: 1 } })).toBe(1);
  });
});
