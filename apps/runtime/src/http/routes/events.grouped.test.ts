import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

const at = { x: 0, y: 0 };

/** gc.ping → wait for an event that never comes: each contact stays enrolled, once. */
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'grouped',
  name: 'Grouped pings',
  settings: { reentry: 'once' },
  nodes: [
    { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'gc.ping' } },
    {
      id: 'wait',
      type: 'wait',
      version: 1,
      position: at,
      config: { mode: 'event', event: 'gc.never', timeout: 'PT1H' },
    },
  ],
  edges: [{ id: 'a', source: 'start', sourceHandle: 'next', target: 'wait' }],
};

const CONTACTS = 100;
const ping = (i: number) => ({ id: `gc-${i}`, contactId: `gc-c${i % CONTACTS}`, type: 'gc.ping' });

// One event per POST, many in flight: the requests share commits (ingest/groupCommit.ts), and
// each must still get its own answer, exactly as if it had been committed alone.
describe('POST /v1/events, one event per request, many at once (group commit)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Admission must let every request in at once (the default bound would answer some 503).
    t = await createTestApp({ env: { MAX_IN_FLIGHT: '1000', MAX_IN_FLIGHT_PER_WORKSPACE: '1000' } });
    const created = await t.call('POST', '/v1/workflows', { graph: journey });
    const published = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'v1' });
    await t.call('POST', `/v1/workflows/${created.body.id}/activate`, { version: published.body.version });
    // A failure no validation foresees (a constraint, a trigger), for one request's event only.
    await t.db.sql.unsafe(`
      create function gc_poison() returns trigger language plpgsql as $$
      begin
        if new.contact_id = 'gc-poison' then raise exception 'poisoned event %', new.id; end if;
        return new;
      end $$;
      create trigger gc_poison before insert on events for each row execute function gc_poison();`);
  });
  afterAll(() => t.close());

  it('stores every event once, enrols every contact once, answers each request for its own events', async () => {
    const firsts = Array.from({ length: 150 }, (_, i) => ping(i));
    // Resent while the first copy may still be in flight: the same ids, in other requests.
    const repeats = Array.from({ length: 30 }, (_, i) => ping(i));
    const bodies: unknown[] = [...firsts, ...repeats];
    bodies.splice(40, 0, { id: 'gc-poison-1', contactId: 'gc-poison', type: 'gc.ping' });
    bodies.splice(80, 0, { contactId: '', type: 'gc.ping' });
    bodies.splice(120, 0, {
      batch: [
        { id: 'gc-1000', contactId: 'gc-solo', type: 'gc.ping' },
        { contactId: 'x', type: 'bad type' },
      ],
    });
    const answers = await Promise.all(bodies.map((body) => t.call('POST', '/v1/events', body)));
    const answerTo = (body: unknown) => answers[bodies.indexOf(body)]!;

    // The bad requests fail alone.
    expect(answerTo(bodies[40]).status).toBe(500);
    expect(answerTo(bodies[80]).status).toBe(400);
    const mixed = answerTo(bodies[120]);
    expect(mixed.status).toBe(202);
    expect(mixed.body).toMatchObject({ accepted: 1, duplicates: 0, enrolled: 1 });
    expect(mixed.body.rejected).toEqual([expect.objectContaining({ index: 1, field: 'batch[1].type' })]);

    const singles = answers.filter((_, k) => ![40, 80, 120].includes(k));
    expect(singles.map((a) => a.status)).toEqual(singles.map(() => 202));
    for (const a of singles) {
      expect(a.body.accepted + a.body.duplicates).toBe(1);
      expect(a.body.rejected).toEqual([]);
    }
    // Each id accepted by exactly one of the requests that sent it.
    const acceptedIds = new Map<string, number>();
    bodies.forEach((body, k) => {
      const id = (body as { id?: string }).id;
      if (id?.startsWith('gc-') && answers[k]!.status === 202 && answers[k]!.body.accepted === 1)
        acceptedIds.set(id, (acceptedIds.get(id) ?? 0) + 1);
    });
    expect([...acceptedIds.values()].every((n) => n === 1)).toBe(true);
    expect(acceptedIds.size).toBe(150);

    const events = await t.db.sql<{ id: string }[]>`select id from events where id like 'gc-%'`;
    expect(events.map((e) => e.id).sort()).toEqual([...firsts.map((e) => e.id), 'gc-1000'].sort());

    // Every contact enrolled once (reentry once; 150 pings for 100 contacts), by an event whose
    // request was told it enrolled.
    const enrollments = await t.db.sql<{ id: string; contactId: string; eventId: string }[]>`
      select id, contact_id, event_id from enrollments`;
    expect(enrollments).toHaveLength(CONTACTS + 1);
    expect(new Set(enrollments.map((e) => e.contactId)).size).toBe(CONTACTS + 1);
    const toldEnrolled = bodies
      .filter((_body, k) => answers[k]!.status === 202 && answers[k]!.body.enrolled === 1)
      .map((body) => (body as { id?: string }).id ?? 'gc-1000');
    expect(toldEnrolled.sort()).toEqual(enrollments.map((e) => e.eventId).sort());

    // Each enrollment queued exactly once, and commits were shared: far fewer `advance` jobs.
    const jobs = await t.db.sql<{ payload: { enrollmentId?: string; batch?: { enrollmentId: string }[] } }[]>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'advance'`;
    const queued = jobs.flatMap((j) => (j.payload.batch ?? [j.payload]).map((p) => String(p.enrollmentId)));
    expect(queued.sort()).toEqual(enrollments.map((e) => String(e.id)).sort());
    expect(jobs.length).toBeLessThan(enrollments.length / 2);

    // The poisoned request was tried alone (its group committed without it) and stored nothing.
    expect(await t.db.sql`select 1 from events where contact_id = 'gc-poison'`).toHaveLength(0);
    const metrics = await t.app.request('/metrics');
    expect(await metrics.text()).toMatch(/crossroads_ingest_group_splits_total\{[^}]*\} [1-9]/);
  });

  it('answers a lone request at once, with no other in flight', async () => {
    const lone = { id: 'gc-alone', contactId: 'gc-alone', type: 'gc.ping' };
    const alone = await t.call('POST', '/v1/events', lone);
    expect(alone).toMatchObject({ status: 202, body: { accepted: 1, duplicates: 0, enrolled: 1 } });
    const again = await t.call('POST', '/v1/events', lone);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, enrolled: 0 });
  });
});
