-- Working on one draft together (issue 12).

-- Every saved draft revision: a save from an older revision merges three-way against the draft it
-- started from, and a "keep mine" can name whose change it replaced. Written by a trigger, so every
-- way a draft changes (API, bootstrap, duplicates) leaves its revision; the latest 300 are kept.
create table workflow_draft_revisions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  workflow_id uuid not null references workflows (id) on delete cascade,
  revision integer not null,
  graph jsonb not null,
  saved_at timestamptz not null default now(),
  -- Filled in by the save that made the revision (null when it was not an editor's save).
  key_id uuid,
  key_name text,
  session text,
  -- Changes of other tabs this save replaced by choice: [{ key, victimSession, yours, ... }].
  replaced jsonb not null default '[]'::jsonb,
  primary key (workflow_id, revision)
);

create function crossroads_record_draft_revision() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.draft_revision = old.draft_revision then
    return new;
  end if;
  insert into workflow_draft_revisions (workspace_id, workflow_id, revision, graph, saved_at)
  values (new.workspace_id, new.id, new.draft_revision, new.draft, now())
  on conflict (workflow_id, revision) do update set graph = excluded.graph, saved_at = excluded.saved_at;
  delete from workflow_draft_revisions
  where workflow_id = new.id and revision <= new.draft_revision - 300;
  return new;
end $$;

create trigger workflows_record_draft_revision
  after insert or update of draft_revision on workflows
  for each row execute function crossroads_record_draft_revision();

insert into workflow_draft_revisions (workspace_id, workflow_id, revision, graph, saved_at)
select workspace_id, id, draft_revision, draft, updated_at from workflows;

-- Who has a draft open, one row per editor tab, refreshed by its heartbeat. Unlogged: it is
-- seconds old by nature and need not survive a crash.
create unlogged table draft_presence (
  workflow_id uuid not null references workflows (id) on delete cascade,
  session text not null,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key_id uuid not null references api_keys (id) on delete cascade,
  name text not null,
  role text not null,
  editing jsonb not null default '[]'::jsonb,
  since timestamptz not null default now(),
  seen_at timestamptz not null default now(),
  primary key (workflow_id, session)
);
