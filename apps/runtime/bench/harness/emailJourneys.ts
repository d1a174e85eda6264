// The email journeys of issue 19's "near the channel's limit": trigger → gate → send, and the
// pricing-page example, timed in the throughput bench's runtime, with what each contact costs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphInput } from '@crossroads/graph-schema';
import type { Sql } from '../../src/db/connect.js';
import { type Evidence, startEvidence } from './evidence.js';
import { api, gateSendJourney, publishJourney } from './journeys.js';
import { relationBytes, relationBytesLines, relationBytesPerContact } from './relationBytes.js';
import { until } from './stats.js';

/** examples/pricing-page-handoff as published by a user: page.viewed (pricing) → send → wait for the open. */
export async function pricingPageJourney(): Promise<GraphInput> {
  const file = join(import.meta.dirname, '../../../../examples/pricing-page-handoff/graph.json');
  return JSON.parse(await readFile(file, 'utf8')) as GraphInput;
}

/** Issue 19's two email journeys: label, contact id prefix, graph and the event that starts it. */
export async function issue19EmailJourneys() {
  return [
    ['trigger → gate → send', 'd', gateSendJourney('bench.gate-send'), { type: 'bench.gate-send' }],
    [
      'pricing-page example (page.viewed → send → wait for the open)',
      'p',
      await pricingPageJourney(),
      { type: 'page.viewed', properties: { page: 'pricing' } },
    ],
  ] as const;
}

/** Total size (heap, indexes, TOAST) of every table outside the system schemas, by name. */
export async function tableBytes(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql<{ name: string; bytes: string }[]>`
    select n.nspname || '.' || c.relname as name, pg_total_relation_size(c.oid)::text as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg_toast%'`;
  return new Map(rows.map((r) => [r.name.replace(/^public\./, ''), Number(r.bytes)]));
}

export interface BytesPerContact {
  total: number;
  /** The tables that grew most, bytes per contact. */
  tables: Array<{ table: string; bytes: number }>;
}

export function bytesPerContact(before: Map<string, number>, after: Map<string, number>, count: number) {
  const tables = [...after]
    .map(([table, bytes]) => ({ table, bytes: (bytes - (before.get(table) ?? 0)) / count }))
    .filter((t) => t.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { total: tables.reduce((sum, t) => sum + t.bytes, 0), tables } satisfies BytesPerContact;
}

export interface EmailRun {
  seconds: number;
  contactsPerSecond: number;
  evidence: Evidence;
  bytes: BytesPerContact;
  /** The same by heap, TOAST and index (harness/relationBytes.ts), one line per table. */
  relations: string[];
}

/**
 * Posts one trigger event per contact (`<prefix><i>`, already inserted) in batches, and waits until
 * every contact's email of `workflowId` is sent and none of its enrollments is still running.
 */
export async function timeEmailJourney(input: {
  sql: Sql;
  runtime: { url: string; pid: number };
  postmasterPid: number;
  graph: GraphInput;
  event: { type: string; properties?: Record<string, unknown> };
  prefix: string;
  count: number;
  batch: number;
  /** The SMTP receiver the runtime sends to: its count says when to look at the database. */
  smtp: { counts(): { unique: number } };
}): Promise<EmailRun> {
  const { sql, count } = input;
  const workflowId = await publishJourney(input.runtime.url, input.graph);
  const before = await tableBytes(sql);
  const relationsBefore = await relationBytes(sql);
  const received = input.smtp.counts().unique;
  const evidence = await startEvidence(sql, input.runtime.pid, input.postmasterPid);
  const started = performance.now();
  for (let from = 0; from < count; from += input.batch) {
    const batch = Array.from({ length: Math.min(input.batch, count - from) }, (_, i) => ({
      id: `${input.prefix}-start-${from + i}`,
      contactId: `${input.prefix}${from + i}`,
      type: input.event.type,
      ...(input.event.properties ? { properties: input.event.properties } : {}),
    }));
    await api(input.runtime.url, 'POST', '/v1/events', { batch });
  }
  await until(
    `every contact of ${input.graph.name} sent its email`,
    async () => {
      // Counting the ledger costs Postgres more than a few contacts do: only once the emails are in.
      if (input.smtp.counts().unique < received + count) return false;
      const [row] = await sql<{ sent: number; running: number; enrolled: number }[]>`
        select (select count(*)::int from effects where workflow_id = ${workflowId} and state = 'sent') as sent,
               (select count(*)::int from enrollments where workflow_id = ${workflowId} and state = 'active') as running,
               (select count(*)::int from enrollments where workflow_id = ${workflowId}) as enrolled`;
      return row!.sent === count && row!.enrolled === count && row!.running === 0;
    },
    15 * 60_000,
    100,
  );
  const seconds = (performance.now() - started) / 1000;
  const collected = await evidence.finish();
  const after = await tableBytes(sql);
  return {
    seconds,
    contactsPerSecond: count / seconds,
    evidence: collected,
    bytes: bytesPerContact(before, after, count),
    relations: relationBytesLines(relationBytesPerContact(relationsBefore, await relationBytes(sql), count)),
  };
}
