-- Named segments keep every rule they ever had as an immutable, content-hashed revision, and a
-- published version pins the revision of each segment it names (issue 13): editing a segment
-- changes no published version's behaviour; publishing again picks up the new revision.

create table segment_revisions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  segment_id uuid not null references segments (id) on delete cascade,
  revision integer not null,
  name text not null,
  rule jsonb not null,
  -- SHA-256 of the rule's jsonb text.
  hash text not null,
  created_at timestamptz not null default now(),
  primary key (segment_id, revision)
);

alter table segments add column revision integer not null default 0;

insert into segment_revisions (workspace_id, segment_id, revision, name, rule, hash, created_at)
select workspace_id, id, 1, name, rule, encode(sha256(convert_to(rule::text, 'UTF8')), 'hex'), updated_at
from segments;
update segments set revision = 1;

-- Every insert, and every change of rule or name, is a new revision: bumped before the write,
-- stored after it (the revision references the segment row).
create function crossroads_segment_bump_revision() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    new.revision := 1;
  elsif new.rule is distinct from old.rule or new.name is distinct from old.name then
    new.revision := old.revision + 1;
  else
    new.revision := old.revision;
  end if;
  return new;
end $$;
create trigger segments_bump_revision before insert or update on segments
  for each row execute function crossroads_segment_bump_revision();

create function crossroads_segment_store_revision() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.revision <> old.revision then
    insert into segment_revisions (workspace_id, segment_id, revision, name, rule, hash)
    values (new.workspace_id, new.id, new.revision, new.name, new.rule,
            encode(sha256(convert_to(new.rule::text, 'UTF8')), 'hex'));
  end if;
  return null;
end $$;
create trigger segments_store_revision after insert or update on segments
  for each row execute function crossroads_segment_store_revision();

-- Which revision of each named segment a version runs with. A pinned revision cannot be deleted
-- (the segment routes refuse to delete a segment in use before this would).
create table version_segments (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  workflow_id uuid not null,
  version integer not null,
  segment_name text not null,
  segment_id uuid not null,
  revision integer not null,
  primary key (workflow_id, version, segment_name),
  foreign key (workflow_id, version) references workflow_versions (workflow_id, version) on delete cascade,
  foreign key (segment_id, revision) references segment_revisions (segment_id, revision)
);
create index version_segments_revision on version_segments (segment_id, revision);

-- Versions published before this migration pin the rule their segments have now (revision 1).
-- Any config value equal to a segment's name counts: a pin too many is never read.
insert into version_segments (workspace_id, workflow_id, version, segment_name, segment_id, revision)
select v.workspace_id, v.workflow_id, v.version, s.name, s.id, 1
from workflow_versions v
join segments s on s.workspace_id = v.workspace_id
where jsonb_path_exists(v.graph, '$.nodes[*].config.** ? (@ == $name)', jsonb_build_object('name', s.name));

create function crossroads_forbid_pin_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are immutable', tg_table_name using errcode = 'integrity_constraint_violation';
end $$;
create trigger segment_revisions_immutable before update on segment_revisions
  for each row execute function crossroads_forbid_pin_change();
create trigger segment_revisions_undeletable before delete on segment_revisions
  for each row when (pg_trigger_depth() = 0) execute function crossroads_forbid_pin_change();
create trigger version_segments_immutable before update on version_segments
  for each row execute function crossroads_forbid_pin_change();
create trigger version_segments_undeletable before delete on version_segments
  for each row when (pg_trigger_depth() = 0) execute function crossroads_forbid_pin_change();
