import type { GraphInput } from '@crossroads/graph-schema';
import type { Sql } from '../../src/db/connect.js';
import { BENCH_ADMIN_KEY } from './runtimeProcess.js';

type Node = GraphInput['nodes'][number];

const node = (id: string, type: string, x: number, config: Record<string, unknown>): Node =>
  ({ id, type, version: 1, position: { x, y: 0 }, config }) as Node;
const edge = (source: string, target: string, sourceHandle = 'next') => ({
  id: `${source}-${sourceHandle}`,
  source,
  sourceHandle,
  target,
});

const send = (id: string, x: number) =>
  node(id, 'send', x, {
    subject: 'Hi {{ contact.first_name }}',
    html: '<p>Hello {{ contact.first_name }}, a short note from the bench.</p>',
    text: 'Hello {{ contact.first_name }}, a short note from the bench.',
    from: 'Bench <bench@crossroads.test>',
    reason: 'You are receiving this because you are a benchmark contact.',
    category: 'transactional',
  });
const trigger = (event: string) => node('trigger', 'trigger', 0, { on: 'event', event });

/**
 * The five-node journey of the throughput bench and the chaos battery:
 * trigger → gate (lead score) → send → wait (PT1S) → sales handoff.
 */
export function fiveStepJourney(event = 'bench.start'): GraphInput {
  return {
    schemaVersion: 1,
    id: 'bench-five-step',
    name: 'Bench: trigger → gate → send → wait → handoff',
    nodes: [
      trigger(event),
      node('gate', 'segment-gate', 300, {
        branches: [{ id: 'scored', label: 'Scored', rule: { '>=': [{ var: 'contact.lead_score' }, 0] } }],
      }),
      send('send', 600),
      node('wait', 'wait', 900, { mode: 'duration', duration: 'PT1S' }),
      node('handoff', 'sales-handoff', 1200, {
        assignment: { mode: 'owner', owner: 'ae@crossroads.test' },
        note: '{{ contact.first_name }} scored {{ contact.lead_score }}',
      }),
    ],
    edges: [
      edge('trigger', 'gate'),
      edge('gate', 'send', 'scored'),
      edge('gate', 'send', 'else'),
      edge('send', 'wait'),
      edge('wait', 'handoff'),
    ],
    settings: { reentry: 'once' },
  } as GraphInput;
}

/**
 * trigger → gate (lead score ≥ 0) → send, the journey the hand-rolled service of the throughput
 * bench implements by hand; `else` ends the journey.
 */
export function gateSendJourney(event: string, id = `bench-gate-send-${event}`): GraphInput {
  return {
    schemaVersion: 1,
    id,
    name: `Bench: trigger → gate → send (${event})`,
    nodes: [trigger(event), scoreGate(), send('send', 600)],
    edges: [edge('trigger', 'gate'), edge('gate', 'send', 'scored')],
    settings: { reentry: 'once' },
  } as GraphInput;
}

/** trigger → gate → sales handoff with no CRM webhook (to the ledger only): the engine alone, no email. */
export function engineJourney(event: string): GraphInput {
  return {
    schemaVersion: 1,
    id: `bench-engine-${event}`,
    name: `Bench: trigger → gate → handoff (${event})`,
    nodes: [
      trigger(event),
      scoreGate(),
      node('handoff', 'sales-handoff', 600, { assignment: { mode: 'owner', owner: 'ae@crossroads.test' } }),
    ],
    edges: [edge('trigger', 'gate'), edge('gate', 'handoff', 'scored')],
    settings: { reentry: 'once' },
  } as GraphInput;
}

const scoreGate = () =>
  node('gate', 'segment-gate', 300, {
    branches: [{ id: 'scored', label: 'Scored', rule: { '>=': [{ var: 'contact.lead_score' }, 0] } }],
  });

/** trigger → send: the path the latency bench times. */
export function sendJourney(event = 'bench.ping'): GraphInput {
  return {
    schemaVersion: 1,
    id: 'bench-send',
    name: 'Bench: trigger → send',
    nodes: [trigger(event), send('send', 300)],
    edges: [edge('trigger', 'send')],
    settings: { reentry: 'always' },
  } as GraphInput;
}

/** trigger → wait for `resume` (30-day timeout) → handoff: contacts park on the wait. */
export function parkedJourney(event = 'bench.park', resume = 'bench.resume'): GraphInput {
  return {
    schemaVersion: 1,
    id: 'bench-parked',
    name: 'Bench: parked on an event',
    nodes: [
      trigger(event),
      node('wait', 'wait', 300, { mode: 'event', event: resume, timeout: 'P30D' }),
      node('handoff', 'sales-handoff', 600, { assignment: { mode: 'owner', owner: 'ae@crossroads.test' } }),
    ],
    edges: [edge('trigger', 'wait'), edge('wait', 'handoff', 'event'), edge('wait', 'handoff', 'timeout')],
    settings: { reentry: 'once' },
  } as GraphInput;
}

/** JSON over HTTP with the bench admin key; throws with the body on an unexpected status. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  expect = [200, 201, 202],
  key = BENCH_ADMIN_KEY,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!expect.includes(res.status))
    throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Creates, publishes and activates a workflow through the API; returns its id. */
export async function publishJourney(baseUrl: string, graph: GraphInput): Promise<string> {
  const { id } = await api<{ id: string }>(baseUrl, 'POST', '/v1/workflows', { name: graph.name, graph });
  const { version } = await api<{ version: number }>(baseUrl, 'POST', `/v1/workflows/${id}/versions`, {
    message: 'bench',
  });
  await api(baseUrl, 'POST', `/v1/workflows/${id}/activate`, { version });
  return id;
}

/** The bootstrapped workspace (the one the bench admin key belongs to). */
export async function benchWorkspace(sql: Sql): Promise<string> {
  const [row] = await sql<{ workspaceId: string }[]>`
    select workspace_id from api_keys where instance_admin order by created_at limit 1`;
  if (!row) throw new Error('no bootstrapped workspace: start the runtime once first');
  return row.workspaceId;
}

/** The address bench contact `c<i>` gets (the SMTP receiver maps deliveries back by it). */
export const contactEmail = (prefix: string, i: number) => `${prefix}${i}@bench.crossroads.test`;

/**
 * Inserts `count` contacts `<prefix><i>` with an email, a first name and a lead score, as a CRM
 * import would (one statement per 10,000).
 */
export async function insertContacts(
  sql: Sql,
  workspaceId: string,
  prefix: string,
  count: number,
): Promise<void> {
  for (let from = 0; from < count; from += 10_000) {
    const to = Math.min(count, from + 10_000);
    await sql`
      insert into contacts (workspace_id, id, attributes)
      select ${workspaceId}, ${prefix} || i,
             jsonb_build_object('email', ${prefix} || i || '@bench.crossroads.test', 'first_name', 'Bench ' || i,
                                'lead_score', i % 100)
      from generate_series(${from}::int, ${to - 1}::int) as i
      on conflict do nothing`;
  }
}
