-- Issue 19 (cost of growth): an email's ledger row carried its node's templates (subject, html,
-- text, from, reply-to, the reason line) in `payload`: the same ~400 bytes for every contact of a
-- send node, copied again by each of the row's updates on its way out (claim, the mark before the
-- body, sent). They are stored once per workspace and distinct content here, keyed by the md5 of
-- their jsonb text; the row keeps that key (`effects.templates`) and in `payload` what is its own or
-- read in SQL (category, eventId; the kind is its column). deliver/ledgerParts.ts puts them back together for delivery. Rows
-- written before keep their full payload. Not personal data (templates as authored): erasure
-- leaves them. A message's composing record (migration 210: sender, public URL), the same for
-- every email of a workspace, is stored here too (`messages.composed_key`, `composed` null).
create table shared_payloads (
  workspace_id uuid not null,
  hash uuid not null,
  value jsonb not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, hash)
);
alter table effects add column templates uuid;
alter table messages add column composed_key uuid;

-- events_contact (workspace_id, contact_id) is the prefix of events_contact_type_time (migration
-- 030), which serves every read by contact as well: one index entry less per event (~57 bytes).
drop index if exists events_contact;

-- What the walk rendered for delivery (migration 080's `effects.prepared`: an email's to, subject,
-- html and text; a handoff's note) is written once and never changed, but as a column of the ledger
-- row every update copied it (rows under ~2 KB are not toasted, whatever toast_tuple_target says).
-- Kept beside the row instead; `effects.prepared` stays for rows written before (readers take
-- either: deliver/ledgerParts.ts). Cleared (deleted) where `prepared` was set to null: a resend,
-- an erasure.
create table effect_renderings (
  effect_id bigint primary key,
  prepared jsonb not null
);

-- messages_workspace (workspace_id, id desc) serves no statement: the message list pages the ledger
-- (effects_workspace_kind) and joins messages by effect_id; by contact (erasure) and by Message-ID
-- (replies, the catcher) have their own indexes.
drop index if exists messages_workspace;

-- messages_contact (workspace_id, contact_id) served only an erasure, which now finds the contact's
-- messages through their ledger rows (operate/erasure.ts): one index entry less per email.
drop index if exists messages_contact;

-- messages_message_id: a Message-ID is `<effect-<id>@host>` (always was), so replies and the local
-- catcher find the message by its effect_id (unique) and check the whole Message-ID on that row.
drop index if exists messages_message_id;
