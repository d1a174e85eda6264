import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { compileJourney } from './compile.js';
import { decideEvents, type LiveEnrollment } from './eventPolicy.js';
import { pricingJourney } from './fixtures.js';
import { simulateJourney } from './simulate.js';

const graph = pricingJourney({
  goal: { event: 'purchase' },
  exits: [
    { label: 'Cancelled', event: 'subscription.cancelled' },
    {
      label: 'Left the trial segment',
      event: 'segment.exited',
      where: { '==': [{ var: 'event.properties.segment' }, 'trial'] },
    },
  ],
});
const journey = compileJourney(graph, builtinRegistry);
const event = (type: string, properties: Record<string, unknown> = {}): JourneyEvent => ({
  id: `e-${type}`,
  type,
  properties,
  timestamp: '2026-03-02T10:00:00.000Z',
});
const waiting: LiveEnrollment = {
  id: '7',
  workflowId: 'wf',
  version: 3,
  contactId: 'c1',
  state: 'waiting',
  nodeId: 'wait-open',
  waitEvent: 'email.opened',
  startedAt: new Date('2026-03-01T09:00:00.000Z'),
};
const decide = (...events: JourneyEvent[]) =>
  decideEvents({
    events: events.map((e) => ({ event: e, contact: { id: 'c1' } })),
    activeJourneys: [],
    liveEnrollments: [waiting],
    journeyOf: () => journey,
  });

describe('exit rules in the event policy', () => {
  it('ends the enrollment on a rule event, with a trace row naming the rule', () => {
    const { exits, conversions, resumes } = decide(event('subscription.cancelled'));
    expect(conversions).toEqual([]);
    expect(resumes).toEqual([]);
    expect(exits.map((e) => e.step)).toEqual([
      {
        nodeId: 'wait-open',
        nodeType: 'exit-rule',
        decision: { exited: { rule: 'Cancelled', event: 'subscription.cancelled' } },
        reason: {
          summary: "Exit rule 'Cancelled': subscription.cancelled arrived",
          details: { event: 'e-subscription.cancelled', reads: {} },
        },
        output: null,
      },
    ]);
  });

  it("checks a rule's condition (left a segment: segment.exited for that segment)", () => {
    expect(decide(event('segment.exited', { segment: 'other' })).exits).toEqual([]);
    expect(decide(event('segment.exited', { segment: 'trial' })).exits[0]?.rule).toBe(
      'Left the trial segment',
    );
  });

  it('lets the goal win over an exit, and leaves an exited enrollment alone for the rest of the batch', () => {
    const decision = decide(event('subscription.cancelled'), event('purchase'), event('email.opened'));
    expect(decision.exits).toHaveLength(1);
    expect(decision.conversions).toEqual([]);
    expect(decision.resumes).toEqual([]);
  });

  it('ends a simulation as exited with the same trace row', () => {
    const result = simulateJourney({
      graph,
      registry: builtinRegistry,
      contact: { id: 'c1', email: 'c1@example.com' },
      events: [
        { after: 0, type: 'page.viewed', properties: { page: 'pricing' } },
        { after: 'PT1H', type: 'subscription.cancelled' },
      ],
      start: '2026-03-02T10:00:00Z',
    });
    expect(result.outcome).toBe('exited');
    expect(result.path.at(-1)).toMatchObject({
      nodeType: 'exit-rule',
      decision: { exited: { rule: 'Cancelled' } },
    });
    expect(result.waits.at(-1)?.resumedBy).toBe('exit-rule');
  });
});
