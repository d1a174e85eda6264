-- Draft edits are audited per editing session, not per autosave (issue 13): the open session of a
-- workflow's draft (one actor's run of saves). It is closed, as one `draft.edited` audit entry
-- with the semantic diff from `base_graph`, after a quiet interval, when another actor saves, or
-- at publish (authoring/draftSessions.ts). Mutable working state: the audit entry is the record.
create table draft_edit_sessions (
  workflow_id uuid primary key references workflows (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  actor text not null,
  base_graph jsonb not null,
  base_revision integer not null,
  saves integer not null default 1,
  started_at timestamptz not null default now(),
  last_saved_at timestamptz not null default now()
);
create index draft_edit_sessions_quiet on draft_edit_sessions (last_saved_at);
