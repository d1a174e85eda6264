-- Issue 19 (cost of growth): a sent message is stored as what composes it again, not as its HTML,
-- text and headers, which were ~2.3 KB of every contact's ~7 KB. The rendered subject, html and text
-- are already on the ledger row (effects.prepared, migration 080); `composed` adds what composing
-- took besides them: { "v": 1, "sender": { fromName, fromEmail, replyTo?, postalAddress },
-- "publicUrl" } (tracking URLs are signed from the instance secret and the row's ids, footer and
-- headers from the effect's node). deliver/storedMessage.ts composes it again for GET /v1/messages,
-- byte for byte the message SMTP got. Rows with `composed` null keep the full form: those written
-- before, and those whose ledger row carries no rendering (an operator's resend renders again at
-- delivery, and materialises the message it replaces first).
alter table messages add column composed jsonb;
