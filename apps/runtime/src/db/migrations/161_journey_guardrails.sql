-- Guardrails that act (issue 15): per journey, thresholds on the unsubscribe, email failure and
-- complaint/bounce rates of each live version's emails, over a minimum sample. The worker's
-- monitor pauses the journey (or sends a rollout back to 0%) when one is crossed, and records the
-- trip here with its figures (the audit log has it too); the editor shows the latest.
create table journey_guardrails (
  workflow_id uuid primary key references workflows (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  -- Fractions 0–1; null turns a threshold off.
  max_unsubscribe_rate numeric(6, 5) check (max_unsubscribe_rate between 0 and 1),
  max_failure_rate numeric(6, 5) check (max_failure_rate between 0 and 1),
  max_complaint_rate numeric(6, 5) check (max_complaint_rate between 0 and 1),
  min_sample integer not null default 100 check (min_sample >= 1),
  updated_at timestamptz not null default now()
);

create table guardrail_trips (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  workflow_id uuid not null,
  version integer not null,
  -- 'paused': the journey; 'rollout-stopped': the rollout of `version` went back to 0%.
  action text not null check (action in ('paused', 'rollout-stopped')),
  metric text not null check (metric in ('unsubscribe', 'failure', 'complaint')),
  rate double precision not null,
  threshold double precision not null,
  sample integer not null,
  at timestamptz not null default now()
);
create index guardrail_trips_workflow on guardrail_trips (workflow_id, at desc);
