-- Channel delivery states on the ledger:
-- 'skipped'  an email the delivery step decided not to send (suppressed, frequency cap, fatigue,
--            stop-marketing); the reason is in last_error and in the contact's trace.
-- 'dead'     a handoff whose CRM webhook failed for good (retries exhausted or a permanent
--            refusal); `POST /v1/handoffs/:id/retry` puts it back to pending.
alter table effects drop constraint effects_state_check;
alter table effects add constraint effects_state_check
  check (state in ('pending', 'sending', 'sent', 'failed', 'ambiguous', 'skipped', 'dead'));

-- Round-robin owner assignment: one counter per (workspace, workflow, node), advanced with
-- `insert … on conflict do update … returning`, so concurrent handoffs never share a turn.
create table round_robin_counters (
  workspace_id uuid not null,
  workflow_id uuid not null,
  node_id text not null,
  turns bigint not null default 0,
  primary key (workspace_id, workflow_id, node_id)
);
