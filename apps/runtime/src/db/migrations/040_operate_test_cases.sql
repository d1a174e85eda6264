-- Saved simulation test cases: a sample contact, a timeline of events and the node the journey
-- should end on. Re-run with one click and before every publish (see services/operate/testCases.ts).
create table workflow_test_cases (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  workflow_id uuid not null references workflows (id) on delete cascade,
  name text not null,
  contact jsonb not null,
  events jsonb not null,
  expected_end text not null,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index workflow_test_cases_workflow on workflow_test_cases (workspace_id, workflow_id, created_at);
