-- Execution: events, enrollments, the journey trace, the effects ledger (outbox) and sent messages.
-- Hot tables carry no foreign keys: rows are written in the same transaction as what they refer
-- to, and erasure deletes or anonymises them explicitly (see services/erasure.ts).

create table events (
  workspace_id uuid not null,
  -- The client's id (idempotent ingestion) or one generated at ingest.
  id text not null,
  contact_id text not null,
  type text not null,
  properties jsonb not null default '{}'::jsonb,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
create index events_contact on events (workspace_id, contact_id);

-- One contact's journey through one pinned workflow version. Kept small: a parked row holds
-- where it waits, not the graph (the graph lives once in workflow_versions).
create table enrollments (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  workflow_id uuid not null,
  version integer not null,
  contact_id text not null,
  reentry text not null check (reentry in ('once', 'after-exit', 'always')),
  state text not null default 'active'
    check (state in ('active', 'waiting', 'completed', 'converted', 'exited', 'failed')),
  -- The node to run next (active) or the node parked on (waiting).
  node_id text not null,
  -- Bumped by every transition; jobs carry the visit they expect, so stale jobs are no-ops.
  visit integer not null default 0,
  -- The event being processed: the trigger, then the event that resumed a wait.
  event_id text,
  -- Parked on an event: its type (the rule stays in the graph) and the timeout.
  wait_event text,
  wait_until timestamptz,
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  error text
);
-- Re-entry is enforced by the database, not by check-then-insert:
-- 'once': one enrollment per (workflow, contact), ever.
create unique index enrollments_reentry_once on enrollments (workflow_id, contact_id) where reentry = 'once';
-- 'after-exit': at most one that has not ended.
create unique index enrollments_reentry_after_exit on enrollments (workflow_id, contact_id)
  where reentry = 'after-exit' and ended_at is null;
-- Live enrollments of a contact: event resume (wait_event) and goal conversion look here.
create index enrollments_live on enrollments (workspace_id, contact_id, wait_event) where ended_at is null;
create index enrollments_workflow on enrollments (workflow_id, version, node_id) where ended_at is null;

-- The trace: one row per node executed (or resumed, or converted).
create table journey_steps (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  enrollment_id bigint not null,
  workflow_id uuid not null,
  version integer not null,
  contact_id text not null,
  node_id text not null,
  node_type text not null,
  visit integer not null,
  at timestamptz not null default now(),
  output text,
  decision jsonb,
  reason jsonb
);
create index journey_steps_contact on journey_steps (workspace_id, contact_id, id);
create index journey_steps_workflow on journey_steps (workflow_id, version, node_id);
create index journey_steps_enrollment on journey_steps (enrollment_id);

-- The effects ledger (outbox). One row per effect, keyed by (enrollment, node, visit): a retried
-- step cannot write a second one, and delivery jobs move it pending → sending → sent|failed|ambiguous.
create table effects (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  idempotency_key text not null unique,
  enrollment_id bigint not null,
  workflow_id uuid not null,
  version integer not null,
  node_id text not null,
  contact_id text not null,
  kind text not null,
  state text not null default 'pending'
    check (state in ('pending', 'sending', 'sent', 'failed', 'ambiguous')),
  payload jsonb not null,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz
);
create index effects_contact on effects (workspace_id, contact_id);
create index effects_workspace_kind on effects (workspace_id, kind, id desc);
create index effects_workflow on effects (workflow_id, version, node_id);

-- Emails as rendered and handed to SMTP (or the local catcher): what GET /v1/messages lists.
create table messages (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  effect_id bigint not null unique,
  workflow_id uuid not null,
  node_id text not null,
  contact_id text not null,
  message_id text not null,
  to_address text not null,
  from_address text not null,
  subject text not null,
  html text,
  text text,
  headers jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  -- Set by the local SMTP catcher when it receives the message (no SMTP_URL).
  caught_at timestamptz,
  caught_count integer not null default 0
);
create index messages_message_id on messages (message_id);
create index messages_contact on messages (workspace_id, contact_id);
create index messages_workspace on messages (workspace_id, id desc);

-- Worker processes. Each holds a session advisory lock on (7270, lock_id) for as long as it
-- lives; a sweeper that can take the lock knows the process died and unlocks its jobs.
create table worker_processes (
  pool_id text primary key,
  lock_id integer generated always as identity,
  hostname text not null,
  pid integer not null,
  started_at timestamptz not null default now()
);
