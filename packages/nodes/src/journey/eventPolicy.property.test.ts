import { readdirSync, readFileSync } from 'node:fs';
import { Graph } from '@crossroads/graph-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins/index.js';
import type { JourneyEvent } from '../sdk/decision.js';
import { contactArbitrary, journeyVocabulary, timelineArbitrary } from '../testing/timelines.js';
import { compileJourney } from './compile.js';
import { decideEvent, decideEvents, GOAL_STEP_TYPE, type LiveEnrollment } from './eventPolicy.js';
import { pricingJourney } from './fixtures.js';
import { type SimulationResult, simulateJourney } from './simulate.js';
import { journeyListensTo, triggerSegments } from './triggers.js';

// Random event timelines through the one event policy, alone and inside the simulator, for every
// example journey and the walker's fixture: what must hold whatever the order of events.

const EXAMPLES = new URL('../../../../examples/', import.meta.url);
const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'packs')
  .map((entry): [string, Graph] => [
    entry.name,
    Graph.parse(JSON.parse(readFileSync(new URL(`${entry.name}/graph.json`, EXAMPLES), 'utf8'))),
  ]);
const graphs: Array<[string, Graph]> = [
  ...examples,
  ['fixture with a goal', pricingJourney({ goal: { event: 'purchase' } })],
];
const start = Date.parse('2026-03-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(graphs)('%s', (_name, graph) => {
  const vocabulary = journeyVocabulary(graph, builtinRegistry);
  const journey = compileJourney(graph, builtinRegistry);
  const activeJourneys = [{ workflowId: graph.id, version: 0, journey }];
  const run = (contact: { id: string }, events: Parameters<typeof simulateJourney>[0]['events']) =>
    simulateJourney({ compiled: journey, contact, events, start: iso(start) });

  it('simulates the way the policy decides, with time moving forward', () => {
    fc.assert(
      fc.property(contactArbitrary(vocabulary), timelineArbitrary(vocabulary), (contact, events) => {
        const result = run(contact, events);
        expect(run(contact, events)).toEqual(result);
        const timed = events.map((e, i): JourneyEvent & { at: number } => ({
          id: `sim-${i}`,
          type: e.type,
          properties: e.properties ?? {},
          timestamp: iso(start + Number(e.after)),
          at: start + Number(e.after),
        }));

        // Enrolled exactly when the policy enrols on an event (or the trigger is a segment's).
        const enrolling = timed.find(
          (event) =>
            decideEvent({ event, contact, activeJourneys, liveEnrollments: [], journeyOf: () => journey })
              .enrolments.length > 0,
        );
        const segmentStart = triggerSegments(journey).length > 0;
        expect(result.enrolled).toBe(segmentStart || enrolling !== undefined);
        if (!result.enrolled) {
          expect(result).toMatchObject({ outcome: 'not-enrolled', path: [], effects: [] });
          return;
        }
        expect(result.enteredAt).toBe(segmentStart ? iso(start) : enrolling?.timestamp);
        checkTime(result);
        checkWaits(result, timed);
        checkGoal(result, timed);
        expect(result.effects).toEqual(
          result.path.flatMap((s) => (s.effect ? [{ nodeId: s.nodeId, at: s.at, effect: s.effect }] : [])),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('never acts twice on an enrollment, and only as its state allows', () => {
    const nodeIds = [...journey.nodes.keys()];
    const enrollment = fc.record({
      id: fc.constantFrom('1', '2', '3', '4'),
      contactId: fc.constantFrom('c-1', 'c-2'),
      state: fc.constantFrom('active', 'waiting', 'converted'),
      nodeId: fc.constantFrom(...nodeIds),
      waitEvent: fc.option(fc.constantFrom(...vocabulary.eventTypes), { nil: null }),
    });
    const enrollments = fc
      .uniqueArray(enrollment, { selector: (e) => e.id, maxLength: 4 })
      .map((list) =>
        list.map((e): LiveEnrollment => ({ ...e, workflowId: graph.id, version: 0, startedAt: iso(start) })),
      );
    const batch = fc.tuple(
      timelineArbitrary(vocabulary),
      fc.array(fc.constantFrom('c-1', 'c-2'), { minLength: 8 }),
    );
    fc.assert(
      fc.property(enrollments, batch, contactArbitrary(vocabulary), (live, [events, owners], attributes) => {
        const items = events.map((e, i) => ({
          event: {
            id: `e${i}`,
            type: e.type,
            properties: e.properties ?? {},
            timestamp: iso(start + Number(e.after)),
          },
          contact: { ...attributes, id: owners[i] ?? 'c-1' },
        }));
        const before = structuredClone(live);
        const decision = decideEvents({
          events: items,
          activeJourneys,
          liveEnrollments: live,
          journeyOf: () => journey,
        });
        expect(live).toEqual(before);
        const converted = decision.conversions.map((c) => c.enrollment.id);
        expect(new Set(converted).size).toBe(converted.length);
        const resumed = decision.resumes.map((r) => r.enrollment.id);
        expect(new Set(resumed).size).toBe(resumed.length);
        for (const { enrollment, event } of decision.conversions) {
          expect(enrollment.state).not.toBe('converted');
          expect(enrollment.contactId).toBe(items.find((i) => i.event === event)?.contact.id);
          expect(event.type).toBe(journey.settings.goal?.event);
        }
        for (const { enrollment, event } of decision.resumes) {
          expect(enrollment).toMatchObject({ state: 'waiting', waitEvent: event.type });
          const conversion = decision.conversions.find((c) => c.enrollment === enrollment);
          // A resumed enrollment may still convert later, never before its resume.
          if (conversion)
            expect(items.findIndex((i) => i.event === conversion.event)).toBeGreaterThan(
              items.findIndex((i) => i.event === event),
            );
        }
        for (const enrolment of decision.enrolments) {
          const item = items.find((i) => i.event.id === enrolment.eventId);
          expect(item && journeyListensTo(journey, item.event.type)).toBe(true);
          expect(enrolment).toMatchObject({
            workflowId: graph.id,
            contactId: item?.contact.id,
            nodeId: journey.trigger?.id,
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});

function checkTime(result: SimulationResult) {
  const times = result.path.map((step) => Date.parse(step.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(times[0]).toBe(Date.parse(result.enteredAt ?? ''));
  if (result.endedAt !== null) expect(Date.parse(result.endedAt)).toBe(times.at(-1));
}

function checkWaits(result: SimulationResult, events: ReadonlyArray<JourneyEvent & { at: number }>) {
  result.waits.forEach((wait, index) => {
    if (wait.resumedAt === null) {
      expect(index).toBe(result.waits.length - 1);
      return;
    }
    expect(wait.since <= wait.resumedAt && wait.resumedAt <= wait.until).toBe(true);
    if (wait.resumedBy === 'time' || wait.resumedBy === 'timeout') expect(wait.resumedAt).toBe(wait.until);
    if (wait.resumedBy === 'event') {
      expect(events.some((e) => e.type === wait.event && e.timestamp === wait.resumedAt)).toBe(true);
    }
    if (wait.resumedBy === 'goal') expect(result.outcome).toBe('converted');
  });
}

function checkGoal(result: SimulationResult, events: ReadonlyArray<JourneyEvent & { at: number }>) {
  const goals = result.path.filter((step) => step.nodeType === GOAL_STEP_TYPE);
  if (result.outcome !== 'converted') {
    expect(goals).toEqual([]);
    return;
  }
  const last = result.path.at(-1);
  expect(goals).toEqual([last]);
  expect(result.waits.at(-1)?.resumedBy).toBe('goal');
  const event = events.find((e) => e.id === (last?.reason?.details as { event?: string } | undefined)?.event);
  expect(event?.timestamp).toBe(last?.at);
  expect(last?.decision).toEqual({ converted: { event: event?.type } });
  expect(result.effects.every((effect) => effect.at <= (last?.at ?? ''))).toBe(true);
}
