import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { compileJourney } from './compile.js';
import { decideEvent, decideEvents, type LiveEnrollment } from './eventPolicy.js';
import { pricingJourney } from './fixtures.js';

const timestamp = '2026-03-02T10:00:00.000Z';
const journey = compileJourney(
  pricingJourney({ goal: { event: 'purchase', where: { '>': [{ var: 'event.properties.total' }, 50] } } }),
  builtinRegistry,
);
const active = [{ workflowId: 'wf', version: 3, journey }];
const hot = { id: 'c1', lead_score: 92 };
const event = (type: string, properties: Record<string, unknown> = {}, id = `e-${type}`): JourneyEvent => ({
  id,
  type,
  properties,
  timestamp,
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
const decide = (e: JourneyEvent, live: LiveEnrollment[] = [waiting], activeJourneys = active) =>
  decideEvent({ event: e, contact: hot, activeJourneys, liveEnrollments: live, journeyOf: () => journey });

describe('decideEvent', () => {
  it('converts on the goal with the trace row the runtime and the simulator both write', () => {
    const decision = decide(event('purchase', { total: 90 }));
    expect(decision.resumes).toEqual([]);
    expect(decision.conversions).toEqual([
      {
        enrollment: waiting,
        event: event('purchase', { total: 90 }),
        reads: { 'event.properties.total': 90 },
        step: {
          nodeId: 'wait-open',
          nodeType: 'goal',
          decision: { converted: { event: 'purchase' } },
          reason: {
            summary: 'Goal reached: purchase',
            details: { event: 'e-purchase', reads: { 'event.properties.total': 90 } },
          },
          output: null,
        },
      },
    ]);
    expect(decide(event('purchase', { total: 10 })).conversions).toEqual([]);
  });

  it('resumes a waiting enrollment along the wait output, only for the awaited event', () => {
    expect(decide(event('email.opened')).resumes).toEqual([
      { enrollment: waiting, event: event('email.opened'), output: 'event', reads: {} },
    ]);
    expect(decide(event('email.clicked')).resumes).toEqual([]);
    expect(decide(event('email.opened'), [{ ...waiting, state: 'active' }]).resumes).toEqual([]);
    expect(decide(event('email.opened'), [{ ...waiting, waitEvent: null }]).resumes).toEqual([]);
  });

  it('puts the goal before the wait, and leaves converted enrollments and other contacts alone', () => {
    const goalIsAwaited = compileJourney(
      pricingJourney({ goal: { event: 'email.opened' } }),
      builtinRegistry,
    );
    const both = decideEvent({
      event: event('email.opened'),
      contact: hot,
      activeJourneys: [],
      liveEnrollments: [waiting],
      journeyOf: () => goalIsAwaited,
    });
    expect([both.conversions.length, both.resumes.length]).toEqual([1, 0]);
    expect(
      decide(event('purchase', { total: 90 }), [{ ...waiting, state: 'converted' }]).conversions,
    ).toEqual([]);
    expect(decide(event('purchase', { total: 90 }), [{ ...waiting, contactId: 'c2' }]).conversions).toEqual(
      [],
    );
  });

  it('skips enrollments whose version no longer compiles', () => {
    const decision = decideEvent({
      event: event('email.opened'),
      contact: hot,
      activeJourneys: [],
      liveEnrollments: [waiting],
      journeyOf: () => undefined,
    });
    expect(decision).toEqual({
      conversions: [],
      exits: [],
      resumes: [],
      enrolments: [],
      preemptions: [],
      passedOver: [],
    });
  });

  it('enrols into each active journey whose trigger accepts the event, with its re-entry policy', () => {
    const pricing = event('page.viewed', { page: 'pricing' });
    expect(decide(pricing, []).enrolments).toEqual([
      {
        workflowId: 'wf',
        version: 3,
        contactId: 'c1',
        reentry: 'once',
        nodeId: 'trigger',
        eventId: 'e-page.viewed',
        cohort: 'treated',
        side: 'base',
      },
    ]);
    expect(decide(event('page.viewed', { page: 'blog' }), []).enrolments).toEqual([]);
    expect(decide(event('email.opened'), []).enrolments).toEqual([]);
  });
});

describe('decideEvents', () => {
  it('lets each event see what the earlier ones did, without changing its inputs', () => {
    const live = [waiting];
    const decision = decideEvents({
      events: [
        { event: event('email.opened', {}, 'e1'), contact: hot },
        { event: event('email.opened', {}, 'e2'), contact: hot },
        { event: event('purchase', { total: 60 }, 'e3'), contact: hot },
        { event: event('purchase', { total: 70 }, 'e4'), contact: hot },
      ],
      activeJourneys: active,
      liveEnrollments: live,
      journeyOf: () => journey,
    });
    expect(decision.resumes.map((r) => r.event.id)).toEqual(['e1']);
    expect(decision.conversions.map((c) => c.event.id)).toEqual(['e3']);
    expect(live[0]?.state).toBe('waiting');
  });

  it("matches each event with its own contact's enrollments", () => {
    const other = { ...waiting, id: '8', contactId: 'c2' };
    const decision = decideEvents({
      events: [{ event: event('email.opened'), contact: { id: 'c2' } }],
      activeJourneys: [],
      liveEnrollments: [waiting, other],
      journeyOf: () => journey,
    });
    expect(decision.resumes.map((r) => r.enrollment.id)).toEqual(['8']);
  });
});
