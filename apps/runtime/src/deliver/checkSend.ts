import { DateTime, Duration } from 'luxon';
import {
  decideSend,
  effectiveCap,
  type GuardrailPolicy,
  type GuardrailReason,
  type SendDecision,
} from '../channels/guardrails/index.js';
import type { Queryable } from '../db/connect.js';
import { loadChannelSettings } from './channelSettings.js';
import { isSuppressed } from './suppressions.js';

export type SendCheck =
  | SendDecision
  | { action: 'skip'; reason: { code: 'suppressed'; summary: string; details: Record<string, unknown> } };

export interface SendCheckInput {
  workspaceId: string;
  contactId: string;
  /** The address the email would go to (suppression by address). */
  email: string | null;
  category: 'marketing' | 'transactional';
  /** The journey's graph `settings.frequencyCap`, if it has one. */
  journeyCap?: { maxSends: number; window: string } | undefined;
  /** The contact's `timezone` attribute. */
  contactTimezone?: unknown;
  now: Date;
  /** The workspace's guardrails when the caller has just read them; read here otherwise. */
  policy?: GuardrailPolicy;
}

/**
 * Everything that decides whether an email goes out now, for the delivery step: suppression
 * (every category), then the workspace's guardrails for marketing email with their inputs read
 * from the ledger and events (sends across all journeys, whether recent sends were opened, a
 * stop-marketing handoff). Call it inside the delivery transaction, before claiming the send; the
 * current email must not count yet (it is still `pending`). `reason` goes into the trace.
 *
 * @example
 * ```ts
 * const check = await checkSend(tx, { workspaceId, contactId, email: to, category, journeyCap, contactTimezone: contact.timezone, now: new Date() });
 * if (check.action === 'skip') ...; if (check.action === 'defer') reschedule(check.until);
 * ```
 */
export async function checkSend(sql: Queryable, input: SendCheckInput): Promise<SendCheck> {
  // Issued together so postgres.js pipelines them (one round trip); the reads wait for the answer.
  const marketing = input.category !== 'transactional' ? guardrailReads(sql, input) : undefined;
  // A rejected read is awaited below or dropped here; never an unhandled rejection.
  marketing?.catch(() => {});
  const suppression = await isSuppressed(sql, input.workspaceId, {
    contactId: input.contactId,
    email: input.email,
  });
  return checkFromReads(input, suppression, marketing);
}

/**
 * checkSend's decision from reads already issued (deliver/emailClaim.ts reads the suppressions of
 * a chunk of emails in one statement): suppression first, whatever the category, then the
 * guardrails from `guardrailReads` for marketing email.
 */
export async function checkFromReads(
  input: SendCheckInput,
  suppression: Awaited<ReturnType<typeof isSuppressed>>,
  marketing: ReturnType<typeof guardrailReads> | undefined,
): Promise<SendCheck> {
  if (suppression.suppressed) {
    return {
      action: 'skip',
      reason: {
        code: 'suppressed',
        summary: `Not sent: the contact is suppressed (${suppression.reason})`,
        details: {
          suppressionId: suppression.id,
          reason: suppression.reason,
          since: suppression.at.toISOString(),
        },
      },
    };
  }
  if (marketing === undefined) return { action: 'send' };
  const { policy, rows } = await marketing;
  const stop = rows.find((r) => r.part === 'stop');
  const inWindow = rows.filter((r) => r.part === 'window') as { at: Date }[];
  const recent = rows.filter((r) => r.part === 'recent') as { at: Date; flag: boolean }[];
  return decideSend({
    policy,
    journeyCap: input.journeyCap,
    sendsInWindow: inWindow.map((r) => r.at),
    lastSendsOpened: recent.map((r) => r.flag),
    lastSendAt: recent[0]?.at,
    contactTimezone: input.contactTimezone,
    now: input.now,
    stopMarketing: stop?.flag ?? false,
    category: input.category,
  });
}

/**
 * One statement (a round trip each costs more than these index lookups): the stop-marketing flag,
 * sends in the cap window (sent, being sent, or possibly sent: all count), the last sends and
 * whether each was opened.
 */
export async function guardrailReads(sql: Queryable, input: SendCheckInput) {
  const { workspaceId, contactId, now } = input;
  const policy = input.policy ?? (await loadChannelSettings(sql, workspaceId)).guardrails;
  const window = effectiveCap(policy, input.journeyCap)?.window;
  const since = window
    ? DateTime.fromJSDate(now, { zone: 'utc' }).minus(Duration.fromISO(window)).toJSDate()
    : now;
  const recentCount = policy.fatigue?.noOpensInLastSends ?? 1;
  const rows = await sql<{ part: 'stop' | 'window' | 'recent'; at: Date | null; flag: boolean | null }[]>`
    select 'stop' as part, null::timestamptz as at, exists (
      -- The contact's own rows first ("offset 0" keeps the kind out of that scan): with the kind
      -- in it, effects_handoff_owner (handoffs by workspace) matched too and, planned while the
      -- ledger was small, was kept, then read every handoff of the workspace for each email.
      select 1 from (
        select kind, payload from effects where workspace_id = ${workspaceId} and contact_id = ${contactId} offset 0
      ) mine
      where mine.kind = 'handoff' and (mine.payload ->> 'stopMarketing')::boolean is true
    ) as flag, 0::bigint as ord
    union all
    select 'window', coalesce(sent_at, updated_at), null, 0 from effects
    where workspace_id = ${workspaceId} and contact_id = ${contactId} and kind = 'email'
      and state in ('sent', 'sending', 'ambiguous')
      and coalesce(payload ->> 'category', 'marketing') <> 'transactional'
      and coalesce(sent_at, updated_at) > ${since}
    union all
    (select 'recent', f.sent_at, exists (
        select 1 from events e
        where e.workspace_id = ${workspaceId} and e.contact_id = ${contactId} and e.type = 'email.opened'
          and e.properties ->> 'messageKey' = f.id::text
      ), row_number() over (order by f.sent_at desc)
      from effects f
      where f.workspace_id = ${workspaceId} and f.contact_id = ${contactId} and f.kind = 'email'
        and f.state = 'sent' and coalesce(f.payload ->> 'category', 'marketing') <> 'transactional'
      order by f.sent_at desc
      limit ${recentCount})
    order by part, ord`;
  return { policy, rows };
}

export type { GuardrailReason };
