import type { Queryable } from '../../db/connect.js';
import { ISO_DATE_PATTERN, inferType, type TypeCounts } from './inferType.js';

/** The newest events read: counts and "last seen" are of this sample (the vocabulary, not a census). */
export const EVENT_SAMPLE = 5000;
const MAX_TYPES = 200;

export interface SeenEventType {
  type: string;
  seen: number;
  lastSeen: string | null;
  properties: Array<{ key: string; seen: number; type: ReturnType<typeof inferType> }>;
}

/**
 * The event types among the workspace's newest events, with how many of the sample each has, when
 * the newest happened, and the types of their properties. No index of its own: an index leading
 * with (workspace, type) would also tempt the planner away from the per-contact index that
 * engagement reads rely on.
 */
export async function eventTypes(sql: Queryable, workspaceId: string): Promise<SeenEventType[]> {
  const rows = await sql<
    Array<TypeCounts & { type: string; key: string | null; seen: number; lastSeen: Date; events: number }>
  >`
    with sample as (
      select type, occurred_at, properties from events where workspace_id = ${workspaceId}
      order by received_at desc limit ${EVENT_SAMPLE}),
    types as (
      select type, count(*)::int as events, max(occurred_at) as last_seen from sample
      group by type order by events desc, type limit ${MAX_TYPES}),
    props as (
      select s.type, p.key, p.value from sample s,
        jsonb_each(case when jsonb_typeof(s.properties) = 'object' then s.properties else '{}' end) p)
    select t.type, t.events, t.last_seen, p.key, count(p.key)::int as seen,
      count(*) filter (where jsonb_typeof(p.value) = 'number')::int as numbers,
      count(*) filter (where jsonb_typeof(p.value) = 'string')::int as strings,
      count(*) filter (where jsonb_typeof(p.value) = 'string' and p.value #>> '{}' ~ ${ISO_DATE_PATTERN})::int as dates,
      count(*) filter (where jsonb_typeof(p.value) = 'boolean')::int as booleans,
      count(*) filter (where jsonb_typeof(p.value) = 'array')::int as arrays,
      count(*) filter (where jsonb_typeof(p.value) = 'object')::int as objects
    from types t left join props p on p.type = t.type
    group by t.type, t.events, t.last_seen, p.key
    order by t.events desc, t.type, p.key`;
  const byType = new Map<string, SeenEventType>();
  for (const row of rows) {
    let entry = byType.get(row.type);
    if (!entry) {
      entry = { type: row.type, seen: row.events, lastSeen: row.lastSeen.toISOString(), properties: [] };
      byType.set(row.type, entry);
    }
    if (row.key !== null) entry.properties.push({ key: row.key, seen: row.seen, type: inferType(row) });
  }
  return [...byType.values()];
}
