import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtins } from '../builtins/index.js';
import { type JourneyEvent, SEGMENT_ENTERED_EVENT } from '../sdk/decision.js';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { compileJourney } from './compile.js';
import { pricingJourney } from './fixtures.js';
import { journeyListensTo, triggerAccepts, triggerSegments } from './triggers.js';

const timestamp = '2026-03-02T10:00:00.000Z';
const event = (type: string, properties: Record<string, unknown> = {}): JourneyEvent => ({
  type,
  properties,
  timestamp,
});

// A pack trigger that starts on either of two webhooks, for accounts above a size.
const webhook = defineNode({
  type: 'hooks/webhook',
  version: 1,
  title: 'Webhook',
  description: 'Starts on a webhook',
  category: 'Triggers',
  icon: 'webhook',
  color: '#000000',
  kind: 'trigger',
  configSchema: z.object({ minSeats: z.number() }),
  defaults: { minSeats: 10 },
  outputs: [{ id: 'next', label: 'Next' }],
  listensTo: () => ['hook.signup', 'hook.upgrade'],
  matches: (config, e) => Number(e.properties.seats) >= config.minSeats,
  execute: () => ({ next: 'next' }),
});
const registry = createRegistry([
  builtins,
  definePack({ name: 'hooks', version: '1.0.0', nodes: [webhook] }),
]);

describe('triggers, asked through their node type', () => {
  it('listen to and accept events as the built-in trigger decides', () => {
    const journey = compileJourney(pricingJourney(), registry);
    expect(journeyListensTo(journey, 'page.viewed')).toBe(true);
    expect(journeyListensTo(journey, 'email.opened')).toBe(false);
    expect(triggerAccepts(journey, event('page.viewed', { page: 'pricing' }), { id: 'c1' })).toBe(true);
    expect(triggerAccepts(journey, event('page.viewed', { page: 'blog' }), { id: 'c1' })).toBe(false);
    expect(triggerSegments(journey)).toEqual([]);
  });

  it('name the segments a segment trigger starts on', () => {
    const graph = pricingJourney();
    (graph.nodes[0] as { config: unknown }).config = { on: 'segment', segment: 'hot-leads' };
    const journey = compileJourney(graph, registry);
    expect(triggerSegments(journey)).toEqual(['hot-leads']);
    expect(journeyListensTo(journey, SEGMENT_ENTERED_EVENT)).toBe(true);
    expect(journey.usesSegments).toBe(true);
    expect(compileJourney(pricingJourney(), registry).usesSegments).toBe(false);
  });

  it('work the same for a pack trigger', () => {
    const graph = pricingJourney();
    graph.nodes[0] = {
      id: 'trigger',
      type: 'hooks/webhook',
      version: 1,
      position: { x: 0, y: 0 },
      config: { minSeats: 5 },
    };
    const journey = compileJourney(graph, registry);
    expect([...journey.triggerEvents]).toEqual(['hook.signup', 'hook.upgrade']);
    expect(triggerAccepts(journey, event('hook.upgrade', { seats: 8 }), { id: 'c1' })).toBe(true);
    expect(triggerAccepts(journey, event('hook.upgrade', { seats: 2 }), { id: 'c1' })).toBe(false);
    expect(triggerAccepts(journey, event('page.viewed', { seats: 8 }), { id: 'c1' })).toBe(false);
  });
});
