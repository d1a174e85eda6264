import { Graph } from '@crossroads/graph-schema';
import { builtinRegistry, compileJourney, simulateJourney } from '@crossroads/nodes';
import { contactArbitrary, journeyVocabulary, timelineArbitrary } from '@crossroads/nodes/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from './helpers.js';

// The runtime and the simulator decide what an event does with the same pure policy
// (`decideEvents`); this checks the glue around it. Random event timelines go through the real
// runtime (ingest, worker, Postgres) one event at a time, and through the simulator on a virtual
// clock; the trace rows of both must be the same steps in the same order.
//
// Events are at most a second apart, so no wait's timeout (hours or days) falls inside a
// timeline: the simulator's path is cut at the last event, where the runtime's real clock is too.
// Re-entry is 'once' because the simulator follows one enrollment.

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

/**
 * Example journeys, with the decisions random timelines must reach in them (`type:output`), and
 * the share held out as control (the policy holds out the same contacts in both; control contacts
 * trace only their goal).
 */
const JOURNEYS: Array<[string, string[], number]> = [
  ['pricing-page-handoff', ['trigger:next', 'wait:event', 'goal:null'], 0],
  ['abandoned-cart', ['trigger:next', 'goal:null'], 0],
  ['pricing-page-handoff', ['trigger:next', 'goal:null'], 50],
];
const RUNS = 20;

function journeyGraph(name: string): Graph {
  const graph = Graph.parse(exampleGraph(name));
  return { ...graph, id: `${graph.id}-policy`, settings: { ...graph.settings, reentry: 'once' } };
}

describe.each(JOURNEYS)(
  'the runtime and the simulator trace the same steps: %s, control share %s',
  (name, reached, controlPercent) => {
    const graph = journeyGraph(name);
    const journey = compileJourney(graph, builtinRegistry);
    const vocabulary = journeyVocabulary(graph, builtinRegistry);
    let t: EngineApp;
    let workflowId: string;
    let run = 0;
    // Timelines start with the trigger's event, with the properties its filter compares (most
    // random timelines would otherwise never enrol anyone), then random events a second apart.
    const [triggerEvent] = [...journey.triggerEvents];
    const opening = fc.record({
      after: fc.constant(0),
      type: fc.constant(triggerEvent ?? 'noise.unrelated'),
      properties: fc.constant(
        Object.fromEntries(Object.entries(vocabulary.eventProperties).map(([k, v]) => [k, v.constants[0]])),
      ),
    });
    const timelines = fc
      .tuple(opening, timelineArbitrary(vocabulary, { maxGapMs: 1_000, maxEvents: 5 }))
      .map(([first, rest]) => [first, ...rest.map((e) => ({ ...e, after: Number(e.after) + 1_000 }))]);
    const seen = new Set<string>();

    beforeAll(async () => {
      t = await createEngineApp();
      workflowId = await publishJourney(t, graph);
      if (controlPercent > 0) {
        const set = await t.call('PUT', `/v1/workflows/${workflowId}/control-group`, {
          percent: controlPercent,
          reason: 'property test',
        });
        expect(set.status).toBe(200);
      }
    });
    afterAll(() => t.close());

    /** Until no job is due: the walk and its deliveries are done (future timeouts stay queued). */
    const settled = () =>
      eventually(async () => {
        const [row] = await t.db.sql<{ due: number }[]>`
        select count(*)::int as due from graphile_worker._private_jobs
        where run_at <= now() or locked_at is not null`;
        return row?.due === 0;
      }, 20_000);

    const runtimeTrace = async (contactId: string) =>
      (
        await t.db.sql<{ nodeId: string; nodeType: string; output: string | null }[]>`
        select node_id, node_type, output from journey_steps
        where contact_id = ${contactId} and workflow_id = ${workflowId} and not (decision ? 'delivery')
        order by id`
      ).map((s) => [s.nodeId, s.nodeType, s.output ?? null]);

    it('for random contacts and event timelines', async () => {
      await fc.assert(
        fc.asyncProperty(contactArbitrary(vocabulary), timelines, async (drawn, events) => {
          const contact = { ...drawn, id: `policy-${name}-${run++}` };
          const start = Date.now();
          const { id, ...attributes } = contact;
          expect((await t.call('PUT', `/v1/contacts/${id}`, { attributes })).status).toBe(200);
          for (const event of events) {
            const timestamp = new Date(start + Number(event.after)).toISOString();
            const posted = await t.call('POST', '/v1/events', {
              contactId: id,
              type: event.type,
              properties: event.properties ?? {},
              timestamp,
            });
            expect(posted.status, JSON.stringify(posted.body)).toBe(202);
            await settled();
          }
          const last = start + Math.max(0, ...events.map((e) => Number(e.after)));
          const control = { percent: controlPercent, workspaceId: t.workspaceId, workflowId };
          const simulated = simulateJourney({
            compiled: journey,
            contact,
            events,
            start: new Date(start),
            control,
          });
          const expected = simulated.path
            .filter((s) => Date.parse(s.at) <= last)
            .map((s) => [s.nodeId, s.nodeType, s.output ?? null]);
          const actual = await runtimeTrace(id);
          for (const [, type, output] of actual) seen.add(`${type}:${output}`);
          expect(actual).toEqual(expected);
        }),
        { numRuns: RUNS },
      );
      // The timelines reached the policy's decisions: enrol, resume a wait (if any), convert on the goal.
      expect([...seen]).toEqual(expect.arrayContaining(reached));
    }, 240_000);
  },
);
