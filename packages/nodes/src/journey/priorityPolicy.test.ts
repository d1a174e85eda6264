import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { compileJourney } from './compile.js';
import { type ActiveJourney, decideEvent, decideEvents, type LiveEnrollment } from './eventPolicy.js';
import { pricingJourney } from './fixtures.js';
import type { JourneyPriority } from './priority.js';
import { simulateJourney } from './simulate.js';

const journey = compileJourney(pricingJourney(), builtinRegistry);
const pricing: JourneyEvent = {
  id: 'e1',
  type: 'page.viewed',
  properties: { page: 'pricing' },
  timestamp: '2026-03-02T10:00:00.000Z',
};
const contact = { id: 'c-1' };
const active = (workflowId: string): ActiveJourney => ({ workflowId, version: 1, journey });
const priorities = new Map<string, JourneyPriority>([
  ['trial', { name: 'Trial expiring', priority: 1, group: 'lifecycle', preempt: true }],
  ['upsell', { name: 'Upsell', priority: 2, group: 'lifecycle', preempt: false }],
  ['nurture', { name: 'Nurture', priority: 3, group: 'lifecycle', preempt: false }],
  ['news', { name: 'Newsletter', priority: 1, group: null, preempt: false }],
]);
const live = (workflowId: string, state = 'waiting'): LiveEnrollment => ({
  id: `${workflowId}-e`,
  workflowId,
  version: 1,
  contactId: contact.id,
  state,
  nodeId: 'wait-open',
  waitEvent: 'email.opened',
  startedAt: '2026-03-01T10:00:00.000Z',
});
const decide = (actives: string[], liveEnrollments: LiveEnrollment[] = []) =>
  decideEvent({
    event: pricing,
    contact,
    activeJourneys: actives.map(active),
    liveEnrollments,
    journeyOf: () => journey,
    priorities,
  });

describe('priority between journeys in the event policy', () => {
  it('enrols the highest priority of a group and names it on the others; ungrouped journeys are not affected', () => {
    const decision = decide(['nurture', 'upsell', 'news', 'trial']);
    expect(decision.enrolments.map((e) => e.workflowId).sort()).toEqual(['news', 'trial']);
    expect(decision.enrolments.find((e) => e.workflowId === 'trial')?.exclusiveGroup).toBe('lifecycle');
    expect(decision.passedOver.map((p) => [p.enrolment.workflowId, p.step.reason?.summary])).toEqual([
      ['upsell', "not enrolled: in 'Trial expiring' (priority 1)"],
      ['nurture', "not enrolled: in 'Trial expiring' (priority 1)"],
    ]);
    expect(decision.passedOver[0]?.step).toMatchObject({ nodeType: 'priority', nodeId: 'trigger' });
  });

  it('keeps a contact in the journey of the group it is in when the winner does not pre-empt', () => {
    const decision = decide(['upsell'], [live('nurture')]);
    expect(decision.enrolments).toEqual([]);
    expect(decision.preemptions).toEqual([]);
    expect(decision.passedOver[0]?.step.reason?.summary).toBe("not enrolled: in 'Nurture' (priority 3)");
  });

  it('a pre-empting journey of higher priority ends the lower enrolment and enrols the contact', () => {
    const decision = decide(['trial'], [live('upsell')]);
    expect(decision.enrolments.map((e) => e.workflowId)).toEqual(['trial']);
    expect(decision.preemptions).toHaveLength(1);
    expect(decision.preemptions[0]?.step).toMatchObject({
      nodeType: 'priority',
      nodeId: 'wait-open',
      decision: { preempted: { group: 'lifecycle', by: 'trial', priority: 1 } },
      reason: { summary: "ended: pre-empted by 'Trial expiring' (priority 1)" },
    });
  });

  it('never pre-empts an equal or higher priority, and leaves a contact already in the winner alone', () => {
    const samePriority = new Map(priorities);
    samePriority.set('upsell', { name: 'Upsell', priority: 1, group: 'lifecycle', preempt: false });
    const tie = decideEvent({
      event: pricing,
      contact,
      activeJourneys: [active('trial')],
      liveEnrollments: [live('upsell')],
      journeyOf: () => journey,
      priorities: samePriority,
    });
    expect(tie.enrolments).toEqual([]);
    expect(tie.passedOver[0]?.step.reason?.summary).toBe("not enrolled: in 'Upsell' (priority 1)");
    const already = decide(['trial', 'upsell'], [live('trial')]);
    expect(already.enrolments).toEqual([]);
    expect(already.passedOver.map((p) => p.enrolment.workflowId)).toEqual(['upsell']);
  });

  it('frees the place when the live enrollment converts on the same event', () => {
    const converting = { ...live('upsell'), exclusiveGroup: 'lifecycle' };
    const decision = decideEvent({
      event: pricing,
      contact,
      activeJourneys: [active('nurture')],
      liveEnrollments: [{ ...converting, state: 'converted' }],
      journeyOf: () => journey,
      priorities,
    });
    expect(decision.enrolments.map((e) => e.workflowId)).toEqual(['nurture']);
  });

  it('in a batch, a later event of the same contact sees the enrolment an earlier one made', () => {
    const later = { ...pricing, id: 'e2' };
    const decision = decideEvents({
      events: [
        { event: pricing, contact },
        { event: later, contact },
      ],
      activeJourneys: [active('upsell')],
      liveEnrollments: [],
      journeyOf: () => journey,
      priorities,
    });
    // The second event finds the contact in Upsell already: one enrolment, no second line.
    expect(decision.enrolments.map((e) => e.workflowId)).toEqual(['upsell']);
    expect(decision.passedOver).toEqual([]);
  });

  it('passes a contact re-entry refuses to the next journey of the group, not to nobody', () => {
    const decision = decideEvent({
      event: pricing,
      contact,
      activeJourneys: ['trial', 'upsell', 'nurture'].map(active),
      liveEnrollments: [],
      journeyOf: () => journey,
      priorities,
      reentryRefuses: (workflowId, _contact, reentry) => workflowId === 'trial' && reentry === 'once',
    });
    expect(decision.enrolments.map((e) => e.workflowId)).toEqual(['upsell']);
    expect(decision.passedOver.map((p) => p.step.reason?.summary)).toEqual([
      "not enrolled: in 'Upsell' (priority 2)",
    ]);
  });

  it('uses the group an enrollment was made in, not the journey’s group now', () => {
    const moved = { ...live('news'), exclusiveGroup: 'lifecycle' };
    const decision = decide(['upsell'], [moved]);
    expect(decision.enrolments).toEqual([]);
    expect(decision.passedOver[0]?.winner).toEqual({ workflowId: 'news', name: 'Newsletter', priority: 1 });
  });
});

describe('priority in the simulator', () => {
  const opener = compileJourney(
    {
      ...pricingJourney(),
      id: 'opener',
      nodes: pricingJourney().nodes.map((n) =>
        n.type === 'trigger' ? { ...n, config: { on: 'event', event: 'email.opened' } } : n,
      ),
    },
    builtinRegistry,
  );
  const priority = (preempt: boolean) => ({
    self: { name: 'Pricing', priority: 2, group: 'lifecycle', preempt: false },
    others: [
      {
        workflowId: 'opener',
        priority: { name: 'Opened', priority: 1, group: 'lifecycle', preempt },
        journey: opener,
      },
    ],
  });
  const viewed = { after: 0, type: 'page.viewed', properties: { page: 'pricing' } };

  it('is not enrolled while the contact is in another journey of the group, with the line', () => {
    const result = simulateJourney({
      compiled: journey,
      contact: { id: 'c1' },
      events: [viewed],
      start: '2026-03-02T10:00:00.000Z',
      priority: { ...priority(false), inJourney: 'opener' },
    });
    expect(result.outcome).toBe('not-enrolled');
    expect(result.path.map((s) => s.reason?.summary)).toEqual(["not enrolled: in 'Opened' (priority 1)"]);
  });

  it('is ended when a pre-empting journey of higher priority enrols the contact', () => {
    const events = [viewed, { after: 'PT1H', type: 'email.opened' }];
    const run = (preempt: boolean) =>
      simulateJourney({
        compiled: journey,
        contact: { id: 'c1', lead_score: 90 },
        events,
        start: '2026-03-02T10:00:00.000Z',
        priority: priority(preempt),
      });
    const ended = run(true);
    expect(ended.outcome).toBe('exited');
    expect(ended.path.at(-1)?.reason?.summary).toBe("ended: pre-empted by 'Opened' (priority 1)");
    expect(ended.waits[0]?.resumedBy).toBe('preempted');
    // Without pre-empt the open resumes the wait as usual.
    expect(run(false).waits[0]?.resumedBy).toBe('event');
  });
});
