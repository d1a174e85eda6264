-- Issue 19 (cost of growth): fewer bytes for every step of the trace and every email.
--
-- The trace by contact is read through the contact's enrolments (enrollments_contact, then
-- journey_steps_enrollment): every step but a priority line of a journey that did not enrol the
-- contact has an enrolment. Only those keep an index by contact. journey_steps_contact held
-- (workspace, contact, id) for every step, ~230 bytes per contact of the send journey.
drop index journey_steps_contact;
create index journey_steps_contact_unenrolled on journey_steps (workspace_id, contact_id, id)
  where enrollment_id is null;

-- tracked_messages (workspace, contact) served only erasure, which finds a contact's tracked
-- messages through its email ledger rows instead (effects_contact_kind; the message key is the
-- ledger id): one index entry less per email, ~65 bytes.
drop index tracked_messages_contact;

-- A step's reason (its summary and the values its rule read) is written once and read whole: no
-- statement looks inside it. As json (its text) it takes ~40 % less room than as jsonb, whose
-- binary form spends 4-8 bytes per key and value on small objects (~95 bytes per contact of
-- trigger → gate → send). `decision` stays jsonb: readers test it with `?`. Rewrites the trace.
alter table journey_steps alter column reason type json using reason::json;
