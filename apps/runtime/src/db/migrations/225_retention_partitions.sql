-- Issue 19 (cost of growth): events, the trace (journey_steps) and stored messages are range
-- partitioned by week on the time they were written, so retention drops whole partitions (no
-- delete, no bloat) and the hot set is the last weeks' partitions. docs/retention.md says why weekly.
--
-- A unique index of a partitioned table must contain its partition key, so `events`' idempotency
-- key (workspace_id, id) moves to `event_keys`, written by the same statement that stores the event
-- (ingest/storeEvents.ts) and deleted with its event (retention, erasure).
-- messages.effect_id is no longer unique: the claim that inserts a message is the only writer per
-- effect (deliver/emailClaim.ts), which now inserts only for effects it claimed and not yet stored.

-- Creates the partition of `parent` for the week starting on `week` (a Monday, UTC) unless it
-- exists. Rows of that week that fell into the default partition meanwhile are moved into it first
-- (a partition cannot be created over rows the default holds). Returns whether it created one.
create function crossroads_week_partition(parent text, key text, week date) returns boolean
language plpgsql as $$
declare
  part text := format('%s_p%s', parent, to_char(week, 'YYYYMMDD'));
  lo timestamptz := week::timestamp at time zone 'UTC';
  hi timestamptz := (week + 7)::timestamp at time zone 'UTC';
  stray boolean;
begin
  if extract(isodow from week) <> 1 then
    raise exception 'partition week % of % does not start on a Monday', week, parent;
  end if;
  if to_regclass(part) is not null then
    return false;
  end if;
  execute format('select exists (select 1 from %I where %I >= $1 and %I < $2)', parent || '_default', key, key)
    into stray using lo, hi;
  if stray then
    execute format('create temp table crossroads_moving (like %I) on commit drop', parent);
    execute format('with moved as (delete from %I where %I >= $1 and %I < $2 returning *)
                    insert into crossroads_moving select * from moved', parent || '_default', key, key) using lo, hi;
  end if;
  execute format('create table %I partition of %I for values from (%L) to (%L)', part, parent, lo, hi);
  if stray then
    execute format('insert into %I overriding system value select * from crossroads_moving', parent);
    drop table crossroads_moving;
  end if;
  return true;
end $$;

-- Converts `tab` into a table partitioned by `key`: same columns (LIKE), a default partition, a
-- partition for every week from its oldest row to four weeks ahead, rows moved, the old table
-- dropped. Indexes are created afterwards with their old names (later migrations drop them by name).
create function crossroads_partition_table(tab text, key text) returns void
language plpgsql as $$
declare
  oldest timestamptz;
  week date;
begin
  execute format('create table %I (like %I including defaults) partition by range (%I)', tab || '_partitioned', tab, key);
  execute format('create table %I partition of %I default', tab || '_partitioned_default', tab || '_partitioned');
  execute format('select min(%I) from %I', key, tab) into oldest;
  week := date_trunc('week', coalesce(least(oldest, now()), now()) at time zone 'UTC')::date;
  while week <= (now() at time zone 'UTC')::date + 28 loop
    perform crossroads_week_partition(tab || '_partitioned', key, week);
    week := week + 7;
  end loop;
  execute format('insert into %I select * from %I', tab || '_partitioned', tab);
  execute format('drop table %I', tab);
  execute format('alter table %I rename to %I', tab || '_partitioned', tab);
  execute format('alter table %I rename to %I', tab || '_partitioned_default', tab || '_default');
  -- Partitions were named after the temporary parent: give them the table's name.
  for week in
    select to_date(right(c.relname, 8), 'YYYYMMDD')
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = tab::regclass and c.relname ~ '_p[0-9]{8}$'
  loop
    execute format('alter table %I rename to %I', format('%s_partitioned_p%s', tab, to_char(week, 'YYYYMMDD')),
                   format('%s_p%s', tab, to_char(week, 'YYYYMMDD')));
  end loop;
end $$;

-- events: partitioned by received_at (when it was stored, not the client's occurred_at).
create table event_keys (
  workspace_id uuid not null,
  id text not null,
  primary key (workspace_id, id)
);
insert into event_keys (workspace_id, id) select workspace_id, id from events;
select crossroads_partition_table('events', 'received_at');
alter table events add constraint events_pkey primary key (workspace_id, id, received_at);
create index events_contact on events (workspace_id, contact_id);
create index events_contact_type_time on events (workspace_id, contact_id, type, occurred_at desc);

-- journey_steps: partitioned by at. Its id comes from a sequence of its own (a default rather than
-- an identity: identities on partitioned tables need Postgres 17), going on from the highest id.
select crossroads_partition_table('journey_steps', 'at');
create sequence journey_steps_id_seq as bigint owned by journey_steps.id;
alter table journey_steps alter column id set default nextval('journey_steps_id_seq');
select setval('journey_steps_id_seq', coalesce((select max(id) from journey_steps), 0) + 1, false);
alter table journey_steps add constraint journey_steps_pkey primary key (id, at);
create index journey_steps_contact on journey_steps (workspace_id, contact_id, id);
create index journey_steps_workflow on journey_steps (workflow_id, version, node_id);
create index journey_steps_enrollment on journey_steps (enrollment_id);
create index journey_steps_priority on journey_steps (workspace_id, at) where node_type = 'priority';

-- messages: partitioned by created_at. effect_id keeps an index of its old constraint's name (not
-- unique any more: see above).
select crossroads_partition_table('messages', 'created_at');
create sequence messages_id_seq as bigint owned by messages.id;
alter table messages alter column id set default nextval('messages_id_seq');
select setval('messages_id_seq', coalesce((select max(id) from messages), 0) + 1, false);
alter table messages add constraint messages_pkey primary key (id, created_at);
create index messages_effect_id_key on messages (effect_id);
create index messages_message_id on messages (message_id);
create index messages_contact on messages (workspace_id, contact_id);
create index messages_workspace on messages (workspace_id, id desc);

drop function crossroads_partition_table(text, text);
