import type { Queryable } from '../../db/connect.js';
import { ISO_DATE_PATTERN, inferType, type TypeCounts } from './inferType.js';

/** Events counted per type at most (the dictionary is sampled: "1,000+" is enough to choose). */
export const EVENT_COUNT_CAP = 1000;
/** The newest events read per type to learn its properties. */
const PER_TYPE_SAMPLE = 100;
const MAX_TYPES = 200;

export interface SeenEventType {
  type: string;
  seen: number;
  lastSeen: string | null;
  properties: Array<{ key: string; seen: number; type: ReturnType<typeof inferType> }>;
}

/**
 * Every event type of the workspace with when it was last seen, a capped count and the properties
 * of its newest events. Walks the distinct types through `events_workspace_type_time` (a skip scan:
 * one index probe per type), so the cost follows the number of types, not of events.
 */
export async function eventTypes(sql: Queryable, workspaceId: string): Promise<SeenEventType[]> {
  const types = await sql<Array<{ type: string; lastSeen: Date | null; seen: number }>>`
    with recursive types(type) as (
      (select type from events where workspace_id = ${workspaceId} order by type limit 1)
      union all
      select (select e.type from events e
              where e.workspace_id = ${workspaceId} and e.type > t.type order by e.type limit 1)
      from types t where t.type is not null
    )
    select t.type,
      (select max(occurred_at) from events e where e.workspace_id = ${workspaceId} and e.type = t.type) as last_seen,
      (select count(*)::int from (select 1 from events e where e.workspace_id = ${workspaceId} and e.type = t.type
        limit ${EVENT_COUNT_CAP}) capped) as seen
    from types t where t.type is not null limit ${MAX_TYPES}`;
  if (types.length === 0) return [];
  const props = await sql<Array<TypeCounts & { type: string; key: string; seen: number }>>`
    with newest as (
      select t.type, e.properties from unnest(${types.map((t) => t.type)}::text[]) as t(type)
      cross join lateral (
        select properties from events e where e.workspace_id = ${workspaceId} and e.type = t.type
        order by occurred_at desc limit ${PER_TYPE_SAMPLE}) e)
    select n.type, p.key, count(*)::int as seen,
      count(*) filter (where jsonb_typeof(p.value) = 'number')::int as numbers,
      count(*) filter (where jsonb_typeof(p.value) = 'string')::int as strings,
      count(*) filter (where jsonb_typeof(p.value) = 'string' and p.value #>> '{}' ~ ${ISO_DATE_PATTERN})::int as dates,
      count(*) filter (where jsonb_typeof(p.value) = 'boolean')::int as booleans,
      count(*) filter (where jsonb_typeof(p.value) = 'array')::int as arrays,
      count(*) filter (where jsonb_typeof(p.value) = 'object')::int as objects
    from newest n, jsonb_each(case when jsonb_typeof(n.properties) = 'object' then n.properties else '{}' end) p
    group by n.type, p.key order by n.type, p.key`;
  const byType = new Map<string, SeenEventType['properties']>();
  for (const p of props) {
    const list = byType.get(p.type) ?? [];
    list.push({ key: p.key, seen: p.seen, type: inferType(p) });
    byType.set(p.type, list);
  }
  return types
    .map((t) => ({
      type: t.type,
      seen: t.seen,
      lastSeen: t.lastSeen ? t.lastSeen.toISOString() : null,
      properties: byType.get(t.type) ?? [],
    }))
    .sort((a, b) => b.seen - a.seen || a.type.localeCompare(b.type));
}
