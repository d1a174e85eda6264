import type { Graph } from '@crossroads/graph-schema';
import { builtinRegistry, simulateJourney } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import pricing from '../../../../../examples/pricing-page-handoff/graph.json' with { type: 'json' };
import { simOverlay } from './simOverlay.js';

const graph = pricing as unknown as Graph;
const run = (events: Parameters<typeof simulateJourney>[0]['events']) =>
  simulateJourney({
    graph,
    registry: builtinRegistry,
    contact: { id: 'c', lead_score: 92, industry: 'SaaS', region: 'emea' },
    events,
    start: '2026-01-05T09:00:00Z',
  });

describe('simOverlay on the pricing-page example', () => {
  it('lights the handoff branch when the email is opened, with the values the gate read', () => {
    const result = run([
      { after: 0, type: 'page.viewed', properties: { page: 'pricing' } },
      { after: 'PT2H', type: 'email.opened' },
    ]);
    const o = simOverlay(graph, result);
    expect(o.endNodeId).toBe('hand-to-sales');
    expect(o.decorations.edges['e-qualify-hot-saas']).toMatchObject({
      className: 'sim-edge-lit',
      label: 'taken',
    });
    expect(o.decorations.edges['e-wait-for-open-event']?.className).toBe('sim-edge-lit');
    expect(o.decorations.edges['e-wait-for-open-timeout']?.className).toBe('sim-edge-dim');
    expect(o.decorations.nodes['case-study']?.className).toBe('sim-dim');
    expect(o.outcomes.qualify?.outputs).toEqual(['hot-saas']);
    expect(simOverlay(graph, result, builtinRegistry).outcomes.qualify?.outputLabels).toEqual([
      'Hot SaaS lead',
    ]);
    expect(o.outcomes.qualify?.reads).toContainEqual(['contact.lead_score', 92]);
    expect(o.outcomes['wait-for-open']?.wait).toMatchObject({
      resumedBy: 'event',
      resumedAt: '2026-01-05T11:00:00.000Z',
    });
  });

  it('shows the timeout branch and its resume time without an open', () => {
    const o = simOverlay(graph, run([{ after: 0, type: 'page.viewed', properties: { page: 'pricing' } }]));
    expect(o.decorations.edges['e-wait-for-open-timeout']?.className).toBe('sim-edge-lit');
    expect(o.outcomes['wait-for-open']?.wait?.resumedAt).toBe('2026-01-07T09:00:00.000Z');
  });
});
