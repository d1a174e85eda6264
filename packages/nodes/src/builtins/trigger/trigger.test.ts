import { describe, expect, it } from 'vitest';
import type { JourneyEvent } from '../../sdk/decision.js';
import { testContext } from '../../testing/context.js';
import { SCHEDULED_RUN_EVENT, SEGMENT_ENTERED_EVENT, TriggerConfig } from './config.js';
import { triggerNode } from './definition.js';
import { executeTrigger, triggerEnrols } from './execute.js';

const pricingView: JourneyEvent = {
  type: 'page.viewed',
  properties: { page: 'pricing', path: '/pricing' },
  timestamp: '2026-03-02T10:00:00.000Z',
};
const onPricing = TriggerConfig.parse({
  on: 'event',
  event: 'page.viewed',
  filter: { '==': [{ var: 'event.properties.page' }, 'pricing'] },
});
const contact = { id: 'c1', first_name: 'Mara', lead_score: 92 };

describe('trigger', () => {
  it('continues when the event passes the filter, recording what the filter read', () => {
    const decision = executeTrigger(testContext(onPricing, { event: pricingView, contact }));
    expect(decision).toMatchObject({
      next: 'next',
      reason: {
        summary: 'Started by page.viewed',
        details: { reads: { 'event.properties.page': 'pricing' } },
      },
    });
  });

  it('exits as filtered when the event fails the filter', () => {
    const blog = { ...pricingView, properties: { page: 'blog' } };
    const decision = executeTrigger(testContext(onPricing, { event: blog, contact }));
    expect(decision).toMatchObject({ exit: 'filtered' });
    expect(decision.reason?.summary).toContain('did not pass');
  });

  it('filters on contact attributes too', () => {
    const config = TriggerConfig.parse({
      on: 'event',
      event: 'form.submitted',
      filter: { '>=': [{ var: 'contact.lead_score' }, 50] },
    });
    const event = { ...pricingView, type: 'form.submitted' };
    expect(triggerEnrols(config, event, contact)).toBe(true);
    expect(triggerEnrols(config, event, { id: 'c2', lead_score: 10 })).toBe(false);
  });

  it('matches only its event type, with or without a filter', () => {
    const any = TriggerConfig.parse({ on: 'event', event: 'page.viewed' });
    expect(triggerEnrols(any, pricingView, contact)).toBe(true);
    expect(triggerEnrols(any, { ...pricingView, type: 'email.opened' }, contact)).toBe(false);
    expect(triggerEnrols(onPricing, { ...pricingView, properties: { page: 'docs' } }, contact)).toBe(false);
  });

  it('enrols on the segment.entered event of its own segment only', () => {
    const config = TriggerConfig.parse({ on: 'segment', segment: 'hot-leads' });
    const entered = (segment: string): JourneyEvent => ({
      type: SEGMENT_ENTERED_EVENT,
      properties: { segment },
      timestamp: pricingView.timestamp,
    });
    expect(triggerEnrols(config, entered('hot-leads'), contact)).toBe(true);
    expect(triggerEnrols(config, entered('cold-leads'), contact)).toBe(false);
    expect(executeTrigger(testContext(config, { event: entered('hot-leads') }))).toMatchObject({
      next: 'next',
      reason: { summary: "Entered segment 'hot-leads'" },
    });
  });

  it('rejects configs without an event type or with an unknown start', () => {
    expect(TriggerConfig.safeParse({ on: 'event' }).success).toBe(false);
    expect(TriggerConfig.safeParse({ on: 'webhook', event: 'x' }).success).toBe(false);
    expect(TriggerConfig.safeParse({ on: 'event', event: 'has spaces' }).error?.issues[0]?.message).toContain(
      'page.viewed',
    );
  });

  it('has one required output and exposes its filter for validation', () => {
    expect(triggerNode.outputsFor(onPricing)).toEqual([{ id: 'next', label: 'Next', required: true }]);
    expect(triggerNode.logicFields?.(onPricing)).toEqual([
      { path: ['filter'], rule: onPricing.on === 'event' && onPricing.filter, roots: ['event', 'contact'] },
    ]);
    expect(triggerNode.summary?.(onPricing)).toBe('When page.viewed happens and matches the filter');
  });
});

describe('trigger describes itself', () => {
  it('lists the event types it listens to, given its config', () => {
    expect(triggerNode.listensTo?.(onPricing)).toEqual(['page.viewed']);
    expect(triggerNode.listensTo?.(TriggerConfig.parse({ on: 'segment', segment: 'hot-leads' }))).toEqual([
      SEGMENT_ENTERED_EVENT,
    ]);
  });

  it('matches events through its definition (listensTo, matches)', () => {
    expect(triggerNode.matches?.(onPricing, pricingView, contact)).toBe(true);
    expect(triggerNode.matches?.(onPricing, { ...pricingView, properties: { page: 'blog' } }, contact)).toBe(
      false,
    );
    const segment = TriggerConfig.parse({ on: 'segment', segment: 'hot-leads' });
    const entered = {
      type: SEGMENT_ENTERED_EVENT,
      properties: { segment: 'hot-leads' },
      timestamp: pricingView.timestamp,
    };
    expect(triggerNode.matches?.(segment, entered, contact)).toBe(true);
    expect(triggerNode.matches?.(segment, { ...entered, properties: { segment: 'cold' } }, contact)).toBe(
      false,
    );
  });
});

describe('trigger on a schedule', () => {
  const config = TriggerConfig.parse({
    on: 'schedule',
    segment: 'newsletter',
    schedule: { repeat: 'daily', time: '09:00', zone: 'contact' },
  });
  const run = (segment: string): JourneyEvent => ({
    type: SCHEDULED_RUN_EVENT,
    properties: { segment, slot: '2026-12-08T09:00' },
    timestamp: pricingView.timestamp,
  });

  it('listens to the runs of its schedule for its segment only', () => {
    expect(triggerNode.listensTo?.(config)).toEqual([SCHEDULED_RUN_EVENT]);
    expect(triggerEnrols(config, run('newsletter'), contact)).toBe(true);
    expect(triggerEnrols(config, run('other'), contact)).toBe(false);
    expect(triggerEnrols(config, { ...pricingView }, contact)).toBe(false);
  });

  it('says which run enrolled the contact, in words', () => {
    expect(executeTrigger(testContext(config, { event: run('newsletter') }))).toMatchObject({
      next: 'next',
      reason: {
        summary:
          "Scheduled run of 2026-12-08 09:00 (Every day at 09:00 in each contact's time zone), in segment 'newsletter'",
      },
    });
    expect(triggerNode.summary?.(config)).toBe("Every day at 09:00 in each contact's time zone: newsletter");
  });

  it('names the schedule field that is wrong', () => {
    const bad = TriggerConfig.safeParse({
      on: 'schedule',
      segment: 'x',
      schedule: { repeat: 'daily', time: '9am' },
    });
    expect(bad.error?.issues[0]?.path).toEqual(['schedule', 'time']);
  });
});
