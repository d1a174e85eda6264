import { describe, expect, it } from 'vitest';
import {
  describeExitRule,
  type ExitRuleKind,
  exitEventWords,
  exitRuleKind,
  exitRuleOf,
  exitRuleWatch,
} from './exitRuleKinds.js';

describe('exit rule kinds', () => {
  const kinds: ExitRuleKind[] = [
    { kind: 'left-segment', label: 'Left the trial', segment: 'trial' },
    { kind: 'attribute', label: 'Plan changed', attribute: 'plan' },
    { kind: 'attribute', label: 'Downgraded', attribute: 'plan', to: 'free' },
    { kind: 'event', label: 'Cancelled', event: 'subscription.cancelled' },
    {
      kind: 'event',
      label: 'Big refund',
      event: 'refund.issued',
      where: { '>': [{ var: 'event.properties.amount' }, 100] },
    },
  ];

  it('reads back what it writes, for every kind', () => {
    for (const kind of kinds) expect(exitRuleKind(exitRuleOf(kind))).toEqual(kind);
  });

  it('keeps a segment.exited rule with another condition as an event rule', () => {
    const rule = {
      label: 'x',
      event: 'segment.exited',
      where: { and: [{ '==': [{ var: 'event.properties.segment' }, 'trial'] }, { '==': [1, 1] }] },
    };
    expect(exitRuleKind(rule).kind).toBe('event');
  });

  it('says each rule and each exit in words', () => {
    expect(kinds.map((k) => describeExitRule(exitRuleOf(k)))).toEqual([
      "they leave the segment 'trial'",
      "'plan' changes",
      "'plan' changes to 'free'",
      'subscription.cancelled arrives',
      'refund.issued arrives (with a condition)',
    ]);
    expect(exitEventWords({ type: 'attribute.changed', properties: { attribute: 'plan', to: 'free' } })).toBe(
      "'plan' changed to 'free'",
    );
    expect(exitEventWords({ type: 'segment.exited', properties: { segment: 'trial' } })).toBe(
      "left the segment 'trial'",
    );
    expect(exitEventWords({ type: 'subscription.cancelled' })).toBe('subscription.cancelled arrived');
  });

  it('tells the runtime what to watch on a contact update', () => {
    expect(exitRuleWatch({ exits: kinds.map(exitRuleOf) })).toEqual({
      attributes: true,
      segments: ['trial'],
    });
    expect(exitRuleWatch({})).toEqual({ attributes: false, segments: [] });
  });
});
