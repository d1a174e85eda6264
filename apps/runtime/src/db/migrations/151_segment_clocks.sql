-- Segment entry and exit as time passes (issue 14; ingest/segmentClocks.ts). Rules such as "last
-- seen more than 30 days ago" change answer with no attribute pushed. For each live journey version
-- that starts on such a segment (its pinned rule reads the clock) and each contact: whether the
-- contact matched when last checked, and the first instant at which time alone may change that
-- (null: never again, e.g. the date already lies far enough in the past). A sweep re-checks only the
-- rows that are due, so the work is the contacts whose membership can change, not all contacts.
create table segment_clocks (
  workspace_id uuid not null,
  workflow_id uuid not null,
  version int not null,
  segment_name text not null,
  contact_id text not null,
  member boolean not null,
  due_at timestamptz,
  primary key (workflow_id, version, segment_name, contact_id)
);

-- What the sweep reads: due rows, oldest first. Rows that never change again stay out of it.
create index segment_clocks_due on segment_clocks (due_at) where due_at is not null;
-- Contact erasure and a contact's upsert find its rows.
create index segment_clocks_contact on segment_clocks (workspace_id, contact_id);
