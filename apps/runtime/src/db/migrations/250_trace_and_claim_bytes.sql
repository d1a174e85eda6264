-- Issue 19 (cost of growth): the trace by contact is read through the contact's enrolments (enrollments_contact, then
--    journey_steps_enrollment): every step but a priority line of a journey that did not enrol the
--    contact has an enrolment. Only those keep an index by contact. journey_steps_contact held
--    (workspace, contact, id) for every step, ~230 bytes per contact of the send journey.
drop index journey_steps_contact;
create index journey_steps_contact_unenrolled on journey_steps (workspace_id, contact_id, id)
  where enrollment_id is null;
