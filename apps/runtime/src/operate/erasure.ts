import { randomUUID } from 'node:crypto';
import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { removeTimeouts } from '../queue/jobs.js';
import { eraseChannelData } from './channelErasure.js';

export interface ErasureResult {
  /** Pseudonym the contact's rows now carry (kept for counts and stats). */
  pseudonym: string;
  counts: Record<string, number>;
}

/**
 * Erases a contact's personal data everywhere, in one transaction: the contact row, its events and
 * messages are deleted; enrollments, trace rows and ledger rows stay for the workflow's counts but
 * carry a random pseudonym instead of the contact id and lose their payloads (trace reasons record
 * the values rules read; ledger payloads hold rendered content). Live journeys end as exited and
 * pending effects fail. The audit entry names the pseudonym, never the contact.
 * Returns undefined when the workspace knows nothing about the contact.
 */
export async function eraseContact(
  sql: Sql,
  workspaceId: string,
  contactId: string,
  actor: string,
): Promise<ErasureResult | undefined> {
  return sql.begin(async (tx) => {
    const pseudonym = `erased:${randomUUID()}`;
    const live = await tx<{ id: string }[]>`
      select id from enrollments where workspace_id = ${workspaceId} and contact_id = ${contactId} and ended_at is null
      for update`;
    await removeTimeouts(
      tx,
      live.map((e) => String(e.id)),
    );
    const enrollments = await tx<{ id: string }[]>`
      update enrollments set contact_id = ${pseudonym}, event_id = null, wait_event = null, wait_until = null,
        visit = visit + 1, state = case when ended_at is null then 'exited' else state end,
        error = case when ended_at is null then 'contact erased' else error end, ended_at = coalesce(ended_at, now())
      where workspace_id = ${workspaceId} and contact_id = ${contactId}
      returning id`;
    // Steps through their enrolments (migration 250: only steps without one are indexed by contact).
    const steps = await tx`
      update journey_steps set contact_id = ${pseudonym}, reason = null
      where workspace_id = ${workspaceId}
        and (enrollment_id = any(${enrollments.map((e) => e.id)}::bigint[])
             or (enrollment_id is null and contact_id = ${contactId}))`;
    // A stored message is found through its ledger row (by contact: effects_contact_kind), before the
    // row names the pseudonym; messages have no index by contact of their own (migration 230).
    const messages = await tx`
      delete from messages m using effects f
      where m.effect_id = f.id and f.workspace_id = ${workspaceId} and f.contact_id = ${contactId}`;
    // What the walk rendered (address, body) is kept beside the ledger row since migration 230.
    await tx`
      delete from effect_renderings r using effects f
      where r.effect_id = f.id and f.workspace_id = ${workspaceId} and f.contact_id = ${contactId}`;
    // Tracked messages are found through the ledger rows, before those name the pseudonym.
    const channels = await eraseChannelData(tx, workspaceId, contactId, pseudonym);
    const effects = await tx`
      update effects set contact_id = ${pseudonym}, payload = jsonb_build_object('kind', kind, 'erased', true),
        prepared = null, templates = null,
        state = case when state = 'pending' then 'failed' else state end,
        last_error = case when state = 'pending' then 'contact erased' else last_error end, updated_at = now()
      where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
    // Their idempotency keys go too (migration 225): ids may name the contact.
    const [events] = await tx<{ count: number }[]>`
      with gone as (delete from events where workspace_id = ${workspaceId} and contact_id = ${contactId} returning id),
      keys as (delete from event_keys k using gone where k.workspace_id = ${workspaceId} and k.id = gone.id)
      select count(*)::int as count from gone`;
    await tx`delete from segment_clocks where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
    const contacts = await tx`delete from contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
    const counts = {
      contacts: contacts.count,
      events: events!.count,
      enrollments: enrollments.count,
      steps: steps.count,
      effects: effects.count,
      messages: messages.count,
      trackedMessages: channels.trackedMessages,
    };
    if (Object.values(counts).every((n) => n === 0)) return undefined;
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'contact.erased',
      subject: pseudonym,
      details: counts,
    });
    return { pseudonym, counts };
  });
}
