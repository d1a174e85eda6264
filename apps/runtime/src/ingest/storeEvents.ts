import type { PendingQuery, Row } from 'postgres';
import type { TransactionSql } from '../db/connect.js';

/**
 * Rows to store, as a query fragment selecting the columns
 * `(id, contact_id, type, properties, occurred_at)` in this order (cast here: parameters may be untyped).
 */
export type EventRows = PendingQuery<Row[]>;

/** An event row as stored (`returning`). */
export interface StoredRow {
  id: string;
  contactId: string;
  type: string;
  properties: Record<string, unknown>;
}

/**
 * Inserts events and their idempotency keys in one statement (migration 225): `events` is
 * partitioned by week and cannot hold a unique (workspace_id, id), so `event_keys` does, and is
 * written by the same statement, in key order (concurrent batches lock keys in the same order).
 *
 * `skip-duplicates`: an id stored before (or repeated in `rows`: the first one wins) is left out,
 * and the stored rows are returned. `all-new`: a plain insert that fails with a unique violation
 * (23505, on `event_keys_pkey`) on any repeated id, and returns nothing; cheaper when ids are new.
 */
export function insertEvents(
  tx: TransactionSql,
  workspaceId: string,
  rows: EventRows,
  mode: 'skip-duplicates' | 'all-new',
): PendingQuery<StoredRow[]> {
  if (mode === 'all-new') {
    return tx<StoredRow[]>`
      with x as (
        select id::text, contact_id::text, type::text, properties::jsonb, occurred_at::timestamptz
        from (${rows}) as r(id, contact_id, type, properties, occurred_at)),
      keys as (insert into event_keys (workspace_id, id) select ${workspaceId}::uuid, id from x order by id)
      insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
      select ${workspaceId}, id, contact_id, type, properties, occurred_at from x`;
  }
  return tx<StoredRow[]>`
    with x as (
      select distinct on (id) id::text, contact_id::text, type::text, properties::jsonb, occurred_at::timestamptz
      from (select r.*, row_number() over () as n
            from (${rows}) as r(id, contact_id, type, properties, occurred_at)) as numbered
      order by id, n),
    keys as (
      insert into event_keys (workspace_id, id) select ${workspaceId}::uuid, id from x order by id
      on conflict do nothing returning id)
    insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
    select ${workspaceId}, x.id, x.contact_id, x.type, x.properties, x.occurred_at from x join keys using (id)
    returning id, contact_id, type, properties`;
}
