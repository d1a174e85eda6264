import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context.js';
import { SalesHandoffConfig } from './config.js';
import { salesHandoffNode } from './definition.js';
import { executeSalesHandoff } from './execute.js';

const contact = { id: 'c1', first_name: 'Mara', lead_score: 92, region: 'EMEA', company: { size: 240 } };
const byRegion = {
  mode: 'attribute',
  attribute: 'region',
  map: { emea: 'ana@acme.io', amer: 'ben@acme.io' },
  fallback: 'queue@acme.io',
};

function handoff(config: unknown, who: Record<string, unknown> & { id: string } = contact) {
  return executeSalesHandoff(testContext(SalesHandoffConfig.parse(config), { contact: who }));
}

describe('sales-handoff', () => {
  it('hands to a fixed owner with defaults: normal priority, stop marketing, lead score signal', () => {
    expect(handoff({ assignment: { mode: 'owner', owner: 'ana@acme.io' } })).toEqual({
      next: 'next',
      effect: {
        kind: 'handoff',
        assignment: { owner: 'ana@acme.io' },
        priority: 'normal',
        note: '',
        stopMarketing: true,
        signals: { 'contact.lead_score': 92 },
      },
      reason: {
        summary: 'Handed to ana@acme.io (normal priority)',
        details: { signals: { 'contact.lead_score': 92 } },
      },
    });
  });

  it('passes a round-robin pool and the team to the runtime', () => {
    const decision = handoff({
      assignment: { mode: 'round-robin', pool: ['a@x.io', 'b@x.io'] },
      team: 'mid-market',
    });
    expect(decision).toMatchObject({
      effect: { assignment: { roundRobin: ['a@x.io', 'b@x.io'], team: 'mid-market' } },
    });
    expect(decision.reason?.summary).toBe('Handed to the mid-market pool (normal priority)');
  });

  it('routes by attribute: exact or case-insensitive key, else the fallback', () => {
    expect(handoff({ assignment: byRegion })).toMatchObject({
      effect: { assignment: { owner: 'ana@acme.io' } },
    });
    expect(handoff({ assignment: byRegion }, { id: 'c2', region: 'amer' })).toMatchObject({
      effect: { assignment: { owner: 'ben@acme.io' } },
    });
    for (const region of [undefined, 'apac', 'toString', '__proto__', { nested: true }]) {
      expect(handoff({ assignment: byRegion }, { id: 'c3', region })).toMatchObject({
        effect: { assignment: { owner: 'queue@acme.io' } },
      });
    }
  });

  it('captures each configured signal, missing ones as null', () => {
    const decision = handoff({
      assignment: { mode: 'owner', owner: 'ana@acme.io' },
      signals: ['contact.lead_score', 'contact.company.size', 'engagement.opens_30d'],
    });
    expect(decision).toMatchObject({
      effect: {
        signals: { 'contact.lead_score': 92, 'contact.company.size': 240, 'engagement.opens_30d': null },
      },
    });
  });

  it('rejects signals outside the data roots and empty pools', () => {
    const bad = SalesHandoffConfig.safeParse({
      assignment: { mode: 'owner', owner: 'a' },
      signals: ['lead_score'],
    });
    expect(bad.error?.issues).toMatchObject([
      { path: ['signals', 0], message: expect.stringContaining('contact.') },
    ]);
    const empty = SalesHandoffConfig.safeParse({ assignment: { mode: 'round-robin', pool: [] } });
    expect(empty.error?.issues[0]?.path).toEqual(['assignment', 'pool']);
  });

  it('summarises the assignment and exposes signals as var rules', () => {
    const config = SalesHandoffConfig.parse({ assignment: byRegion, priority: 'high' });
    expect(salesHandoffNode.summary?.(config)).toBe('Hand to owner by region (high)');
    expect(salesHandoffNode.logicFields?.(config)).toEqual([
      { path: ['signals', 0], rule: { var: 'contact.lead_score' } },
    ]);
  });
});
