import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, exampleGraph, publishJourney } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Every wait shortened to a second (and every send window open all day), so journeys finish fast. */
function shortened(name: string): GraphInput {
  const graph = exampleGraph(name);
  for (const node of graph.nodes) {
    if (node.type !== 'wait') continue;
    const config = node.config;
    if (config.mode === 'duration') node.config = { ...config, duration: 'PT1S' };
    if (config.mode === 'event') node.config = { ...config, timeout: 'PT1S' };
    if (config.mode === 'until') node.config = { ...config, days: ALL_DAYS, start: '00:00', end: '23:59' };
  }
  return graph;
}

/**
 * How each example starts, with a contact its trigger accepts. Each journey then runs on its own:
 * every wait times out after a second, so the contact walks the journey's no-engagement path.
 */
const STARTS: Record<string, { contact: Record<string, unknown>; event?: Record<string, unknown> }> = {
  'pricing-page-handoff': {
    contact: { email: 'p@example.com', first_name: 'Pia', lead_score: 91, industry: 'SaaS', region: 'emea' },
    event: { type: 'page.viewed', properties: { page: 'pricing' } },
  },
  'outbound-sequence': {
    contact: { email: 'o@example.com', first_name: 'Omar', email_status: 'verified', company: 'Fintechly' },
    event: { type: 'prospect.added', properties: { sequence: 'q3-fintech-outbound' } },
  },
  'trial-expiring': {
    contact: {
      email: 't@example.com',
      first_name: 'Tess',
      plan_interest: 'team',
      active_days_14d: 9,
      seats_used: 4,
    },
    event: { type: 'trial.ending', properties: { days_left: 7 } },
  },
  'abandoned-cart': {
    contact: { email: 'a@example.com', first_name: 'Ada', orders_count: 0 },
    event: { type: 'cart.abandoned', properties: { value: 80, cart_url: 'https://shop.example/cart/1' } },
  },
  'post-purchase-onboarding': {
    contact: { email: 'b@example.com', first_name: 'Bo', open_tickets: 0, active_days_14d: 10 },
    event: { type: 'purchase', properties: { first_order: true, order_id: 'o-1' } },
  },
  // Segment trigger: the attribute update that makes the contact enter `silent-30d` starts it.
  're-engagement': {
    contact: {
      email: 'r@example.com',
      first_name: 'Ravi',
      days_since_last_seen: 41,
      lifetime_sessions: 12,
      lead_score: 75,
      lifecycle_stage: 'lead',
      account_owner: 'james',
    },
  },
};

describe('every example journey, end to end through the engine', () => {
  let t: EngineApp;
  const workflowIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createEngineApp();
    const segments = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../examples/re-engagement/segments.json'), 'utf8'),
    ) as Record<string, unknown>;
    for (const [name, rule] of Object.entries(segments)) {
      expect((await t.call('POST', '/v1/segments', { name, rule })).status).toBe(201);
    }
    for (const name of Object.keys(STARTS)) workflowIds[name] = await publishJourney(t, shortened(name));
  });
  afterAll(() => t.close());

  it.each(Object.keys(STARTS))('%s: enrolls, runs every step and ends without failure', async (name) => {
    const { contact, event } = STARTS[name]!;
    const contactId = `contact-${name}`;
    expect((await t.call('PUT', `/v1/contacts/${contactId}`, { attributes: contact })).status).toBe(200);
    if (event) {
      const sent = await t.call('POST', '/v1/events', { contactId, ...event });
      expect(sent.body, JSON.stringify(sent.body)).toMatchObject({ accepted: 1, enrolled: 1 });
    }
    const ended = await eventually(async () => {
      const [row] = await t.db.sql<{ state: string }[]>`
        select state from enrollments where contact_id = ${contactId} and workflow_id = ${workflowIds[name]!}`;
      return row && ['completed', 'converted', 'exited', 'failed'].includes(row.state) && row;
    }, 30_000);
    expect(ended.state).toBe('completed');

    const trace = await t.call('GET', `/v1/contacts/${contactId}/trace`);
    const graph = exampleGraph(name);
    const trigger = graph.nodes.find((n) => n.type === 'trigger')!;
    const steps = trace.body.items as Array<{ nodeId: string; reason: { summary?: string } | null }>;
    expect(steps[0]?.nodeId).toBe(trigger.id);
    // Every step explains itself, and every node the contact passed exists in the published graph.
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    for (const step of steps) {
      expect(nodeIds.has(step.nodeId), step.nodeId).toBe(true);
      expect(step.reason?.summary, `${name}: ${step.nodeId}`).toBeTruthy();
    }
    // Emails went out through the ledger to the local SMTP catcher, once each.
    const sends = graph.nodes.filter((n) => n.type === 'send').map((n) => n.id);
    const sentNodes = steps.filter((s) => sends.includes(s.nodeId)).map((s) => s.nodeId);
    const messages = await eventually(async () => {
      const rows = await t.db.sql<{ nodeId: string; caughtCount: number }[]>`
        select e.node_id, m.caught_count from effects e join messages m on m.effect_id = e.id
        where e.contact_id = ${contactId} and e.kind = 'email'`;
      return rows.length === new Set(sentNodes).size && rows.every((r) => r.caughtCount === 1) && rows;
    }, 20_000);
    expect(messages.length).toBeGreaterThan(0);
  });
});
