import { describe, expect, it } from 'vitest';
import { addTo, editAt, setCombinator, withField, withOperator } from './edits.js';
import type { Condition, RuleNode } from './model.js';
import { toLogic } from './toLogic.js';

const score: Condition = { kind: 'condition', field: { path: 'contact.lead_score' }, op: 'gt', value: 80 };

describe('builder edits', () => {
  it('builds "lead score > 80 and industry is SaaS" from an empty rule', () => {
    let rule: RuleNode = { kind: 'group', combinator: 'and', children: [] };
    rule = addTo(rule, [], 'condition');
    rule = editAt(rule, [0], () => score);
    expect(toLogic(rule)).toEqual({ '>': [{ var: 'contact.lead_score' }, 80] });
    rule = addTo(rule, [], 'condition');
    rule = editAt(rule, [1], (c) => ({
      ...withField(c as Condition, 'contact.industry', 'text', 'unknown'),
      value: 'SaaS',
    }));
    expect(toLogic(rule)).toEqual({
      and: [{ '>': [{ var: 'contact.lead_score' }, 80] }, { '==': [{ var: 'contact.industry' }, 'SaaS'] }],
    });
    rule = setCombinator(rule, [], 'or');
    expect(Object.keys(toLogic(rule) as object)).toEqual(['or']);
  });

  it('nests groups and removes the ones left empty', () => {
    let rule: RuleNode = addTo(score, [], 'group');
    expect(rule).toMatchObject({ kind: 'group', children: [score, { kind: 'group', combinator: 'or' }] });
    rule = editAt(rule, [1, 0], () => null);
    expect(rule).toEqual(score);
  });

  it('keeps what still fits when the field or operator changes', () => {
    expect(withField(score, 'contact.seats', 'number', 'number')).toMatchObject({ op: 'gt', value: 80 });
    expect(withField(score, 'contact.plan', 'text', 'number')).toEqual({
      kind: 'condition',
      field: { path: 'contact.plan' },
      op: 'eq',
    });
    expect(withOperator({ ...score, op: 'eq', value: 'pro' }, 'oneOf').value).toEqual(['pro']);
    expect(withOperator(score, 'isSet').value).toBeUndefined();
  });
});
