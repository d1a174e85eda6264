import type { GraphInput } from '@crossroads/graph-schema';
import { builtinRegistry } from '@crossroads/nodes';
import { api, publishJourney } from '../../../bench/harness/journeys.js';
import { sleep } from '../../../bench/harness/stats.js';
import { planScheduledRuns } from '../../../src/ingest/schedulePlan.js';
import { type ChaosEnv, startChaosEnv } from '../chaosEnv.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

const at = { x: 0, y: 0 };

/** A one-off broadcast to the segment at `slot` (UTC), then a month's wait. */
const broadcast = (slot: string): GraphInput => ({
  schemaVersion: 1,
  id: 'chaos-broadcast',
  name: 'Chaos broadcast',
  settings: { reentry: 'once', timezone: 'UTC' },
  nodes: [
    {
      id: 'due',
      type: 'trigger',
      version: 1,
      position: at,
      config: {
        on: 'schedule',
        segment: 'everyone',
        schedule: { repeat: 'once', at: slot, zone: 'journey' },
      },
    },
    { id: 'pause', type: 'wait', version: 1, position: at, config: { mode: 'duration', duration: 'P30D' } },
  ],
  edges: [{ id: 'a', source: 'due', sourceHandle: 'next', target: 'pause' }],
});

interface RunRow {
  state: string;
  contacts: number;
  enrolled: number;
}

async function runRow(env: ChaosEnv, workflowId: string): Promise<RunRow | undefined> {
  const rows = await env.sql<RunRow[]>`
    select state, contacts, enrolled from scheduled_runs where workflow_id = ${workflowId}`.catch(() => []);
  return rows[0];
}

/**
 * A scheduled broadcast to every contact is running when both worker processes are SIGKILLed (two
 * new ones started), then Postgres is stopped in immediate mode and started again. Expect: the run
 * ends `done` by itself, and every contact got exactly one run event and one enrollment.
 */
export async function scheduleUnderFaults(scale: Scale): Promise<ScenarioResult> {
  const contacts = scale.name === 'full' ? 20_000 : 5_000;
  const r = new Recorder(
    'Scheduled broadcast under SIGKILL and a Postgres restart',
    `a one-off scheduled trigger to a segment of ${contacts} contacts; once enrolments are being written, both worker processes SIGKILLed (two new ones started), then Postgres stopped in immediate mode for ${scale.outageMs / 1000} s and started again`,
  );
  const env = await startChaosEnv({ workers: 2, contacts });
  try {
    await api(env.api.url, 'POST', '/v1/segments', {
      name: 'everyone',
      rule: { '>=': [{ var: 'contact.lead_score' }, 0] },
    });
    // The run's time has just passed: planned as the sweep plans it ahead, its job is due at once.
    const slotAt = new Date(Date.now() - 60_000);
    const slot = slotAt.toISOString().slice(0, 16);
    const workflowId = await publishJourney(env.api.url, broadcast(slot));
    const planned = await planScheduledRuns(env.sql, builtinRegistry, new Date(slotAt.getTime() - 60_000));
    r.expect('runs planned', planned, (n) => n === 1, '1');
    let seen: RunRow | undefined;
    for (let i = 0; i < 600 && !(seen && (seen.contacts > 0 || seen.state === 'done')); i++) {
      seen = await runRow(env, workflowId);
      await sleep(50);
    }
    r.figure('contacts enrolled when the workers were killed', seen?.enrolled ?? 0);
    const victims = env.workers.filter((w) => w.exitCode() === null);
    for (const worker of victims) await worker.kill();
    await Promise.all(victims.map(() => env.addWorker()));
    await sleep(500);
    await env.cluster.kill();
    await sleep(scale.outageMs);
    await env.cluster.start();
    const restarted = performance.now();
    let last: RunRow | undefined;
    for (
      let lastCount = -1, stalledSince = performance.now();
      performance.now() - stalledSince < scale.stallMs;
    ) {
      last = (await runRow(env, workflowId)) ?? last;
      if (last?.state === 'done' || last?.state === 'skipped') break;
      if (last && last.contacts !== lastCount) [lastCount, stalledSince] = [last.contacts, performance.now()];
      await sleep(200);
    }
    r.figure('run over after the restart, s', ((performance.now() - restarted) / 1000).toFixed(1));
    r.expect('run state', last?.state ?? 'unknown', (s) => s === 'done', 'done');
    r.expect('contacts the run counted', last?.contacts ?? 0, (n) => n === contacts, String(contacts));
    r.expect('enrolments the run counted', last?.enrolled ?? 0, (n) => n === contacts, String(contacts));
    const [events] = await env.sql<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct contact_id)::int as distinct from events
      where workspace_id = ${env.workspaceId} and type = 'schedule.run' and id like ${`%:${workflowId}:%`}`;
    r.expect('run events (one per contact)', events?.n ?? 0, (n) => n === contacts, String(contacts));
    r.expect('contacts with a run event', events?.distinct ?? 0, (n) => n === contacts, String(contacts));
    const [enrolled] = await env.sql<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct contact_id)::int as distinct from enrollments
      where workflow_id = ${workflowId}`;
    r.expect('enrollments (none lost or doubled)', enrolled?.n ?? 0, (n) => n === contacts, String(contacts));
    r.expect('contacts enrolled', enrolled?.distinct ?? 0, (n) => n === contacts, String(contacts));
  } catch (error) {
    r.fail(`the scenario broke: ${(error as Error).message}`);
  } finally {
    await env.close();
  }
  return r.done();
}
