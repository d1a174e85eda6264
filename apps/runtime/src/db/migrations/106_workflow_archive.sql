-- Archived journeys: out of the list and enrolling nobody (archiving pauses a live one), with
-- their versions, enrollments and traces kept for auditors.
alter table workflows add column archived_at timestamptz;
