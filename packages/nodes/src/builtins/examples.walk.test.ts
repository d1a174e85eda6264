import { readFileSync } from 'node:fs';
import { Graph, type LogicRule } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { type SimulatedEvent, type SimulateInput, simulateJourney } from '../journey/index.js';
import type { EmailEffect } from '../sdk/decision.js';
import { builtinRegistry } from './index.js';

// Each example run along its main paths by the journey simulator: the real executors and walker
// on a virtual clock. Event offsets (`after`) count from the enrolling event.

const EXAMPLES = new URL('../../../../examples/', import.meta.url);
const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8'));

type Scenario = Omit<SimulateInput, 'graph' | 'registry' | 'compiled' | 'events' | 'start'> & {
  start: string;
  events: SimulatedEvent[];
};

function simulate(name: string, scenario: Scenario) {
  const result = simulateJourney({
    graph: Graph.parse(read(`${name}/graph.json`)),
    registry: builtinRegistry,
    ...scenario,
  });
  // Executed nodes only: leave out the rows that record a wait resuming or a goal.
  const steps = result.path.filter(
    (step) => !('resumed' in step.decision) && !('converted' in step.decision),
  );
  const at = (nodeId: string) => steps.find((step) => step.nodeId === nodeId)?.at;
  const effects = result.effects.map((e) => e.effect);
  const subjects = effects.filter((e): e is EmailEffect => e.kind === 'email').map((e) => e.subject);
  return { ...result, visited: steps.map((step) => step.nodeId), steps, at, effects, subjects };
}

describe('pricing-page-handoff', () => {
  const start = '2026-03-03T09:15:00.000Z';
  const pricing = { after: 0, type: 'page.viewed', properties: { page: 'pricing', path: '/pricing' } };
  const saasLead = { id: 'c-mara', first_name: 'Mara', lead_score: 92, industry: 'SaaS', region: 'emea' };

  it('hands a SaaS contact scoring 92 to the EMEA account executive after they open the email', () => {
    const run = simulate('pricing-page-handoff', {
      contact: saasLead,
      start,
      events: [pricing, { after: 'PT3H', type: 'email.opened' }],
    });
    expect(run.visited).toEqual([
      'viewed-pricing',
      'pricing-follow-up',
      'wait-for-open',
      'qualify',
      'hand-to-sales',
    ]);
    expect(run.outcome).toBe('completed');
    expect(run.effects.map((e) => e.kind)).toEqual(['email', 'handoff']);
    expect(run.effects[1]).toMatchObject({
      kind: 'handoff',
      assignment: { owner: 'ana.ruiz@lumen.example', team: 'Mid-market AE' },
      priority: 'high',
      stopMarketing: true,
      signals: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' },
    });
    expect(run.steps.find((step) => step.nodeId === 'qualify')?.reason).toMatchObject({
      summary: "Branch 'Hot SaaS lead' matched",
      details: { reads: { 'contact.lead_score': 92, 'contact.industry': 'SaaS' } },
    });
    expect(run.at('hand-to-sales')).toBe('2026-03-03T12:15:00.000Z');
  });

  it('still checks the lead two days later when the email is not opened', () => {
    const run = simulate('pricing-page-handoff', { contact: saasLead, start, events: [pricing] });
    expect(run.visited.at(-1)).toBe('hand-to-sales');
    expect(run.at('hand-to-sales')).toBe('2026-03-05T09:15:00.000Z');
  });

  it('sends a case study to everyone else', () => {
    const run = simulate('pricing-page-handoff', {
      contact: { ...saasLead, industry: 'Retail' },
      start,
      events: [pricing],
    });
    expect(run.visited.at(-1)).toBe('case-study');
    expect(run.subjects[1]).toContain('Brightside');
  });

  it('does not enrol on views of other pages', () => {
    const blog = { ...pricing, properties: { page: 'blog' } };
    expect(simulate('pricing-page-handoff', { contact: saasLead, start, events: [blog] }).enrolled).toBe(
      false,
    );
  });

  it('ends as converted when a meeting is booked while waiting', () => {
    const run = simulate('pricing-page-handoff', {
      contact: saasLead,
      start,
      events: [pricing, { after: 'PT5H', type: 'meeting.booked' }],
    });
    expect(run.outcome).toBe('converted');
    expect(run.effects.map((e) => e.kind)).toEqual(['email']);
  });
});

describe('outbound-sequence', () => {
  const start = '2026-03-07T15:00:00.000Z'; // Saturday
  const added = { after: 0, type: 'prospect.added', properties: { sequence: 'q3-fintech-outbound' } };
  const prospect = {
    id: 'c-lee',
    first_name: 'Lee',
    company: 'Kite Ledger',
    title: 'Controller',
    email_status: 'verified',
  };

  it('waits for a weekday morning in New York before the first touch', () => {
    const run = simulate('outbound-sequence', { contact: prospect, start, events: [added] });
    // Monday 9 March 2026 08:00 EDT (DST began on the 8th) = 12:00Z.
    expect(run.at('touch-1')).toBe('2026-03-09T12:00:00.000Z');
  });

  it('stops and hands to the SDR when the prospect replies to the second touch', () => {
    // Touch 2 goes out on Thursday 12 March 12:00Z; the reply comes three hours later.
    const reply = { after: 'P5D', type: 'email.replied' };
    const run = simulate('outbound-sequence', { contact: prospect, start, events: [added, reply] });
    expect(run.visited.filter((id) => id.startsWith('touch'))).toEqual(['touch-1', 'touch-2']);
    expect(run.visited.at(-1)).toBe('book-meeting');
    expect(run.effects.at(-1)).toMatchObject({
      kind: 'handoff',
      priority: 'urgent',
      signals: { 'contact.title': 'Controller' },
    });
  });

  it('sends four touches ending with the break-up email when nobody replies', () => {
    const run = simulate('outbound-sequence', { contact: prospect, start, events: [added] });
    expect(run.subjects).toHaveLength(4);
    expect(run.subjects.at(-1)).toBe('Should I close your file?');
    expect(run.visited.at(-1)).toBe('wait-reply-4');
    expect(run.outcome).toBe('completed');
  });

  it('does not enrol unverified addresses', () => {
    const risky = { ...prospect, email_status: 'risky' };
    expect(simulate('outbound-sequence', { contact: risky, start, events: [added] }).enrolled).toBe(false);
  });
});

describe('trial-expiring', () => {
  const start = '2026-03-03T09:00:00.000Z';
  const ending = [{ after: 0, type: 'trial.ending', properties: { days_left: 7 } }];
  const trialist = (attributes: Record<string, unknown>) => ({
    id: 'c-t',
    first_name: 'Jo',
    company: 'Arbor',
    ...attributes,
  });

  it('routes an active team to an upgrade email and then a round-robin account executive', () => {
    const contact = trialist({ active_days_14d: 10, seats_used: 5 });
    const run = simulate('trial-expiring', { contact, start, events: ending });
    expect(run.visited).toEqual(['trial-ending', 'usage', 'team-upgrade', 'wait-subscribe', 'team-handoff']);
    expect(run.effects.at(-1)).toMatchObject({
      assignment: { roundRobin: ['diego@lumen.example', 'hana@lumen.example', 'oliver@lumen.example'] },
      stopMarketing: false,
    });
  });

  it('converts instead when the team subscribes', () => {
    const contact = trialist({ active_days_14d: 10, seats_used: 5 });
    const events = [...ending, { after: 'P1D', type: 'subscription.started' }];
    const run = simulate('trial-expiring', { contact, start, events });
    expect(run.outcome).toBe('converted');
    expect(run.effects.map((e) => e.kind)).toEqual(['email']);
  });

  it('nudges a solo user and reminds them on the last day', () => {
    const contact = trialist({ active_days_14d: 5, seats_used: 1 });
    const run = simulate('trial-expiring', { contact, start, events: ending });
    expect(run.visited).toEqual(['trial-ending', 'usage', 'solo-nudge', 'four-days', 'last-day']);
  });

  it('sends a setup guide to readers who rarely log in', () => {
    const contact = trialist({ active_days_14d: 1 });
    const run = simulate('trial-expiring', { contact, start, events: ending, engagement: { opens_30d: 4 } });
    expect(run.visited).toEqual(['trial-ending', 'usage', 'setup-guide', 'wait-click', 'last-day']);
  });

  it('offers dormant trials an extension', () => {
    const run = simulate('trial-expiring', { contact: trialist({}), start, events: ending });
    expect(run.visited.at(-1)).toBe('extension-offer');
  });
});

describe('re-engagement', () => {
  const segments = read('re-engagement/segments.json') as Record<string, LogicRule>;
  const start = '2026-03-02T16:00:00.000Z'; // Monday
  const lapsed = {
    id: 'c-r',
    first_name: 'Ravi',
    lead_score: 75,
    lifecycle_stage: 'lead',
    account_owner: 'james',
  };
  const click = { after: 'P1D', type: 'email.clicked' };

  it('sends the win-back email in the next Tuesday–Thursday late-morning window', () => {
    const run = simulate('re-engagement', { contact: lapsed, start, segments, events: [click] });
    // Tuesday 3 March 10:00 in London (GMT) = 10:00Z.
    expect(run.at('win-back')).toBe('2026-03-03T10:00:00.000Z');
  });

  it('tells the account owner when a sales-ready contact clicks', () => {
    const run = simulate('re-engagement', { contact: lapsed, start, segments, events: [click] });
    expect(run.visited.slice(-2)).toEqual(['re-engaged', 'notify-owner']);
    expect(run.effects.at(-1)).toMatchObject({ assignment: { owner: 'james.okafor@lumen.example' } });
  });

  it('asks before it stops writing to contacts who never click', () => {
    const run = simulate('re-engagement', { contact: lapsed, start, segments, events: [] });
    expect(run.subjects).toEqual([
      "{{ contact.first_name | default: 'Hi' }}, a lot has changed in Lumen",
      'Should we keep writing to you?',
    ]);
    expect(run.visited.at(-1)).toBe('wait-click-2');
  });
});

describe('abandoned-cart', () => {
  const start = '2026-03-03T09:15:00.000Z';
  const abandoned = {
    after: 0,
    type: 'cart.abandoned',
    properties: { value: 84.5, item_count: 2, cart_url: 'https://fernleaf.example/cart/k9' },
  };
  const shopper = { id: 'c-s', first_name: 'Ana', orders_count: 0 };

  it('reminds after four hours, then offers a first-time buyer 10% off', () => {
    const run = simulate('abandoned-cart', { contact: shopper, start, events: [abandoned] });
    expect(run.visited).toEqual([
      'cart-abandoned',
      'wait-purchase-1',
      'reminder',
      'wait-purchase-2',
      'first-time',
      'incentive',
    ]);
    expect(run.at('reminder')).toBe('2026-03-03T13:15:00.000Z');
  });

  it('gives returning customers a reminder without a discount', () => {
    const run = simulate('abandoned-cart', {
      contact: { ...shopper, orders_count: 3 },
      start,
      events: [abandoned],
    });
    expect(run.visited.at(-1)).toBe('last-nudge');
  });

  it('sends nothing when the shopper buys within four hours', () => {
    const events = [abandoned, { after: 'PT1H', type: 'purchase' }];
    const run = simulate('abandoned-cart', { contact: shopper, start, events });
    expect(run.outcome).toBe('converted');
    expect(run.effects).toEqual([]);
  });

  it('ignores small carts', () => {
    const small = { ...abandoned, properties: { value: 12 } };
    expect(simulate('abandoned-cart', { contact: shopper, start, events: [small] }).enrolled).toBe(false);
  });
});

describe('post-purchase-onboarding', () => {
  const start = '2026-03-06T18:00:00.000Z'; // Friday
  const bought = [{ after: 0, type: 'purchase', properties: { first_order: true, plan: 'Growth' } }];
  const customer = {
    id: 'c-p',
    first_name: 'Noor',
    company: 'Tidewater',
    region: 'amer',
    active_days_14d: 9,
  };

  it('welcomes (transactional), sends tips in working hours and asks a healthy customer for a review', () => {
    const run = simulate('post-purchase-onboarding', { contact: customer, start, events: bought });
    expect(run.visited.at(-1)).toBe('review-request');
    expect(run.effects[0]).toMatchObject({ kind: 'email', category: 'transactional' });
    // Two days after Friday 10:00 PST is Sunday; tips wait for Monday 09:00 PDT (after the 8 March change) = 16:00Z.
    expect(run.at('tips')).toBe('2026-03-09T16:00:00.000Z');
  });

  it('asks the regional CSM to check in when the customer has open tickets', () => {
    const run = simulate('post-purchase-onboarding', {
      contact: { ...customer, open_tickets: 2 },
      start,
      events: bought,
    });
    expect(run.visited.at(-1)).toBe('csm-check-in');
    expect(run.effects.at(-1)).toMatchObject({ assignment: { owner: 'rosa.diaz@lumen.example' } });
  });
});
