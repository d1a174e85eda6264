import type { Queryable } from '../db/connect.js';

/** Per-contact engagement, the `engagement` root gates read: `{"var": "engagement.opens_30d"}`. */
export interface Engagement {
  last_open_at: string | null;
  last_click_at: string | null;
  last_reply_at: string | null;
  last_send_at: string | null;
  opens_7d: number;
  opens_30d: number;
  opens_90d: number;
  clicks_7d: number;
  clicks_30d: number;
  clicks_90d: number;
  replies_7d: number;
  replies_30d: number;
  replies_90d: number;
  sends_7d: number;
  sends_30d: number;
  sends_90d: number;
  /**
   * Newest occurrence of every event type the contact has, dots in the type replaced by `_` so a
   * rule can name it: `{"var": "engagement.last_event_at.page_viewed"}` for `page.viewed`.
   */
  last_event_at: Record<string, string>;
}

const DAY_MS = 86_400_000;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

interface CountsRow {
  opens7: number;
  opens30: number;
  opens90: number;
  clicks7: number;
  clicks30: number;
  clicks90: number;
  replies7: number;
  replies30: number;
  replies90: number;
}

interface SendsRow {
  last: Date | null;
  sends7: number;
  sends30: number;
  sends90: number;
}

/**
 * Engagement aggregates for one contact as of `now` (events after `now` are ignored, so the
 * simulator's virtual clock works). Three index-backed queries: counts over the last 90 days of
 * email events (events_contact_type_time), the newest time per event type (a skip scan over the
 * same index), and sends from the ledger (effects_contact_kind).
 *
 * @example
 * ```ts
 * const engagement = await loadEngagement(sql, workspaceId, 'c-1', new Date());
 * engagement.opens_30d; // 3
 * ```
 */
export async function loadEngagement(
  sql: Queryable,
  workspaceId: string,
  contactId: string,
  now: Date,
): Promise<Engagement> {
  const d7 = new Date(now.getTime() - 7 * DAY_MS);
  const d30 = new Date(now.getTime() - 30 * DAY_MS);
  const d90 = new Date(now.getTime() - 90 * DAY_MS);
  const [[counts], lastRows, [sends]] = await Promise.all([
    sql<CountsRow[]>`
      select
        count(*) filter (where type = 'email.opened' and occurred_at > ${d7})::int as opens7,
        count(*) filter (where type = 'email.opened' and occurred_at > ${d30})::int as opens30,
        count(*) filter (where type = 'email.opened')::int as opens90,
        count(*) filter (where type = 'email.clicked' and occurred_at > ${d7})::int as clicks7,
        count(*) filter (where type = 'email.clicked' and occurred_at > ${d30})::int as clicks30,
        count(*) filter (where type = 'email.clicked')::int as clicks90,
        count(*) filter (where type = 'email.replied' and occurred_at > ${d7})::int as replies7,
        count(*) filter (where type = 'email.replied' and occurred_at > ${d30})::int as replies30,
        count(*) filter (where type = 'email.replied')::int as replies90
      from events
      where workspace_id = ${workspaceId} and contact_id = ${contactId}
        and type in ('email.opened', 'email.clicked', 'email.replied')
        and occurred_at > ${d90} and occurred_at <= ${now}`,
    // Newest per type by walking the index type by type (a recursive skip scan): cheap even for
    // contacts with many events of few types.
    sql<{ type: string; last: Date }[]>`
      with recursive types(type) as (
        (select type from events where workspace_id = ${workspaceId} and contact_id = ${contactId}
         order by type limit 1)
        union all
        select (select e.type from events e
                where e.workspace_id = ${workspaceId} and e.contact_id = ${contactId} and e.type > t.type
                order by e.type limit 1)
        from types t where t.type is not null
      )
      select t.type,
             (select max(occurred_at) from events e
              where e.workspace_id = ${workspaceId} and e.contact_id = ${contactId} and e.type = t.type
                and e.occurred_at <= ${now}) as last
      from types t where t.type is not null`,
    sql<SendsRow[]>`
      select max(sent_at) as last,
             count(*) filter (where sent_at > ${d7})::int as sends7,
             count(*) filter (where sent_at > ${d30})::int as sends30,
             count(*) filter (where sent_at > ${d90})::int as sends90
      from effects
      where workspace_id = ${workspaceId} and contact_id = ${contactId} and kind = 'email'
        and state = 'sent' and sent_at <= ${now}`,
  ]);
  const c = counts as CountsRow;
  const s = sends as SendsRow;
  const lastEventAt: Record<string, string> = {};
  for (const row of lastRows) {
    if (!row.last) continue;
    const key = row.type.replaceAll('.', '_');
    const at = row.last.toISOString();
    if (!lastEventAt[key] || lastEventAt[key] < at) lastEventAt[key] = at;
  }
  const lastOf = (type: string) => lastEventAt[type] ?? null;
  return {
    last_open_at: lastOf('email_opened'),
    last_click_at: lastOf('email_clicked'),
    last_reply_at: lastOf('email_replied'),
    last_send_at: iso(s.last),
    opens_7d: c.opens7,
    opens_30d: c.opens30,
    opens_90d: c.opens90,
    clicks_7d: c.clicks7,
    clicks_30d: c.clicks30,
    clicks_90d: c.clicks90,
    replies_7d: c.replies7,
    replies_30d: c.replies30,
    replies_90d: c.replies90,
    sends_7d: s.sends7,
    sends_30d: s.sends30,
    sends_90d: s.sends90,
    last_event_at: lastEventAt,
  };
}
