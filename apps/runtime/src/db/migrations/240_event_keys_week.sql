-- An event's received_at beside its key (migration 225 moved the key here): the walk loads an
-- enrolment's event by id through event_keys and then reads only the week of `events` that holds
-- it (run-time partition pruning), instead of one index per week kept (~57 at 395 days).
-- Written by the statement that stores the event: both columns default to now(), the same
-- transaction time. A key written by hand without it (null) finds no event through this path.
alter table event_keys add column received_at timestamptz;
update event_keys k set received_at = e.received_at
  from events e where e.workspace_id = k.workspace_id and e.id = k.id;
alter table event_keys alter column received_at set default now();
