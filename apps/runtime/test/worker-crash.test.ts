import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCatcher, startSmtpCatcher } from '../src/channels/index.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { eventually, publishJourney } from './helpers.js';

const CONTACTS = 500;
const at = { x: 0, y: 0 };
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'crash',
  name: 'Crash test',
  settings: { reentry: 'once' },
  nodes: [
    { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'crash.start' } },
    {
      id: 'email',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Hi {{ contact.id }}', text: 'Hello', reason: 'Test' },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'PT1S' } },
    {
      id: 'handoff',
      type: 'sales-handoff',
      version: 1,
      position: at,
      config: {
        assignment: { mode: 'owner', owner: 'ana@acme.io' },
        priority: 'normal',
        note: 'n',
        stopMarketing: false,
      },
    },
  ],
  edges: [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'email' },
    { id: 'b', source: 'email', sourceHandle: 'next', target: 'pause' },
    { id: 'c', source: 'pause', sourceHandle: 'next', target: 'handoff' },
  ],
};

describe('a worker killed with SIGKILL mid-run', () => {
  let t: TestApp;
  let catcher: SmtpCatcher;
  const received = new Map<string, number>();
  const children: ChildProcess[] = [];

  function spawnWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        DATABASE_URL: t.db.url,
        CROSSROADS_NO_DEMO_DATA: 'true',
        SMTP_URL: catcher.url,
        WORKER_CONCURRENCY: '8',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk) => process.stderr.write(`[worker ${child.pid}] ${chunk}`));
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    t = await createTestApp();
    catcher = await startSmtpCatcher({
      port: 0,
      onMessage: (message) => {
        const id = message.messageId ?? 'none';
        received.set(id, (received.get(id) ?? 0) + 1);
      },
    });
    await publishJourney(t, journey);
    const ids = Array.from({ length: CONTACTS }, (_, i) => `c${i}`);
    await t.db.sql`insert into contacts (workspace_id, id, attributes)
      select ${t.workspaceId}, id, jsonb_build_object('email', id || '@example.com') from unnest(${ids}::text[]) as id`;
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await catcher?.close();
    await t?.close();
  });

  it('loses no enrollment and duplicates no effect', async () => {
    const first = spawnWorker();
    const started = Date.now();
    for (let i = 0; i < CONTACTS; i += 100) {
      const batch = Array.from({ length: 100 }, (_, j) => ({
        id: `start-${i + j}`,
        contactId: `c${i + j}`,
        type: 'crash.start',
      }));
      const res = await t.call('POST', '/v1/events', { batch });
      expect(res.body.enrolled).toBe(100);
    }
    // Kill it while work is in flight: some emails sent, most journeys not finished.
    await eventually(async () => {
      if (first.exitCode !== null) throw new Error(`the worker exited early (${first.exitCode})`);
      const [row] = await t.db.sql`select count(*)::int as n from effects where state = 'sent'`;
      return (row?.n ?? 0) >= 150;
    }, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const [inFlight] = await t.db.sql`
      select count(*) filter (where ended_at is null)::int as live from enrollments`;
    expect(inFlight?.live).toBeGreaterThan(0);
    const second = spawnWorker();

    await eventually(async () => {
      const [row] = await t.db.sql`
        select count(*) filter (where ended_at is null)::int as live,
               (select count(*)::int from effects where state in ('pending', 'sending')) as undelivered
        from enrollments`;
      return row?.live === 0 && row?.undelivered === 0;
    }, 90_000);
    const seconds = (Date.now() - started) / 1000;

    const states = await t.db.sql`select state, count(*)::int as n from enrollments group by state`;
    expect(states).toEqual([{ state: 'completed', n: CONTACTS }]);
    const effects = await t.db
      .sql`select kind, state, count(*)::int as n from effects group by kind, state order by kind, state`;
    const count = (kind: string, state: string) =>
      effects.find((e) => e.kind === kind && e.state === state)?.n ?? 0;
    expect(count('handoff', 'sent')).toBe(CONTACTS);
    const [keys] = await t.db.sql`
      select count(*)::int as rows, count(distinct (enrollment_id, node_id))::int as distinct_effects from effects`;
    expect(keys).toEqual({ rows: 2 * CONTACTS, distinctEffects: 2 * CONTACTS });
    // SMTP side: no Message-ID arrived twice; every 'sent' email arrived exactly once.
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const sent = await t.db
      .sql`select m.message_id from effects e join messages m on m.effect_id = e.id where e.state = 'sent'`;
    expect(sent.every((m) => received.get(m.messageId) === 1)).toBe(true);
    const ambiguous = count('email', 'ambiguous');
    expect(count('email', 'sent') + ambiguous).toBe(CONTACTS);
    // At most one per email job in flight when the worker died (WORKER_CONCURRENCY = 8): never resent.
    expect(ambiguous).toBeLessThanOrEqual(8);
    // Ambiguous only where the body had begun to go to the server; the others were sent after the kill.
    const [unmarked] = await t.db
      .sql`select count(*)::int as n from effects where state = 'ambiguous' and smtp_data_at is null`;
    expect(unmarked?.n).toBe(0);
    // The survivor shuts down cleanly on SIGTERM and deregisters; the dead one was swept.
    const exited = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await t.db.sql`select pool_id from worker_processes`).toEqual([]);
    const [locked] = await t.db
      .sql`select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null`;
    expect(locked?.n).toBe(0);
    const [steps] = await t.db.sql`select count(*)::int as n from journey_steps`;
    // A walk is never repeated: one trace row per (enrollment, node, visit), delivery notes aside.
    const repeated = await t.db.sql`
      select enrollment_id from journey_steps where not decision ? 'delivery'
      group by enrollment_id, node_id, visit, decision ? 'resumed' having count(*) > 1`;
    expect(repeated).toEqual([]);
    console.log(
      `crash test: ${CONTACTS} contacts in ${seconds.toFixed(1)} s (${(CONTACTS / seconds).toFixed(0)} contacts/s, ` +
        `${steps?.n} steps) across a SIGKILL; ${ambiguous} email(s) ambiguous`,
    );
  }, 150_000);
});
