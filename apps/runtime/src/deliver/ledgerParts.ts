// The parts of a ledger row (`effects`) stored apart (migration 230), so that the row its delivery
// updates three times stays small: an email's templates, the same for every contact of its send
// node, once per content (`shared_payloads`, the row keeps their key in `effects.templates`), and
// what the walk rendered for delivery, once per row (`effect_renderings`). Also a message's
// composing record, the same for every email of a workspace (`messages.composed_key`).

/**
 * The email payload keys stored once per distinct content; the row's payload keeps eventId and
 * category (send checks read it in SQL: deliver/checkSend.ts), and `kind` is its column.
 */
export const SHARED_EMAIL_KEYS = ['subject', 'html', 'text', 'from', 'replyTo', 'reason'] as const;

/**
 * SQL (a select-list expression) for the full payload of ledger row `alias`: its own keys with the
 * kind and the templates put back. Rows written before migration 230 carry them themselves.
 */
export const fullPayload = (alias: string) => `case when ${alias}.templates is not null then
    ${alias}.payload || jsonb_build_object('kind', ${alias}.kind) || coalesce((select sp.value from shared_payloads sp
      where sp.workspace_id = ${alias}.workspace_id and sp.hash = ${alias}.templates), '{}')
    else ${alias}.payload end`;

/**
 * SQL (a select-list expression) for `messages.composed` of row `alias`: stored once per workspace
 * and content since migration 230 (the row keeps `composed_key`), on the row before.
 */
export const sharedComposed = (alias: string) => `case when ${alias}.composed_key is not null then
    (select sp.value from shared_payloads sp
      where sp.workspace_id = ${alias}.workspace_id and sp.hash = ${alias}.composed_key)
    else ${alias}.composed end`;

/**
 * SQL (a select-list expression) for what the walk rendered for ledger row `alias` (null: nothing,
 * or cleared for a resend): beside the row since migration 230, on it before.
 */
export const rendering = (alias: string) =>
  `coalesce(${alias}.prepared, (select r.prepared from effect_renderings r where r.effect_id = ${alias}.id))`;

/**
 * The ledger row a Message-ID names (`<effect-<id>@host>`, prepareEmail.ts' `messageIdFor`, the only
 * form ever written), or null. Messages are found by it through `messages.effect_id` (unique): an
 * index on `message_id` would cost every email another entry (dropped in migration 230).
 */
export function effectOfMessageId(messageId: string): string | null {
  return /^<effect-(\d{1,18})@[^>]*>$/.exec(messageId.trim())?.[1] ?? null;
}
