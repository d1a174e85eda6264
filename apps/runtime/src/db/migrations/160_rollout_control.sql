-- Gradual rollout and control groups (issue 15). A workflow may roll a newer version out to a
-- share of new enrolments (the rest stay on active_version) and hold out a share of the contacts
-- it would enrol as its control group. Which side a contact lands on is a hash of workspace,
-- journey and contact (packages/nodes journey/assignment.ts), so nothing per contact is stored
-- beyond the enrollment itself.
alter table workflows
  add column rollout_version integer,
  add column rollout_percent numeric(5, 2) not null default 0
    check (rollout_percent >= 0 and rollout_percent <= 100),
  add column control_percent numeric(5, 2) not null default 0
    check (control_percent >= 0 and control_percent <= 50);

-- A control enrollment is 'held': recorded on the trigger, never advanced, ended by the goal.
alter table enrollments
  add column cohort text not null default 'treated' check (cohort in ('treated', 'control'));
alter table enrollments drop constraint enrollments_state_check;
alter table enrollments add constraint enrollments_state_check
  check (state in ('active', 'waiting', 'held', 'completed', 'converted', 'exited', 'failed'));
