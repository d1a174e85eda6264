import type { TransactionSql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { checkFromReads, guardrailReads, type SendCheck, type SendCheckInput } from './checkSend.js';
import { traceDelivery } from './deliveryTrace.js';
import { type EffectRow, type Prepared, storedHeaders } from './prepareEmail.js';
import { normalizeEmail, type SuppressionReason } from './suppressions.js';

/** Advisory lock class for per-contact send checks (7270 is the worker liveness lock class). */
const SEND_LOCK = 7271;

/** A pending email whose message is composed, ready for its claim. */
export type Ready = { effect: EffectRow; prepared: Exclude<Prepared, { error: string }> };

/** What the claim did: taken by another delivery, skipped, deferred, or claimed (attempt n). */
export type Claim = { taken: true } | { skipped: true } | { deferred: string } | { attempts: number };

/** The key of a contact's send lock: one contact's emails are checked and claimed one at a time. */
export const lockKey = (effect: EffectRow) => `${effect.workspaceId}:${effect.contactId}`;

/**
 * Checks and claims emails of distinct contacts (in lockKey order) in the caller's transaction, in
 * a fixed number of statements whatever their count (issue 19: per email, the lock, the row lock,
 * the suppression read, the claim, the stored message and its tracking were six): the contacts'
 * send locks; then the rows locked with their suppressions (a statement of its own, so its snapshot
 * is taken under the locks and sees any claim or suppression committed before them), with the
 * guardrail reads of marketing emails pipelined behind it; then one statement that claims those
 * that may go and stores their messages and tracking. Skips and deferrals (rare) are written one
 * by one. One contact's emails are still checked one at a time, so two emails queued together
 * cannot both pass a frequency cap of one.
 */
export async function claimEmails(
  tx: TransactionSql,
  deps: { claimant: () => number | null },
  items: readonly Ready[],
): Promise<Claim[]> {
  if (items.length === 0) return [];
  const ids = items.map((item) => String(item.effect.id));
  // postgres.js sends a query when it is awaited: execute() puts these on the wire in this order,
  // and the server runs them in order, so the reads below follow the locks.
  const locks = tx`
    select pg_advisory_xact_lock(${SEND_LOCK}, hashtext(x.key))
    from unnest(${items.map((item) => lockKey(item.effect))}::text[]) with ordinality as x(key, ord)
    order by x.ord`.execute();
  const rows = tx<RowCheck[]>`
    select x.ord::int, f.state, s.id as suppression_id, s.reason, s.at
    from unnest(${ids}::bigint[], ${items.map((item) => normalizeEmail(item.prepared.to))}::text[])
      with ordinality as x(id, email, ord)
    join effects f on f.id = x.id
    left join lateral (
      select id, reason, at from suppressions
      where workspace_id = f.workspace_id and (contact_id = f.contact_id or email = x.email)
      order by at limit 1) s on true
    for update of f`.execute();
  const inputs = items.map(checkInput);
  const marketing = inputs.map((input) => {
    if (input.category === 'transactional') return undefined;
    const reads = guardrailReads(tx, input);
    reads.catch(() => {});
    return reads;
  });
  const [, checked] = await Promise.all([locks, rows]);
  const byOrd = new Map(checked.map((row) => [row.ord, row]));
  const claims: Array<Claim | undefined> = [];
  const sending: number[] = [];
  for (const [i, item] of items.entries()) {
    const row = byOrd.get(i + 1);
    if (row?.state !== 'pending') {
      claims[i] = { taken: true };
      continue;
    }
    const suppression = row.suppressionId
      ? { suppressed: true as const, id: String(row.suppressionId), reason: row.reason!, at: row.at! }
      : { suppressed: false as const };
    const check = await checkFromReads(inputs[i]!, suppression, marketing[i]);
    if (check.action === 'send') sending.push(i);
    else claims[i] = await skipOrDefer(tx, item, check);
  }
  const claimed = await claimAndStore(
    tx,
    deps,
    sending.map((i) => items[i]!),
  );
  for (const i of sending) {
    const attempts = claimed.get(String(items[i]!.effect.id));
    if (attempts === undefined) throw new Error(`effect ${items[i]!.effect.id} was claimed while locked`);
    claims[i] = { attempts };
  }
  return claims as Claim[];
}

interface RowCheck {
  ord: number;
  state: string;
  suppressionId: string | null;
  reason: SuppressionReason | null;
  at: Date | null;
}

function checkInput({ effect, prepared }: Ready): SendCheckInput {
  return {
    workspaceId: effect.workspaceId,
    contactId: effect.contactId,
    email: prepared.to,
    category: effect.payload.category ?? 'marketing',
    journeyCap: prepared.journeyCap,
    contactTimezone: prepared.contactTimezone,
    now: new Date(),
    policy: prepared.guardrails,
  };
}

/** A skip or a deferral, with its trace row (and a deferral's job), as its check said. */
async function skipOrDefer(
  tx: TransactionSql,
  { effect }: Ready,
  check: Exclude<SendCheck, { action: 'send' }>,
): Promise<Claim> {
  const effectId = String(effect.id);
  if (check.action === 'skip') {
    await tx`update effects set state = 'skipped', last_error = ${check.reason.summary}, updated_at = now()
             where id = ${effectId}`;
    await traceDelivery(tx, effect, 'skipped', check.reason, { code: check.reason.code });
    return { skipped: true };
  }
  const until = check.until.toISOString();
  await tx`update effects set last_error = ${`Deferred until ${until}: ${check.reason.summary}`},
             updated_at = now()
           where id = ${effectId}`;
  await traceDelivery(
    tx,
    effect,
    'deferred',
    { summary: `${check.reason.summary}; deferred until ${until}`, details: check.reason.details },
    { code: check.reason.code, until },
  );
  await addJobs(tx, [{ task: TASKS.deliverEmail, payload: { effectId }, runAt: check.until }]);
  return { deferred: until };
}

/**
 * The claims, the stored messages (the ones SMTP gets, with footer, pixel and tracked links: in
 * full, or as what composes them again) and their tracking (tracked_messages, message_links), in one statement. The rows are
 * locked and pending, so every claim takes; returns the attempt number of each claimed id.
 */
async function claimAndStore(
  tx: TransactionSql,
  deps: { claimant: () => number | null },
  items: readonly Ready[],
): Promise<Map<string, number>> {
  if (items.length === 0) return new Map();
  const messages = items.map(({ effect, prepared }) => {
    const { message } = prepared;
    return {
      workspace_id: effect.workspaceId,
      effect_id: String(effect.id),
      workflow_id: effect.workflowId,
      version: effect.version,
      node_id: effect.nodeId,
      contact_id: effect.contactId,
      message_id: message.messageId,
      to_address: prepared.to,
      from_address: prepared.from,
      subject: String(message.subject ?? ''),
      // What composes the message again (storedMessage.ts) instead of its html, text and headers,
      // when the ledger row keeps the rendering it was composed from.
      ...(prepared.composed
        ? { html: null, text: null, headers: {}, composed: prepared.composed }
        : {
            html: typeof message.html === 'string' ? message.html : null,
            text: typeof message.text === 'string' ? message.text : null,
            headers: storedHeaders(message),
            composed: null,
          }),
      reply_token: prepared.tracking.replyToken,
    };
  });
  const links = items.flatMap(({ effect, prepared }) =>
    prepared.trackedUrls.map((url, idx) => ({
      workspace_id: effect.workspaceId,
      message_key: String(effect.id),
      idx,
      url,
    })),
  );
  const rows = await tx<{ id: string; attempts: number }[]>`
    with claimed as (
      update effects f set state = 'sending', attempts = f.attempts + 1, claimed_by = ${deps.claimant()},
        smtp_data_at = null, updated_at = now()
      where f.id = any(${messages.map((m) => m.effect_id)}::bigint[]) and f.state = 'pending'
      returning f.id, f.attempts, f.created_at),
    m as (
      select x.*, md5(x.composed::text)::uuid as composed_key from jsonb_to_recordset(${tx.json(messages as never)})
        as x(workspace_id uuid, effect_id bigint, workflow_id uuid, version int, node_id text, contact_id text,
             message_id text, to_address text, from_address text, subject text, html text, text text,
             headers jsonb, composed jsonb, reply_token text)),
    -- What composes a message besides its rendering (sender, public URL) is the same for every email
    -- of a workspace until its settings change: stored once (ledgerParts.ts), in hash order.
    shared as (
      insert into shared_payloads (workspace_id, hash, value)
      select distinct workspace_id, composed_key, composed from m where composed is not null
      order by 1, 2
      on conflict do nothing),
    stored as (
      insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address,
                            from_address, subject, html, text, headers, composed_key)
      select workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address, from_address,
             subject, html, text, headers, composed_key
      from m join claimed c on c.id = m.effect_id
      -- One message per effect: only its claimer writes it, once (a resend keeps the first one).
      -- \`messages\` is partitioned by created_at (migration 225): none is older than its effect.
      where not exists (select 1 from messages s where s.effect_id = m.effect_id and s.created_at >= c.created_at)),
    tracked as (
      insert into tracked_messages (workspace_id, message_key, contact_id, workflow_id, version, node_id, reply_token)
      select workspace_id, effect_id::text, contact_id, workflow_id, version, node_id, reply_token from m
      on conflict do nothing),
    linked as (
      insert into message_links (workspace_id, message_key, idx, url)
      select workspace_id, message_key, idx, url
      from jsonb_to_recordset(${tx.json(links as never)}) as l(workspace_id uuid, message_key text, idx int, url text)
      on conflict do nothing)
    select id::text, attempts from claimed`;
  return new Map(rows.map((row) => [row.id, row.attempts]));
}
