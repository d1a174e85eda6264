-- Priority between journeys (issue 15). A journey's priority (1 = highest), its exclusive group
-- and whether it pre-empts are settings of the journey, not of a version: changing them needs no
-- publish (each change is audited with before and after).
alter table workflows
  add column priority integer not null default 1 check (priority between 1 and 999),
  add column exclusive_group text check (exclusive_group is null or length(exclusive_group) between 1 and 60),
  add column preempt boolean not null default false;

-- The group an enrollment was made in (a copy: moving a journey to another group later does not
-- move the contacts already in it). A contact is in at most one journey of a group at a time, and
-- the database holds that even when two events for one contact are ingested at once: the second
-- insert waits for the first and `on conflict do nothing` refuses it (ingest/enroll.ts).
alter table enrollments add column exclusive_group text;
create unique index enrollments_exclusive_group on enrollments (workspace_id, exclusive_group, contact_id)
  where ended_at is null and exclusive_group is not null;

-- A contact not enrolled because of priority has a trace line without an enrollment
-- (node_type 'priority', decision.notEnrolled naming the journey that won).
alter table journey_steps alter column enrollment_id drop not null;
create index journey_steps_priority on journey_steps (workspace_id, at) where node_type = 'priority';
