-- What the walk decided for delivery, written with the effect in the walk's transaction, so a
-- delivery reads its ledger row (and what must be fresh: the workspace's channel settings,
-- suppressions and the guardrails' counts) instead of the contact, the event and the graph again:
--   email:   { to, subject, html, text, timezone, frequencyCap }, rendered with the contact and
--            event the walk read, or { error } (no address, a template that does not render);
--   handoff: { note }, rendered likewise.
-- Null for rows written before this migration and for an email an operator resends: delivery
-- renders those from the database as it did before (deliver/renderAgain.ts). Erasure clears it.
alter table effects add column prepared jsonb;
