import type { Graph } from '@crossroads/graph-schema';
import { validateGraph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinRegistry, builtins } from '../builtins/index.js';
import { ON_ERROR } from '../sdk/decision.js';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { advance } from './advance.js';
import { pricingJourney } from './fixtures.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const base = {
  journey: { workflowId: 'wf', version: 1, enrollmentId: '1', enteredAt: now.toISOString(), context: {} },
  now,
  segments: {},
  contact: { id: 'c1', first_name: 'Mara', lead_score: 92 },
  event: { type: 'page.viewed', properties: { page: 'pricing' }, timestamp: now.toISOString() },
};

// A node that always fails, standing in for a pack node whose executor threw.
const broken = defineNode({
  type: 'acme/broken',
  version: 1,
  title: 'Broken',
  description: 'Always fails',
  category: 'Test',
  icon: 'x',
  color: '#dc2626',
  kind: 'action',
  configSchema: z.object({}),
  defaults: {},
  outputs: [
    { id: 'next', label: 'Next' },
    { id: ON_ERROR, label: 'On error' },
  ],
  execute: () => {
    throw new Error('Slack answered 500');
  },
});
const registry = createRegistry([
  builtins,
  definePack({ name: '@acme/acme', version: '1.0.0', nodes: [broken] }),
]);

/** The pricing journey with `broken` after the trigger; `onError` connects its "on error" output. */
function withBroken(onError: boolean): Graph {
  const graph = pricingJourney();
  graph.nodes.push({ id: 'post', type: 'acme/broken', version: 1, position: { x: 0, y: 0 }, config: {} });
  graph.edges = graph.edges.map((e) => (e.id === 'e1' ? { ...e, target: 'post' } : e));
  graph.edges.push({ id: 'e-post', source: 'post', sourceHandle: 'next', target: 'send-pricing' });
  if (onError) graph.edges.push({ id: 'e-err', source: 'post', sourceHandle: ON_ERROR, target: 'handoff' });
  return graph;
}

describe('the "on error" output', () => {
  it('is an output of send and sales handoff that needs no edge', () => {
    for (const type of ['send', 'sales-handoff']) {
      expect(builtinRegistry.latest(type)?.outputsFor({})).toContainEqual({
        id: ON_ERROR,
        label: 'On error',
      });
    }
    expect(validateGraph(pricingJourney(), builtinRegistry).problems).toEqual([]);
  });

  it('takes a failed step along "on error" when it is connected', () => {
    const { steps, park } = advance({
      ...base,
      graph: withBroken(true),
      registry,
      from: { nodeId: 'trigger' },
    });
    expect(steps.map((s) => [s.nodeId, s.output])).toEqual([
      ['trigger', 'next'],
      ['post', ON_ERROR],
      ['handoff', 'next'],
    ]);
    expect(steps[1]?.decision).toEqual({ error: 'Slack answered 500' });
    expect(steps[1]?.reason?.summary).toBe('Failed, took the on-error path: Slack answered 500');
    expect(park).toEqual({ kind: 'end', outcome: 'completed' });
  });

  it('fails the journey when "on error" is not connected, or while the step will be retried', () => {
    const unconnected = advance({ ...base, graph: withBroken(false), registry, from: { nodeId: 'trigger' } });
    expect(unconnected.park).toEqual({
      kind: 'end',
      outcome: 'failed',
      error: "Node 'post' failed: Slack answered 500",
    });
    const seen: string[][] = [];
    const retrying = advance({
      ...base,
      graph: withBroken(true),
      registry,
      from: { nodeId: 'trigger' },
      takeErrorPath: (steps) => {
        seen.push(steps.map((s) => s.nodeId));
        return false;
      },
    });
    expect(seen).toEqual([['trigger', 'post']]);
    expect(retrying.park).toMatchObject({ kind: 'end', outcome: 'failed' });
    expect(retrying.steps.at(-1)?.output).toBeNull();
  });

  it('parks on a send whose "on error" is connected until its delivery, when asked to', () => {
    const graph = pricingJourney();
    graph.edges.push({ id: 'e-err', source: 'send-pricing', sourceHandle: ON_ERROR, target: 'handoff' });
    const walk = (awaitDelivery: boolean) =>
      advance({ ...base, graph, registry: builtinRegistry, from: { nodeId: 'trigger' }, awaitDelivery });
    const parked = walk(true);
    expect(parked.park).toEqual({
      kind: 'delivery',
      nodeId: 'send-pricing',
      output: 'next',
      onError: ON_ERROR,
    });
    expect(parked.steps.at(-1)).toMatchObject({
      nodeId: 'send-pricing',
      output: null,
      effect: { kind: 'email' },
    });
    // Without awaitDelivery (the simulator) the delivery is taken as made.
    expect(walk(false).steps.map((s) => s.nodeId)).toEqual(['trigger', 'send-pricing', 'wait-open']);
    // Unconnected, the walk never waits for a delivery.
    expect(
      advance({
        ...base,
        graph: pricingJourney(),
        registry: builtinRegistry,
        from: { nodeId: 'trigger' },
        awaitDelivery: true,
      }).park.kind,
    ).toBe('event');
  });

  it('resumes a parked step along its output once delivered, or along "on error"', () => {
    const graph = pricingJourney();
    graph.edges.push({ id: 'e-err', source: 'send-pricing', sourceHandle: ON_ERROR, target: 'handoff' });
    const resume = (output: string) =>
      advance({
        ...base,
        graph,
        registry: builtinRegistry,
        from: { nodeId: 'send-pricing', output, resumedBy: 'delivery' },
      });
    const delivered = resume('next');
    expect(delivered.steps[0]).toMatchObject({
      decision: { resumed: 'next', by: 'delivery' },
      reason: { summary: 'Delivered' },
    });
    expect(delivered.steps[1]?.nodeId).toBe('wait-open');
    const failed = resume(ON_ERROR);
    expect(failed.steps[0]?.reason?.summary).toBe('Not delivered: took the on-error path');
    expect(failed.steps[1]?.nodeId).toBe('handoff');
  });
});
