-- effects_undelivered (migration 070) is meant for the stranded-delivery sweep
-- (deliver/strandedDeliveries.ts): the few ledger rows still pending or sending. Its predicate named
-- only `state`, so the planner also took it for any statement with `state = 'sending'` or
-- `state = 'pending'` beside a list of ids (the claim, the mark before an email's body, the mark
-- after it), estimating a handful of rows. Between vacuums it holds an entry for every row that was
-- pending or sending (leaving that state does not remove the entry), so under load such a bitmap
-- scan read ~9,000 entries and hundreds of heap pages to update 5 rows (auto_explain in the bench at
-- 15,000 contacts: 2–4 ms a statement instead of ~0.1 ms through the primary key).
-- The predicate now also names the kinds the sweep asks for, which those statements do not: the
-- planner cannot use the index for them any more, and the sweep's query still matches it.
drop index effects_undelivered;
create index effects_undelivered on effects (created_at)
  where state in ('pending', 'sending') and kind in ('email', 'handoff', 'contact-update');
