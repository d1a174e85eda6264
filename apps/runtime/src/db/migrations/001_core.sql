-- Core tenancy and authoring tables. Every row carries workspace_id; every query is scoped by it.

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  -- Sender settings and guardrail policies (channels issue) live here as versioned JSON.
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  role text not null check (role in ('admin', 'editor', 'publisher', 'auditor', 'ingest')),
  -- May create workspaces. Only the key printed (or set) at first boot has it.
  instance_admin boolean not null default false,
  -- sha256 of the key; the key itself is shown once and never stored.
  key_hash text not null unique,
  key_prefix text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_keys_workspace on api_keys (workspace_id);

create table workflows (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  draft jsonb not null,
  -- Bumped on every draft save: editors send it back to detect concurrent edits (409).
  draft_revision integer not null default 1,
  status text not null default 'draft' check (status in ('draft', 'active', 'paused')),
  active_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workflows_workspace on workflows (workspace_id, updated_at desc);

create table workflow_versions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  workflow_id uuid not null references workflows (id) on delete cascade,
  version integer not null,
  hash text not null,
  graph jsonb not null,
  message text not null,
  published_by text not null,
  published_at timestamptz not null default now(),
  primary key (workflow_id, version)
);
create index workflow_versions_workspace on workflow_versions (workspace_id);

-- Published versions are immutable: enforced here, not only by the API.
create function crossroads_forbid_version_change() returns trigger language plpgsql as $$
begin
  raise exception 'workflow versions are immutable (workflow %, version %)', old.workflow_id, old.version
    using errcode = 'integrity_constraint_violation';
end $$;
create trigger workflow_versions_immutable before update on workflow_versions
  for each row execute function crossroads_forbid_version_change();
create trigger workflow_versions_undeletable before delete on workflow_versions
  -- Cascades from deleting a whole workspace run at trigger depth 1 and are allowed.
  for each row when (pg_trigger_depth() = 0)
  execute function crossroads_forbid_version_change();

create table segments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null,
  description text not null default '',
  rule jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name)
);

create table contacts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id text not null,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);

create table audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  workflow_id uuid,
  subject text,
  details jsonb not null default '{}'::jsonb
);
create index audit_log_workspace on audit_log (workspace_id, at desc);
