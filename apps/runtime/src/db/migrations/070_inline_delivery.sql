-- Deliveries run in the job whose walk wrote them, right after its commit, instead of in a job of
-- their own (one queue hop and one NOTIFY commit less per email or handoff). What a crash strands
-- is found by every worker's sweep:
--   claimed_by: the liveness lock id (worker_processes.lock_id) of the pool that claimed the row,
--               so a row being sent by a live worker is told from one whose worker died;
--   effects_undelivered: the few rows still pending or sending, without scanning the ledger.
alter table effects add column claimed_by bigint;
create index effects_undelivered on effects (created_at) where state in ('pending', 'sending');
