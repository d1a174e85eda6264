import type { Sql } from '../db/connect.js';

export interface DataDictionary {
  /** Contact attribute names, most common first. */
  contact: Array<{ key: string; seen: number }>;
  /** Event types with the property names seen on them. */
  events: Array<{ type: string; seen: number; properties: string[] }>;
  /** Every `var` path the above implies, for rule completion (`contact.lead_score`, …). */
  paths: string[];
}

// Bounded samples of the newest rows: completion needs the vocabulary, not exact counts.
const CONTACT_SAMPLE = 2000;
const EVENT_SAMPLE = 5000;

/** The attribute and property names seen in a workspace: what gate rules can read. */
export async function dataDictionary(sql: Sql, workspaceId: string): Promise<DataDictionary> {
  const contact = await sql<Array<{ key: string; seen: number }>>`
    select key, count(*)::int as seen
    from (select attributes from contacts where workspace_id = ${workspaceId}
          order by updated_at desc limit ${CONTACT_SAMPLE}) sample,
         jsonb_object_keys(sample.attributes) as key
    group by key order by seen desc, key limit 500`;
  const rows = await sql<Array<{ type: string; seen: number; properties: string[] | null }>>`
    with sample as (
      select type, properties from events where workspace_id = ${workspaceId}
      order by received_at desc limit ${EVENT_SAMPLE})
    select s.type, count(*)::int as seen,
           (select array_agg(distinct k order by k) from sample s2, jsonb_object_keys(s2.properties) k
            where s2.type = s.type) as properties
    from sample s group by s.type order by seen desc, s.type limit 200`;
  const events = rows.map((r) => ({ type: r.type, seen: r.seen, properties: r.properties ?? [] }));
  const paths = new Set<string>(['contact.id', 'event.type', 'event.timestamp']);
  for (const { key } of contact) paths.add(`contact.${key}`);
  for (const event of events) for (const key of event.properties) paths.add(`event.properties.${key}`);
  return { contact, events, paths: [...paths].sort() };
}
