import { readFileSync } from 'node:fs';
import { Graph, type LogicRule } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import type { EmailEffect, JourneyEvent } from '../sdk/decision.js';
import { type Scenario, walkJourney } from '../testing/walkJourney.js';
import { builtinRegistry } from './index.js';

// Each example walked along its main paths with the real executors and a virtual clock.

const EXAMPLES = new URL('../../../../examples/', import.meta.url);
const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8'));
const graphOf = (name: string) => Graph.parse(read(`${name}/graph.json`));

function event(
  type: string,
  properties: Record<string, unknown> = {},
  at = '2026-03-03T09:15:00.000Z',
): JourneyEvent {
  return { type, properties, timestamp: at };
}
function walk(name: string, scenario: Omit<Scenario, 'now'> & { now?: Date }) {
  return walkJourney(graphOf(name), builtinRegistry, {
    now: new Date(scenario.event.timestamp),
    ...scenario,
  });
}
const subjects = (effects: ReturnType<typeof walk>['effects']) =>
  effects.filter((e): e is EmailEffect => e.kind === 'email').map((e) => e.subject);

describe('pricing-page-handoff', () => {
  const pricing = event('page.viewed', { page: 'pricing', path: '/pricing' });
  const saasLead = { id: 'c-mara', first_name: 'Mara', lead_score: 92, industry: 'SaaS', region: 'emea' };

  it('hands a SaaS contact scoring 92 to the EMEA account executive after they open the email', () => {
    const result = walk('pricing-page-handoff', { contact: saasLead, event: pricing, eventWaits: ['event'] });
    expect(result.path).toEqual([
      'viewed-pricing',
      'pricing-follow-up',
      'wait-for-open',
      'qualify',
      'hand-to-sales',
    ]);
    expect(result.effects.map((e) => e.kind)).toEqual(['email', 'handoff']);
    expect(result.effects[1]).toMatchObject({
      kind: 'handoff',
      assignment: { owner: 'ana.ruiz@lumen.example', team: 'Mid-market AE' },
      priority: 'high',
      stopMarketing: true,
      signals: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' },
    });
    expect(result.steps[3]?.decision.reason).toMatchObject({
      summary: "Branch 'Hot SaaS lead' matched",
      details: { reads: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' } },
    });
  });

  it('still checks the lead two days later when the email is not opened', () => {
    const result = walk('pricing-page-handoff', { contact: saasLead, event: pricing });
    expect(result.path.at(-1)).toBe('hand-to-sales');
    expect(result.steps.at(-1)?.at).toBe('2026-03-05T09:15:00.000Z');
  });

  it('sends a case study to everyone else', () => {
    const retail = { ...saasLead, industry: 'Retail' };
    const result = walk('pricing-page-handoff', { contact: retail, event: pricing, eventWaits: ['event'] });
    expect(result.path.at(-1)).toBe('case-study');
    expect(subjects(result.effects)[1]).toContain('Brightside');
  });

  it('ignores views of other pages', () => {
    const result = walk('pricing-page-handoff', {
      contact: saasLead,
      event: event('page.viewed', { page: 'blog' }),
    });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.decision).toMatchObject({ exit: 'filtered' });
  });
});

describe('outbound-sequence', () => {
  const added = event('prospect.added', { sequence: 'q3-fintech-outbound' }, '2026-03-07T15:00:00.000Z'); // Saturday
  const prospect = {
    id: 'c-lee',
    first_name: 'Lee',
    company: 'Kite Ledger',
    title: 'Controller',
    email_status: 'verified',
  };

  it('waits for a weekday morning in New York before the first touch', () => {
    const result = walk('outbound-sequence', { contact: prospect, event: added, eventWaits: ['event'] });
    // Monday 9 March 2026 08:00 EDT (DST began on the 8th) = 12:00Z.
    expect(result.steps.find((s) => s.nodeId === 'touch-1')?.at).toBe('2026-03-09T12:00:00.000Z');
  });

  it('stops and hands to the SDR when the prospect replies to the second touch', () => {
    const result = walk('outbound-sequence', {
      contact: prospect,
      event: added,
      eventWaits: ['timeout', 'event'],
    });
    expect(result.path.filter((id) => id.startsWith('touch'))).toEqual(['touch-1', 'touch-2']);
    expect(result.path.at(-1)).toBe('book-meeting');
    expect(result.effects.at(-1)).toMatchObject({
      kind: 'handoff',
      priority: 'urgent',
      signals: { 'contact.title': 'Controller' },
    });
  });

  it('sends four touches ending with the break-up email when nobody replies', () => {
    const result = walk('outbound-sequence', { contact: prospect, event: added });
    expect(subjects(result.effects)).toHaveLength(4);
    expect(subjects(result.effects).at(-1)).toBe('Should I close your file?');
    expect(result.path.at(-1)).toBe('wait-reply-4');
  });

  it('does not enrol unverified addresses', () => {
    const result = walk('outbound-sequence', {
      contact: { ...prospect, email_status: 'risky' },
      event: added,
    });
    expect(result.steps[0]?.decision).toMatchObject({ exit: 'filtered' });
  });
});

describe('trial-expiring', () => {
  const ending = event('trial.ending', { days_left: 7 });
  const trialist = (attributes: Record<string, unknown>) => ({
    id: 'c-t',
    first_name: 'Jo',
    company: 'Arbor',
    ...attributes,
  });

  it('routes an active team to an upgrade email and then a round-robin account executive', () => {
    const contact = trialist({ active_days_14d: 10, seats_used: 5 });
    const result = walk('trial-expiring', { contact, event: ending });
    expect(result.path).toEqual(['trial-ending', 'usage', 'team-upgrade', 'wait-subscribe', 'team-handoff']);
    expect(result.effects.at(-1)).toMatchObject({
      assignment: { roundRobin: ['diego@lumen.example', 'hana@lumen.example', 'oliver@lumen.example'] },
      stopMarketing: false,
    });
  });

  it('nudges a solo user and reminds them on the last day', () => {
    const result = walk('trial-expiring', {
      contact: trialist({ active_days_14d: 5, seats_used: 1 }),
      event: ending,
    });
    expect(result.path).toEqual(['trial-ending', 'usage', 'solo-nudge', 'four-days', 'last-day']);
  });

  it('sends a setup guide to readers who rarely log in', () => {
    const contact = trialist({ active_days_14d: 1 });
    const result = walk('trial-expiring', { contact, event: ending, engagement: { opens_30d: 4 } });
    expect(result.path).toEqual(['trial-ending', 'usage', 'setup-guide', 'wait-click', 'last-day']);
  });

  it('offers dormant trials an extension', () => {
    const result = walk('trial-expiring', { contact: trialist({}), event: ending });
    expect(result.path.at(-1)).toBe('extension-offer');
  });
});

describe('re-engagement', () => {
  const segments = read('re-engagement/segments.json') as Record<string, LogicRule>;
  const entered = event('segment.entered', { segment: 'silent-30d' }, '2026-03-02T16:00:00.000Z'); // Monday
  const lapsed = {
    id: 'c-r',
    first_name: 'Ravi',
    lead_score: 75,
    lifecycle_stage: 'lead',
    account_owner: 'james',
  };

  it('sends the win-back email in the next Tuesday–Thursday late-morning window', () => {
    const result = walk('re-engagement', {
      contact: lapsed,
      event: entered,
      segments,
      eventWaits: ['event'],
    });
    // Tuesday 3 March 10:00 in London (GMT) = 10:00Z.
    expect(result.steps.find((s) => s.nodeId === 'win-back')?.at).toBe('2026-03-03T10:00:00.000Z');
  });

  it('tells the account owner when a sales-ready contact clicks', () => {
    const result = walk('re-engagement', {
      contact: lapsed,
      event: entered,
      segments,
      eventWaits: ['event'],
    });
    expect(result.path.slice(-2)).toEqual(['re-engaged', 'notify-owner']);
    expect(result.effects.at(-1)).toMatchObject({ assignment: { owner: 'james.okafor@lumen.example' } });
  });

  it('asks before it stops writing to contacts who never click', () => {
    const result = walk('re-engagement', { contact: lapsed, event: entered, segments });
    expect(subjects(result.effects)).toEqual([
      "{{ contact.first_name | default: 'Hi' }}, a lot has changed in Lumen",
      'Should we keep writing to you?',
    ]);
    expect(result.path.at(-1)).toBe('wait-click-2');
  });
});

describe('abandoned-cart', () => {
  const abandoned = event('cart.abandoned', {
    value: 84.5,
    item_count: 2,
    cart_url: 'https://fernleaf.example/cart/k9',
  });
  const shopper = { id: 'c-s', first_name: 'Ana', orders_count: 0 };

  it('reminds, then offers a first-time buyer 10% off', () => {
    const result = walk('abandoned-cart', { contact: shopper, event: abandoned });
    expect(result.path).toEqual([
      'cart-abandoned',
      'wait-purchase-1',
      'reminder',
      'wait-purchase-2',
      'first-time',
      'incentive',
    ]);
    expect(result.steps.find((s) => s.nodeId === 'reminder')?.at).toBe('2026-03-03T13:15:00.000Z');
  });

  it('gives returning customers a reminder without a discount', () => {
    const result = walk('abandoned-cart', { contact: { ...shopper, orders_count: 3 }, event: abandoned });
    expect(result.path.at(-1)).toBe('last-nudge');
  });

  it('sends nothing when the shopper buys within four hours', () => {
    const result = walk('abandoned-cart', { contact: shopper, event: abandoned, eventWaits: ['event'] });
    expect(result.effects).toEqual([]);
  });

  it('ignores small carts', () => {
    const small = event('cart.abandoned', { value: 12 });
    expect(walk('abandoned-cart', { contact: shopper, event: small }).steps[0]?.decision).toMatchObject({
      exit: 'filtered',
    });
  });
});

describe('post-purchase-onboarding', () => {
  const bought = event('purchase', { first_order: true, plan: 'Growth' }, '2026-03-06T18:00:00.000Z'); // Friday
  const customer = {
    id: 'c-p',
    first_name: 'Noor',
    company: 'Tidewater',
    region: 'amer',
    active_days_14d: 9,
  };

  it('welcomes (transactional), sends tips in working hours and asks a healthy customer for a review', () => {
    const result = walk('post-purchase-onboarding', { contact: customer, event: bought });
    expect(result.path.at(-1)).toBe('review-request');
    expect(result.effects[0]).toMatchObject({ kind: 'email', category: 'transactional' });
    // Two days after Friday 10:00 PST is Sunday; tips wait for Monday 09:00 PDT (after the 8 March change) = 16:00Z.
    expect(result.steps.find((s) => s.nodeId === 'tips')?.at).toBe('2026-03-09T16:00:00.000Z');
  });

  it('asks the regional CSM to check in when the customer has open tickets', () => {
    const result = walk('post-purchase-onboarding', {
      contact: { ...customer, open_tickets: 2 },
      event: bought,
    });
    expect(result.path.at(-1)).toBe('csm-check-in');
    expect(result.effects.at(-1)).toMatchObject({ assignment: { owner: 'rosa.diaz@lumen.example' } });
  });
});
