import { Graph } from '@crossroads/graph-schema';
import { builtinRegistry, compileJourney, simulateJourney } from '@crossroads/nodes';
import { contactArbitrary, journeyVocabulary, timelineArbitrary } from '@crossroads/nodes/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from './helpers.js';

// The event-policy property test (event-policy.property.test.ts) with priority between journeys:
// the pricing journey (priority 2) shares an exclusive group with a journey that starts on
// `email.opened` (the event the pricing journey waits for), ranks 1 and pre-empts. Random
// timelines go through the real runtime and through the simulator (told about the other
// journey); the pricing journey's trace rows (its steps, the 'not enrolled' lines of events the
// other journey won, and the line of its pre-emption) must be the same in both.
//
// The other journey only waits 30 days, so a contact it holds stays there for the whole
// timeline, as the simulator assumes.

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const RUNS = 20;
const GROUP = 'Lifecycle';

function pricingGraph(): Graph {
  const graph = Graph.parse(exampleGraph('pricing-page-handoff'));
  return { ...graph, id: `${graph.id}-priority`, settings: { ...graph.settings, reentry: 'once' } };
}

function openerGraph(): Graph {
  const at = { x: 0, y: 0 };
  return Graph.parse({
    schemaVersion: 1,
    id: 'opened-anything',
    name: 'Opened anything',
    settings: { reentry: 'after-exit', timezone: 'UTC' },
    nodes: [
      {
        id: 'opened',
        type: 'trigger',
        version: 1,
        position: at,
        config: { on: 'event', event: 'email.opened' },
      },
      { id: 'hold', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
    ],
    edges: [{ id: 'e1', source: 'opened', sourceHandle: 'next', target: 'hold' }],
  });
}

describe('the runtime and the simulator trace the same steps with priority between journeys', () => {
  const graph = pricingGraph();
  const journey = compileJourney(graph, builtinRegistry);
  const opener = compileJourney(openerGraph(), builtinRegistry);
  const vocabulary = journeyVocabulary(graph, builtinRegistry);
  let t: EngineApp;
  let workflowId: string;
  let openerId: string;
  let run = 0;
  const seen = new Set<string>();
  const [triggerEvent] = [...journey.triggerEvents];
  const properties = Object.fromEntries(
    Object.entries(vocabulary.eventProperties).map(([k, v]) => [k, v.constants[0]]),
  );
  // Sometimes the other journey gets the contact first (an open before the pricing view).
  const timelines = fc
    .tuple(fc.boolean(), timelineArbitrary(vocabulary, { maxGapMs: 1_000, maxEvents: 5 }))
    .map(([openFirst, rest]) => [
      ...(openFirst ? [{ after: 0, type: 'email.opened', properties: {} }] : []),
      { after: 500, type: triggerEvent ?? 'noise.unrelated', properties },
      ...rest.map((e) => ({ ...e, after: Number(e.after) + 1_000 })),
    ]);

  beforeAll(async () => {
    t = await createEngineApp();
    workflowId = await publishJourney(t, graph);
    openerId = await publishJourney(t, openerGraph());
    const set = (id: string, priority: number, preempt: boolean) =>
      t.call('PUT', `/v1/workflows/${id}/priority`, {
        priority,
        group: GROUP,
        preempt,
        reason: 'property test',
      });
    expect((await set(workflowId, 2, false)).status).toBe(200);
    expect((await set(openerId, 1, true)).status).toBe(200);
  });
  afterAll(() => t.close());

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
        const contact = { ...drawn, id: `priority-${run++}` };
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
        const simulated = simulateJourney({
          compiled: journey,
          contact,
          events,
          start: new Date(start),
          control: { percent: 0, workspaceId: t.workspaceId, workflowId },
          priority: {
            self: { name: graph.name, priority: 2, group: GROUP, preempt: false },
            others: [
              {
                workflowId: openerId,
                priority: { name: 'Opened anything', priority: 1, group: GROUP, preempt: true },
                journey: opener,
              },
            ],
          },
        });
        const expected = simulated.path
          .filter((s) => Date.parse(s.at) <= last)
          .map((s) => [s.nodeId, s.nodeType, s.output ?? null]);
        const actual = await runtimeTrace(id);
        for (const [, type] of actual) seen.add(String(type));
        expect(actual).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
    // Timelines reached both priority outcomes: not enrolled, and pre-empted after enrolling.
    const lines = await t.db.sql<{ kind: string }[]>`
      select distinct (select k from jsonb_object_keys(decision) k limit 1) as kind from journey_steps
      where workflow_id = ${workflowId} and node_type = 'priority'`;
    expect(lines.map((l) => l.kind).sort()).toEqual(['notEnrolled', 'preempted']);
    expect([...seen]).toEqual(expect.arrayContaining(['trigger', 'priority']));
  }, 240_000);
});
