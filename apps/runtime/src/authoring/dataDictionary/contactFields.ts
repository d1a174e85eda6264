import type { Queryable } from '../../db/connect.js';
import { ISO_DATE_PATTERN, inferType, type TypeCounts } from './inferType.js';

export interface SampledField {
  key: string;
  seen: number;
  type: ReturnType<typeof inferType>;
  /** The text values seen, most common first, when there are at most `ENUM_LIMIT` of them. */
  values?: string[];
}

/** Contacts sampled (the most recently updated): the vocabulary, not exact counts. */
export const CONTACT_SAMPLE = 2000;
/** A text field with at most this many distinct values is offered as a choice. */
export const ENUM_LIMIT = 20;

/**
 * Contact attributes seen in the newest contacts, with their inferred types and, for text with few
 * values (plan, industry, lifecycle stage), those values.
 */
export async function contactFields(sql: Queryable, workspaceId: string): Promise<SampledField[]> {
  const rows = await sql<Array<TypeCounts & { key: string; seen: number; values: string[] | null }>>`
    with sample as (
      select attributes from contacts where workspace_id = ${workspaceId}
      order by updated_at desc limit ${CONTACT_SAMPLE}),
    pairs as (select key, value from sample, jsonb_each(sample.attributes)),
    texts as (
      select key, value #>> '{}' as text, count(*) as n from pairs
      where jsonb_typeof(value) = 'string' and length(value #>> '{}') <= 100
      group by key, value #>> '{}'),
    enums as (
      select key, array_agg(text order by n desc, text) as values from texts
      group by key having count(*) <= ${ENUM_LIMIT})
    select p.key, count(*)::int as seen,
      count(*) filter (where jsonb_typeof(value) = 'number')::int as numbers,
      count(*) filter (where jsonb_typeof(value) = 'string')::int as strings,
      count(*) filter (where jsonb_typeof(value) = 'string' and value #>> '{}' ~ ${ISO_DATE_PATTERN})::int as dates,
      count(*) filter (where jsonb_typeof(value) = 'boolean')::int as booleans,
      count(*) filter (where jsonb_typeof(value) = 'array')::int as arrays,
      count(*) filter (where jsonb_typeof(value) = 'object')::int as objects,
      (select values from enums e where e.key = p.key) as values
    from pairs p group by p.key order by seen desc, p.key limit 500`;
  return rows.map((r) => {
    const type = inferType(r);
    return type === 'text' && r.values
      ? { key: r.key, seen: r.seen, type, values: r.values }
      : { key: r.key, seen: r.seen, type };
  });
}
