-- Failed steps handled like a product (issue 16): a step that waits for its delivery before the
-- contact moves on, and a step the runtime is retrying, are both visible on the enrollment.

-- Parked until the step's email or handoff is delivered (its node's "on error" output is
-- connected): { "effect": <the effect's idempotency key>, "next": <output once delivered> }.
alter table enrollments add column wait_delivery jsonb;

-- A step the runtime is retrying after a failure (an idempotent pack node), while it retries:
-- { "nodeId", "attempt": <the next try's number>, "of": <tries in all>, "nextAt", "error" }.
-- Written by the walk that schedules the retry, cleared by the next walk that is written.
alter table enrollments add column retry jsonb;

-- Once a parked step's effect is delivered (sent, or skipped by a send check) or has failed for good
-- (failed, dead), the contact moves on along the step's output or its "on error" output. A
-- trigger, so every way an effect settles (SMTP, the CRM webhook, the ledger-only handoff, a
-- resend, the stranded-delivery sweep) wakes it, in the transaction that settled the effect.
-- Ambiguous emails keep it parked: an operator resends or retries (POST /v1/enrollments/:id/retry).
create function resume_after_delivery() returns trigger language plpgsql as $$
declare
  parked record;
  woken_visit integer;
begin
  select id, wait_delivery ->> 'next' as next into parked
  from enrollments
  where id = new.enrollment_id and state = 'waiting' and ended_at is null
    and wait_delivery ->> 'effect' = new.idempotency_key
  for update;
  if not found then
    return null;
  end if;
  update enrollments e set state = 'active', visit = e.visit + 1, wait_delivery = null
  where e.id = parked.id
  returning e.visit into woken_visit;
  perform graphile_worker.add_job('advance', json_build_object(
    'enrollmentId', parked.id::text,
    'visit', woken_visit,
    'output', case when new.state in ('sent', 'skipped') then parked.next else 'on-error' end,
    'resumedBy', 'delivery'));
  return null;
end $$;

create trigger effects_resume_parked_step after update of state on effects
  for each row when (new.state is distinct from old.state and new.state in ('sent', 'skipped', 'failed', 'dead'))
  execute function resume_after_delivery();
