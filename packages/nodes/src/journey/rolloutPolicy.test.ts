import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { assignmentBucket, inControlGroup, rolloutSide, splitArm } from './assignment.js';
import { compileJourney } from './compile.js';
import { type ActiveJourney, decideEvents } from './eventPolicy.js';
import { pricingJourney } from './fixtures.js';
import { simulateJourney } from './simulate.js';

const journey = compileJourney(pricingJourney(), builtinRegistry);
const pricing: JourneyEvent = {
  id: 'e1',
  type: 'page.viewed',
  properties: { page: 'pricing' },
  timestamp: '2026-03-02T10:00:00.000Z',
};
const contacts = Array.from({ length: 2000 }, (_, i) => ({ id: `c-${i}` }));

function enrol(active: ActiveJourney) {
  return decideEvents({
    workspaceId: 'ws-1',
    events: contacts.map((contact) => ({ event: pricing, contact })),
    activeJourneys: [active],
    liveEnrollments: [],
    journeyOf: () => journey,
  }).enrolments;
}

describe('rollout and control in the event policy', () => {
  it('puts about the rollout share on the new version, the same contacts every time', () => {
    const active = { workflowId: 'wf', version: 2, journey, rollout: { version: 3, percent: 10, journey } };
    const first = enrol(active);
    const onNew = first.filter((e) => e.version === 3);
    expect(onNew.length).toBeGreaterThan(140);
    expect(onNew.length).toBeLessThan(260);
    expect(onNew.every((e) => e.side === 'rollout')).toBe(true);
    expect(enrol(active)).toEqual(first);
  });

  it('keeps every contact of a smaller share on the new version when the share is raised', () => {
    const at = (percent: number) =>
      new Set(
        enrol({ workflowId: 'wf', version: 2, journey, rollout: { version: 3, percent, journey } })
          .filter((e) => e.version === 3)
          .map((e) => e.contactId),
      );
    const five = at(5);
    const fifty = at(50);
    expect(five.size).toBeGreaterThan(0);
    for (const id of five) expect(fifty.has(id)).toBe(true);
    expect(at(100).size).toBe(contacts.length);
    expect(at(0).size).toBe(0);
  });

  it('holds out about the control share on each side, independent of the side', () => {
    const enrolments = enrol({
      workflowId: 'wf',
      version: 2,
      journey,
      rollout: { version: 3, percent: 50, journey },
      controlPercent: 20,
    });
    expect(enrolments).toHaveLength(contacts.length);
    for (const version of [2, 3]) {
      const side = enrolments.filter((e) => e.version === version);
      const control = side.filter((e) => e.cohort === 'control').length / side.length;
      expect(control).toBeGreaterThan(0.15);
      expect(control).toBeLessThan(0.25);
    }
    for (const e of enrolments) {
      expect(e.cohort === 'control').toBe(inControlGroup('ws-1', 'wf', e.contactId, 20));
      expect(e.side).toBe(rolloutSide('ws-1', 'wf', e.contactId, { version: 3, percent: 50 }));
    }
  });

  it('lets the side decide with its own trigger: a rollout version that listens elsewhere enrols nobody here', () => {
    const other = compileJourney(
      {
        ...pricingJourney(),
        nodes: pricingJourney().nodes.map((n) =>
          n.type === 'trigger' ? { ...n, config: { on: 'event', event: 'trial.started' } } : n,
        ),
      },
      builtinRegistry,
    );
    const enrolments = enrol({
      workflowId: 'wf',
      version: 2,
      journey,
      rollout: { version: 3, percent: 50, journey: other },
    });
    expect(enrolments.every((e) => e.version === 2)).toBe(true);
    expect(enrolments.length).toBeLessThan(contacts.length);
  });

  it('hashes by workspace, journey and contact', () => {
    const bucket = assignmentBucket(['rollout', 'ws-1', 'wf', 'c-1']);
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(1);
    expect(assignmentBucket(['rollout', 'ws-2', 'wf', 'c-1'])).not.toBe(bucket);
    expect(assignmentBucket(['rollout', 'ws-1', 'wf-2', 'c-1'])).not.toBe(bucket);
  });

  it('splits by weight per contact', () => {
    const counts = [0, 0, 0];
    for (const { id } of contacts) counts[splitArm('wf', 'split', id, [1, 1, 2])]! += 1;
    expect(counts[2]! / contacts.length).toBeGreaterThan(0.45);
    expect(counts[2]! / contacts.length).toBeLessThan(0.55);
    expect(counts[0]! / contacts.length).toBeGreaterThan(0.2);
    expect(splitArm('wf', 'split', 'c-1', [1, 1, 2])).toBe(splitArm('wf', 'split', 'c-1', [1, 1, 2]));
  });
});

describe('the simulator and the control group', () => {
  const run = (
    percent: number,
    events: Array<{ after: number | string; type: string; properties?: Record<string, unknown> }>,
  ) =>
    simulateJourney({
      compiled: compileJourney(pricingJourney({ goal: { event: 'purchase' } }), builtinRegistry),
      contact: { id: 'c-1', email: 'c-1@example.com' },
      events,
      start: '2026-03-02T10:00:00Z',
      control: { percent, workspaceId: 'ws-1', workflowId: 'wf' },
    });
  const viewed = { after: 0, type: 'page.viewed', properties: { page: 'pricing' } };

  it('holds a control contact out: nothing runs, the goal is followed', () => {
    const held = run(100, [viewed, { after: 'PT3H', type: 'purchase' }]);
    expect(held).toMatchObject({ enrolled: true, cohort: 'control', outcome: 'converted', effects: [] });
    expect(held.path.map((s) => s.nodeType)).toEqual(['goal']);
    expect(run(100, [viewed])).toMatchObject({ cohort: 'control', outcome: 'stopped', path: [] });
  });

  it('runs a treated contact as before', () => {
    const treated = run(0, [viewed]);
    expect(treated.cohort).toBe('treated');
    expect(treated.path[0]?.nodeType).toBe('trigger');
    expect(treated.effects.length).toBeGreaterThan(0);
  });
});
