import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context.js';
import { SegmentGateConfig } from './config.js';
import { segmentGateNode } from './definition.js';
import { executeSegmentGate } from './execute.js';

const hotSaas = { '>': [{ var: 'contact.lead_score' }, 80] };
const config = SegmentGateConfig.parse({
  branches: [
    {
      id: 'hot',
      label: 'Hot SaaS lead',
      rule: { and: [hotSaas, { '==': [{ var: 'contact.industry' }, 'SaaS'] }] },
    },
    { id: 'engaged', label: 'Engaged', segment: 'engaged-30d' },
    { id: 'warm', label: 'Warm lead', rule: { '>': [{ var: 'contact.lead_score' }, 50] } },
  ],
});
const segments = { 'engaged-30d': { '>=': [{ var: 'engagement.opens_30d' }, 3] } };

describe('segment-gate', () => {
  it('takes the first matching branch and records the values its rule read', () => {
    const contact = { id: 'c1', lead_score: 92, industry: 'SaaS' };
    const decision = executeSegmentGate(testContext(config, { contact, segments }));
    expect(decision).toMatchObject({
      next: 'hot',
      reason: {
        summary: "Branch 'Hot SaaS lead' matched",
        details: { branch: 'hot', reads: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' } },
      },
    });
  });

  it('resolves a segment branch from the workspace segments', () => {
    const contact = { id: 'c1', lead_score: 60, industry: 'Retail' };
    const decision = executeSegmentGate(
      testContext(config, { contact, segments, engagement: { opens_30d: 4 } }),
    );
    expect(decision).toMatchObject({
      next: 'engaged',
      reason: {
        details: {
          segment: 'engaged-30d',
          rule: segments['engaged-30d'],
          reads: { 'engagement.opens_30d': 4 },
        },
      },
    });
  });

  it('takes else when nothing matches, listing what each branch read', () => {
    const contact = { id: 'c1', lead_score: 12 };
    const decision = executeSegmentGate(testContext(config, { contact, segments }));
    expect(decision.reason?.summary).toBe('No branch matched; took else');
    expect(decision).toMatchObject({ next: 'else', reason: { details: { branch: 'else' } } });
    expect(decision.reason?.details?.checked).toEqual([
      { branch: 'hot', reads: { 'contact.lead_score': 12, 'contact.industry': null } },
      { branch: 'engaged', reads: { 'engagement.opens_30d': null } },
      { branch: 'warm', reads: { 'contact.lead_score': 12 } },
    ]);
  });

  it('fails clearly on an unknown segment name', () => {
    const contact = { id: 'c1', lead_score: 0 };
    expect(() => executeSegmentGate(testContext(config, { contact, segments: {} }))).toThrow(
      "Branch 'engaged' refers to segment 'engaged-30d', which does not exist",
    );
  });

  it('needs exactly one of rule or segment per branch', () => {
    const both = SegmentGateConfig.safeParse({
      branches: [{ id: 'a', label: 'A', rule: true, segment: 's' }],
    });
    const neither = SegmentGateConfig.safeParse({ branches: [{ id: 'a', label: 'A' }] });
    for (const result of [both, neither]) {
      expect(result.error?.issues[0]?.message).toBe(
        "branch 'a' needs exactly one of rule (inline JSONLogic) or segment (a segment name)",
      );
    }
  });

  it('rejects duplicate branch ids and the reserved id else', () => {
    const dup = SegmentGateConfig.safeParse({
      branches: [
        { id: 'a', label: 'A', rule: true },
        { id: 'a', label: 'B', rule: false },
      ],
    });
    expect(dup.error?.issues).toMatchObject([
      { path: ['branches', 1, 'id'], message: expect.stringContaining('twice') },
    ]);
    const reserved = SegmentGateConfig.safeParse({ branches: [{ id: 'else', label: 'E', rule: true }] });
    expect(reserved.error?.issues[0]?.message).toContain('reserved');
  });

  it('has one output per branch plus else, and exposes inline rules only', () => {
    expect(segmentGateNode.outputsFor(config).map((o) => o.id)).toEqual(['hot', 'engaged', 'warm', 'else']);
    expect(segmentGateNode.logicFields?.(config).map((f) => f.path)).toEqual([
      ['branches', 0, 'rule'],
      ['branches', 2, 'rule'],
    ]);
  });
});
