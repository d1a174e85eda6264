import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyData, JourneyEvent } from '../sdk/decision.js';
import { advance } from './advance.js';
import { compiledJourney, compileJourney, JourneyCompileError } from './compile.js';
import { pricingJourney } from './fixtures.js';
import { goalMatches, waitMatches } from './matching.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const data: JourneyData = {
  workflowId: 'wf',
  version: 1,
  enrollmentId: '1',
  enteredAt: now.toISOString(),
  context: {},
};
const pricingView: JourneyEvent = {
  type: 'page.viewed',
  properties: { page: 'pricing' },
  timestamp: now.toISOString(),
};
const hot = { id: 'c1', first_name: 'Mara', lead_score: 92 };
const base = { registry: builtinRegistry, journey: data, now, segments: {} };

describe('advance', () => {
  it('runs trigger and send in one walk and parks on the event wait with its timeout', () => {
    const { steps, park } = advance({
      ...base,
      graph: pricingJourney(),
      from: { nodeId: 'trigger' },
      contact: hot,
      event: pricingView,
    });
    expect(steps.map((s) => [s.nodeId, s.output])).toEqual([
      ['trigger', 'next'],
      ['send-pricing', 'next'],
      ['wait-open', null],
    ]);
    expect(steps[1]?.effect).toMatchObject({ kind: 'email', subject: 'Questions about pricing?' });
    expect(steps[1]?.decision).toEqual({ next: 'next', effect: 'email' });
    expect(steps[0]?.reason?.details).toMatchObject({ reads: { 'event.properties.page': 'pricing' } });
    expect(park).toEqual({
      kind: 'event',
      nodeId: 'wait-open',
      event: 'email.opened',
      timeoutAt: '2026-03-04T10:00:00.000Z',
      onEvent: 'event',
      onTimeout: 'timeout',
    });
  });

  it('ends as filtered when the trigger filter refuses the event', () => {
    const { steps, park } = advance({
      ...base,
      graph: pricingJourney(),
      from: { nodeId: 'trigger' },
      contact: hot,
      event: { ...pricingView, properties: { page: 'blog' } },
    });
    expect(steps).toHaveLength(1);
    expect(park).toEqual({ kind: 'end', outcome: 'filtered' });
  });

  it('resumes from a parked wait along the given output, recording why, to the end', () => {
    const opened = { type: 'email.opened', properties: {}, timestamp: now.toISOString() };
    const { steps, park } = advance({
      ...base,
      graph: pricingJourney(),
      from: { nodeId: 'wait-open', output: 'event', resumedBy: 'event' },
      contact: hot,
      event: opened,
    });
    expect(steps.map((s) => s.nodeId)).toEqual(['wait-open', 'gate', 'handoff']);
    expect(steps[0]).toMatchObject({ decision: { resumed: 'event', by: 'event' }, output: 'event' });
    expect(steps[0]?.reason?.summary).toBe('email.opened arrived');
    expect(steps[1]?.reason?.details).toMatchObject({ branch: 'hot', reads: { 'contact.lead_score': 92 } });
    expect(steps[2]?.effect).toMatchObject({ kind: 'handoff', priority: 'high' });
    expect(park).toEqual({ kind: 'end', outcome: 'completed' });
  });

  it('takes the else branch for a cold lead and the timeout path without an open', () => {
    const cold = advance({
      ...base,
      graph: pricingJourney(),
      from: { nodeId: 'wait-open', output: 'event', resumedBy: 'event' },
      contact: { id: 'c2', lead_score: 10 },
      event: null,
    });
    expect(cold.steps.map((s) => [s.nodeId, s.output])).toEqual([
      ['wait-open', 'event'],
      ['gate', 'else'],
      ['send-case-study', 'next'],
    ]);
    const timedOut = advance({
      ...base,
      graph: pricingJourney(),
      from: { nodeId: 'wait-open', output: 'timeout', resumedBy: 'timeout' },
      contact: hot,
      event: null,
    });
    expect(timedOut.steps.map((s) => s.nodeId)).toEqual(['wait-open', 'send-case-study']);
    expect(timedOut.steps[0]?.reason?.summary).toBe('Timed out waiting for the event');
  });

  it('fails with a clear error when a gate refers to a missing segment', () => {
    const graph = pricingJourney();
    (graph.nodes[3] as { config: unknown }).config = {
      branches: [{ id: 'vip', label: 'VIP', segment: 'vips' }],
    };
    graph.edges[4] = { id: 'e5', source: 'gate', sourceHandle: 'vip', target: 'handoff' };
    const { steps, park } = advance({
      ...base,
      graph,
      from: { nodeId: 'wait-open', output: 'event' },
      contact: hot,
      event: null,
    });
    expect(steps.at(-1)).toMatchObject({
      nodeId: 'gate',
      decision: { error: expect.stringContaining('vips') },
    });
    expect(park).toMatchObject({ kind: 'end', outcome: 'failed', error: expect.stringContaining("'gate'") });
    const withSegment = advance({
      ...base,
      graph,
      segments: { vips: { '>': [{ var: 'contact.lead_score' }, 90] } },
      from: { nodeId: 'wait-open', output: 'event' },
      contact: hot,
      event: null,
    });
    expect(withSegment.steps.map((s) => s.output)).toEqual(['event', 'vip', 'next']);
  });

  it('stops a loop that never waits within the step budget', () => {
    const graph: Graph = {
      ...pricingJourney(),
      nodes: pricingJourney().nodes.filter((n) => n.id === 'trigger' || n.id === 'gate'),
      edges: [
        { id: 'a', source: 'trigger', sourceHandle: 'next', target: 'gate' },
        { id: 'b', source: 'gate', sourceHandle: 'else', target: 'gate' },
      ],
    };
    const { steps, park } = advance({
      ...base,
      graph,
      from: { nodeId: 'trigger' },
      contact: { id: 'c3' },
      event: pricingView,
      stepBudget: 50,
    });
    expect(steps).toHaveLength(50);
    expect(park).toMatchObject({ kind: 'end', outcome: 'failed', error: expect.stringContaining('loops') });
  });

  it('parks until an instant on a duration wait', () => {
    const graph = pricingJourney();
    (graph.nodes[2] as { config: unknown }).config = { mode: 'duration', duration: 'PT1S' };
    graph.edges[2] = { id: 'e3', source: 'wait-open', sourceHandle: 'next', target: 'gate' };
    graph.edges.splice(3, 1);
    const { park } = advance({
      ...base,
      graph,
      from: { nodeId: 'trigger' },
      contact: hot,
      event: pricingView,
    });
    expect(park).toEqual({
      kind: 'until',
      at: '2026-03-02T10:00:01.000Z',
      nodeId: 'wait-open',
      output: 'next',
    });
  });
});

describe('compiling and matching', () => {
  it('caches compiled graphs by key and names the node with a bad config', () => {
    const graph = pricingJourney();
    expect(compiledJourney(graph, builtinRegistry, 'hash-1')).toBe(
      compiledJourney(pricingJourney(), builtinRegistry, 'hash-1'),
    );
    const broken = pricingJourney();
    (broken.nodes[1] as { config: unknown }).config = { subject: '' };
    expect(() => compileJourney(broken, builtinRegistry)).toThrow(JourneyCompileError);
    expect(() => compileJourney(broken, builtinRegistry)).toThrow(/send-pricing/);
    const unknown = pricingJourney();
    (unknown.nodes[0] as { type: string }).type = 'acme/nope';
    expect(() => compileJourney(unknown, builtinRegistry)).toThrow(/acme\/nope@1/);
  });

  it('matches waits on type and where, and goals on type and where', () => {
    const graph = pricingJourney({
      goal: { event: 'purchase', where: { '>': [{ var: 'event.properties.total' }, 50] } },
    });
    (graph.nodes[2] as { config: unknown }).config = {
      mode: 'event',
      event: 'email.opened',
      timeout: 'P2D',
      where: { '==': [{ var: 'event.properties.campaign' }, 'pricing'] },
    };
    const journey = compileJourney(graph, builtinRegistry);
    const opened = (campaign: string) => ({
      type: 'email.opened',
      properties: { campaign },
      timestamp: now.toISOString(),
    });
    expect(waitMatches(journey, 'wait-open', opened('pricing'), hot, data).matched).toBe(true);
    expect(waitMatches(journey, 'wait-open', opened('other'), hot, data).matched).toBe(false);
    expect(waitMatches(journey, 'gate', opened('pricing'), hot, data).matched).toBe(false);
    const purchase = (total: number) => ({
      type: 'purchase',
      properties: { total },
      timestamp: now.toISOString(),
    });
    expect(goalMatches(journey, purchase(90), hot, data)).toEqual({
      matched: true,
      reads: { 'event.properties.total': 90 },
    });
    expect(goalMatches(journey, purchase(10), hot, data).matched).toBe(false);
    expect(goalMatches(journey, opened('pricing'), hot, data).matched).toBe(false);
  });
});
