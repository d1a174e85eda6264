-- The audit log is ordered, chained and append-only (issue 13).
--
-- Each entry gets `seq`, its number in its workspace's log (1, 2, 3…: the order auditors read and
-- page by), and `hash`, a SHA-256 over its own canonical content and the previous entry's hash.
-- `GET /v1/audit/verify` recomputes the chain (access/auditVerify.ts) and names the first entry
-- whose content, link or number does not hold. Rows can be neither updated nor deleted.

alter table audit_log
  add column seq bigint,
  add column actor_role text,
  add column prev_hash text,
  add column hash text;

-- The canonical content is the jsonb text of this array: a fixed order of fields, jsonb's own
-- normalised rendering of `details`, the instant in UTC with microseconds. access/auditVerify.ts
-- recomputes the same expression inline, so a replaced function here cannot hide an edit.
create function crossroads_audit_hash(entry audit_log) returns text language sql stable as $$
  select encode(sha256(convert_to(coalesce(entry.prev_hash, '') || jsonb_build_array(
    entry.id, entry.workspace_id, entry.seq,
    to_char(entry.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    entry.actor, entry.actor_role, entry.action, entry.workflow_id, entry.subject, entry.details
  )::text, 'UTF8')), 'hex')
$$;

-- Backfill: existing entries in id order (the order they were written), per workspace.
do $$
declare
  entry record;
  workspace uuid;
  n bigint;
  previous text;
begin
  for entry in select id, workspace_id from audit_log order by workspace_id, id loop
    if workspace is distinct from entry.workspace_id then
      workspace := entry.workspace_id;
      n := 0;
      previous := null;
    end if;
    n := n + 1;
    update audit_log set seq = n, prev_hash = previous where id = entry.id;
    update audit_log a set hash = crossroads_audit_hash(a) where id = entry.id returning hash into previous;
  end loop;
end $$;

alter table audit_log alter column seq set not null, alter column hash set not null;
create unique index audit_log_sequence on audit_log (workspace_id, seq);

-- Appending: one writer per workspace at a time (an advisory lock held to the end of the writer's
-- transaction, taken only by audited actions, which are rare admin actions; ingest and the walk
-- never take it). The entry's time is when it joined the chain, so time follows `seq`.
create function crossroads_audit_append() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  perform pg_advisory_xact_lock(727002, hashtext(new.workspace_id::text));
  select seq, hash into last_seq, last_hash from audit_log
  where workspace_id = new.workspace_id order by seq desc limit 1;
  new.seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := last_hash;
  new.at := clock_timestamp();
  new.hash := crossroads_audit_hash(new);
  return new;
end $$;
create trigger audit_log_append before insert on audit_log
  for each row execute function crossroads_audit_append();

-- Entries never change, as published versions never do (001_core.sql).
create function crossroads_forbid_audit_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit entries are append-only (entry % of workspace %)', old.seq, old.workspace_id
    using errcode = 'integrity_constraint_violation';
end $$;
create trigger audit_log_immutable before update on audit_log
  for each row execute function crossroads_forbid_audit_change();
create trigger audit_log_undeletable before delete on audit_log
  -- Cascades from deleting a whole workspace run at trigger depth 1 and are allowed.
  for each row when (pg_trigger_depth() = 0)
  execute function crossroads_forbid_audit_change();

create function crossroads_forbid_audit_truncate() returns trigger language plpgsql as $$
begin
  raise exception 'audit entries are append-only (truncate refused)'
    using errcode = 'integrity_constraint_violation';
end $$;
create trigger audit_log_untruncatable before truncate on audit_log
  for each statement execute function crossroads_forbid_audit_truncate();
