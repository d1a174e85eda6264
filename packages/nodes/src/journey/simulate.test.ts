import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import { pricingJourney } from './fixtures.js';
import { SimulationInputError, simulateJourney } from './simulate.js';

const start = '2026-03-02T10:00:00.000Z';
const hot = { id: 'c1', first_name: 'Mara', lead_score: 92 };
const view = { after: 0, type: 'page.viewed', properties: { page: 'pricing' } };
const sim = (
  events: Parameters<typeof simulateJourney>[0]['events'],
  contact = hot,
  graph = pricingJourney(),
) => simulateJourney({ graph, registry: builtinRegistry, contact, events, start });

describe('simulateJourney', () => {
  it('walks the open path on a virtual clock and lists the effects that would happen', () => {
    const result = sim([view, { after: 'PT2H', type: 'email.opened' }]);
    expect(result.outcome).toBe('completed');
    expect(result.path.map((s) => [s.nodeId, s.at])).toEqual([
      ['trigger', start],
      ['send-pricing', start],
      ['wait-open', start],
      ['wait-open', '2026-03-02T12:00:00.000Z'],
      ['gate', '2026-03-02T12:00:00.000Z'],
      ['handoff', '2026-03-02T12:00:00.000Z'],
    ]);
    expect(result.waits).toEqual([
      {
        nodeId: 'wait-open',
        kind: 'event',
        event: 'email.opened',
        since: start,
        until: '2026-03-04T10:00:00.000Z',
        resumedAt: '2026-03-02T12:00:00.000Z',
        resumedBy: 'event',
      },
    ]);
    expect(result.effects.map((e) => [e.nodeId, e.effect.kind])).toEqual([
      ['send-pricing', 'email'],
      ['handoff', 'handoff'],
    ]);
    expect(result.path[4]?.reason?.details).toMatchObject({ reads: { 'contact.lead_score': 92 } });
  });

  it('times out to the case study when the open comes too late', () => {
    const result = sim([view, { after: 'P3D', type: 'email.opened' }]);
    expect(result.waits[0]).toMatchObject({ resumedBy: 'timeout', resumedAt: '2026-03-04T10:00:00.000Z' });
    expect(result.path.at(-1)?.nodeId).toBe('send-case-study');
    expect(result.endedAt).toBe('2026-03-04T10:00:00.000Z');
  });

  it('does not enrol without a matching trigger event, and converts on the goal', () => {
    expect(sim([{ after: 0, type: 'page.viewed', properties: { page: 'blog' } }])).toMatchObject({
      enrolled: false,
      outcome: 'not-enrolled',
      path: [],
    });
    const converted = sim(
      [
        view,
        { after: 'PT1H', type: 'purchase', properties: { total: 99 } },
        { after: 'PT2H', type: 'email.opened' },
      ],
      hot,
      pricingJourney({ goal: { event: 'purchase' } }),
    );
    expect(converted.outcome).toBe('converted');
    expect(converted.path.at(-1)).toMatchObject({
      decision: { converted: { event: 'purchase' } },
      at: '2026-03-02T11:00:00.000Z',
    });
    expect(converted.effects).toHaveLength(1);
  });

  it('enrols a segment trigger at the start and names a bad offset', () => {
    const graph = pricingJourney();
    (graph.nodes[0] as { config: unknown }).config = { on: 'segment', segment: 'hot-leads' };
    expect(sim([], hot, graph)).toMatchObject({ enrolled: true, enteredAt: start });
    expect(() => sim([{ after: 'two hours', type: 'x' }])).toThrow(SimulationInputError);
    expect(() => sim([view, { after: -5, type: 'x' }])).toThrow('events[1].after');
  });
});
