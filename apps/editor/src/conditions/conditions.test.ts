import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { varsIn } from '../data-dictionary/varPaths.js';
import { checkRule } from './checkRule.js';
import { describeRule } from './describe.js';
import { buildDictionary } from './dictionary.js';
import { fromLogic } from './fromLogic.js';
import type { RuleNode } from './model.js';
import { toLogic } from './toLogic.js';

const EXAMPLES = join(import.meta.dirname, '../../../../examples');

/** Every rule of the shipped examples (gate branches, trigger filters, segments). */
function exampleRules(): unknown[] {
  const rules: unknown[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (['rule', 'filter', 'where'].includes(key)) rules.push(inner);
        else collect(inner);
      }
    }
  };
  for (const dir of readdirSync(EXAMPLES)) {
    for (const file of ['graph.json', 'segments.json']) {
      try {
        const json = JSON.parse(readFileSync(join(EXAMPLES, dir, file), 'utf8'));
        if (file === 'segments.json') rules.push(...Object.values(json));
        else collect(json);
      } catch {}
    }
  }
  return rules;
}

const dictionary = buildDictionary({
  contact: [],
  events: [],
  segments: [],
  countCap: 1000,
  paths: [],
  fields: [
    { path: 'contact.lead_score', type: 'number', source: 'contact', seen: 10 },
    { path: 'contact.industry', type: 'text', source: 'contact', seen: 10, values: ['SaaS', 'Fintech'] },
    { path: 'contact.vip', type: 'boolean', source: 'contact', seen: 3 },
    { path: 'event.properties.page', type: 'text', source: 'event', seen: 4 },
    { path: 'engagement.opens_30d', type: 'number', source: 'engagement', seen: 0 },
  ],
});

describe('fromLogic', () => {
  it('opens every rule of the examples in the builder and writes each back unchanged', () => {
    const rules = exampleRules();
    expect(rules.length).toBeGreaterThan(8);
    for (const rule of rules) {
      const read = fromLogic(rule);
      expect(read.ok, JSON.stringify(rule)).toBe(true);
      if (read.ok) expect(toLogic(read.model)).toEqual(rule);
    }
  });

  it('says in one line why a rule stays in the code view', () => {
    const reduce = { '>': [{ reduce: [{ var: 'contact.orders' }, { '+': [{ var: 'current' }, 1] }, 0] }, 3] };
    expect(fromLogic(reduce)).toEqual({
      ok: false,
      reason: 'uses the `reduce` operator, which the builder does not offer',
    });
    expect(fromLogic({ frob: [1] })).toEqual({
      ok: false,
      reason: 'uses `frob`, which is not a JSONLogic operator',
    });
    expect(fromLogic(true)).toMatchObject({
      ok: false,
      reason: 'is a fixed value, not a condition on a field',
    });
    const twoFields = { '>': [{ var: 'contact.a' }, { var: 'contact.b' }] };
    expect(fromLogic(twoFields)).toMatchObject({ ok: false, reason: expect.stringMatching(/two fields/) });
  });

  it('reads the other spellings of the same conditions', () => {
    expect(fromLogic({ '!': [{ in: [{ var: ['contact.plan'] }, ['free']] }] })).toEqual({
      ok: true,
      model: { kind: 'condition', field: { path: 'contact.plan' }, op: 'notOneOf', value: ['free'] },
    });
    expect(fromLogic({ missing: 'contact.email' })).toMatchObject({ ok: true, model: { op: 'isNotSet' } });
  });

  it('reads "always" as an empty builder that every contact matches', () => {
    const read = fromLogic({ '==': [1, 1] });
    expect(read).toEqual({ ok: true, model: { kind: 'group', combinator: 'and', children: [] } });
    if (read.ok) expect(describeRule(read.model)).toBe('every contact matches');
  });
});

describe('toLogic', () => {
  it('leaves out conditions still being filled in', () => {
    const model: RuleNode = {
      kind: 'group',
      combinator: 'and',
      children: [
        { kind: 'condition', field: { path: 'contact.lead_score' }, op: 'gt', value: 80 },
        { kind: 'condition', field: null, op: 'eq' },
        { kind: 'condition', field: { path: 'contact.industry' }, op: 'eq' },
      ],
    };
    expect(toLogic(model)).toEqual({ and: [{ '>': [{ var: 'contact.lead_score' }, 80] }] });
    expect(toLogic({ kind: 'condition', field: null, op: 'eq' })).toEqual({ '==': [1, 1] });
  });
});

describe('describeRule', () => {
  it('reads the rule as a sentence', () => {
    const read = fromLogic({
      and: [
        { '>': [{ var: 'contact.lead_score' }, 80] },
        { '==': [{ var: 'contact.industry' }, 'SaaS'] },
        { or: [{ in: [{ var: 'contact.plan' }, ['pro', 'team']] }, { '!': { missing: ['contact.vip'] } }] },
      ],
    });
    if (!read.ok) throw new Error(read.reason);
    expect(describeRule(read.model)).toBe(
      'lead score is greater than 80 and industry is SaaS and (plan is one of pro or team or vip is set)',
    );
  });
});

describe('checkRule', () => {
  it('names an unknown field with the closest known one', () => {
    const warnings = checkRule({ '>': [{ var: 'contact.leadscore' }, 80] }, dictionary);
    expect(warnings).toEqual([
      {
        code: 'rule.field-unknown',
        at: ['>', 0, 'var'],
        message: '`contact.leadscore` is not a known field: did you mean `contact.lead_score`?',
      },
    ]);
    expect(checkRule({ '==': [{ var: 'contact.zzz_qqq_www' }, 1] }, dictionary)[0]?.message).toBe(
      '`contact.zzz_qqq_www` is not a known field',
    );
  });

  it('warns when a number or yes/no field is compared with text', () => {
    const warnings = checkRule(
      {
        and: [{ '>': [{ var: 'contact.lead_score' }, 'fifty'] }, { '==': [{ var: 'contact.vip' }, 'true'] }],
      },
      dictionary,
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'compares the number field `contact.lead_score` with the text "fifty": write it as a number',
      'compares the yes/no field `contact.vip` with the text "true": use true or false',
    ]);
    expect(checkRule({ '>': [{ var: 'contact.lead_score' }, '50'] }, dictionary)).toEqual([]);
  });

  it('judges nothing the workspace has no data about yet', () => {
    const empty = buildDictionary(null);
    expect(checkRule({ '>': [{ var: 'contact.anything' }, 1] }, empty)).toEqual([]);
    expect(checkRule({ '>': [{ var: 'engagement.opens_31d' }, 1] }, empty)).toEqual([]);
    expect(checkRule({ '>': [{ var: 'engagement.opens_31d' }, 1] }, dictionary)[0]?.message).toMatch(
      /did you mean `engagement.opens_30d`/,
    );
    expect(varsIn({ rule: { var: 'contact.a' } })).toEqual(new Set(['contact.a']));
  });
});
