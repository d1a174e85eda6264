-- Scheduled triggers (issue 14; ingest/scheduledRuns.ts). One row per run of a live version that
-- starts on a schedule, named by its slot (the local wall time, e.g. 2026-12-24T09:00): planned by
-- the worker's sweep with its job in the same transaction, then worked by that job. A contact is
-- enrolled by a `schedule.run` event whose id names workflow, version, slot and contact, so a run
-- retried after a crash stores and enrols nobody twice; the counts move in the transaction that
-- stores the events, so they are exact too.
create table scheduled_runs (
  workspace_id uuid not null,
  workflow_id uuid not null,
  version int not null,
  slot text not null,
  segment_name text not null,
  -- When the run starts and (contact time zones) when the last zone reaches the slot.
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  state text not null default 'planned' check (state in ('planned', 'running', 'done', 'skipped')),
  -- Contacts of the segment the run stored an event for, and how many of them it enrolled
  -- (re-entry rules may leave some out).
  contacts int not null default 0,
  enrolled int not null default 0,
  note text,
  planned_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (workflow_id, version, slot)
);

-- The journey's run history, newest first.
create index scheduled_runs_workflow on scheduled_runs (workspace_id, workflow_id, starts_at desc);
