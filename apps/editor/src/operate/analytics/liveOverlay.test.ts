import type { NodeStats, WorkflowStats } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import pricing from '../../../../../examples/pricing-page-handoff/graph.json' with { type: 'json' };
import { dropOff, liveOverlay } from './liveOverlay.js';

const graph = pricing as unknown as Graph;
const node = (nodeId: string, over: Partial<NodeStats>): NodeStats => ({
  nodeId,
  nodeType: null,
  entered: 0,
  waiting: 0,
  ended: { completed: 0, exited: 0, failed: 0 },
  outputs: {},
  conversions: 0,
  emails: {},
  handoffs: {},
  ...over,
});
const stats: WorkflowStats = {
  workflowId: 'w',
  version: null,
  enrollments: { waiting: 2, completed: 5, converted: 3 },
  handoffs: 3,
  nodes: [
    node('pricing-follow-up', { entered: 10, outputs: { next: 10 }, emails: { sent: 10 } }),
    node('qualify', { entered: 5, outputs: { 'hot-saas': 3, else: 2 } }),
    node('hand-to-sales', {
      entered: 3,
      ended: { completed: 3, exited: 0, failed: 0 },
      handoffs: { sent: 3 },
    }),
    node('case-study', { entered: 2, ended: { completed: 2, exited: 0, failed: 0 } }),
  ],
};
const insights = {
  workflowId: 'w',
  versions: [],
  enrolments: [],
  engagement: [{ nodeId: 'pricing-follow-up', opened: 6, clicked: 2, replied: 1 }],
};

describe('liveOverlay', () => {
  const overlay = liveOverlay(graph, stats, insights);
  it('counts sends with their engagement and handoffs', () => {
    expect(overlay.nodes['pricing-follow-up']?.email).toEqual({
      sent: 10,
      opened: 6,
      clicked: 2,
      replied: 1,
    });
    expect(overlay.nodes['hand-to-sales']?.handoffs).toBe(3);
  });
  it('labels gate branches with counts and shares, thicker for more contacts', () => {
    expect(overlay.decorations.edges['e-qualify-hot-saas']?.label).toBe('3 · 60%');
    expect(overlay.decorations.edges['e-qualify-else']?.label).toBe('2 · 40%');
    expect(overlay.decorations.edges['e-pricing-follow-up']?.label).toBe('10');
    const w = (id: string) => overlay.decorations.edges[id]?.strokeWidth ?? 0;
    expect(w('e-pricing-follow-up')).toBeGreaterThan(w('e-qualify-hot-saas'));
    expect(overlay.decorations.edges['e-wait-for-open-timeout']?.className).toContain('live-edge--empty');
  });
  it('computes goal conversion and drop-off', () => {
    expect(overlay.totals).toEqual({ enrolled: 10, converted: 3, inJourney: 2, conversionRate: 30 });
    expect(dropOff(overlay)).toEqual([
      { nodeId: 'hand-to-sales', ended: 3, share: 60 },
      { nodeId: 'case-study', ended: 2, share: 40 },
    ]);
  });
});
