import type { GraphInput } from '@crossroads/graph-schema';
import { type BenchCluster, startBenchCluster } from '../../bench/harness/cluster.js';
import { type CrmReceiver, startCrmReceiver } from '../../bench/harness/crmReceiver.js';
import {
  api,
  benchWorkspace,
  fiveStepJourney,
  insertContacts,
  publishJourney,
} from '../../bench/harness/journeys.js';
import { killAllRuntimes, type RuntimeProcess, spawnRuntime } from '../../bench/harness/runtimeProcess.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../bench/harness/smtpReceiver.js';
import { sleep } from '../../bench/harness/stats.js';
import type { Sql } from '../../src/db/connect.js';

/** Everything one chaos scenario runs against: its own cluster, receivers, an API and workers. */
export interface ChaosEnv {
  cluster: BenchCluster;
  sql: Sql;
  smtp: SmtpReceiver;
  crm: CrmReceiver;
  api: RuntimeProcess;
  workers: RuntimeProcess[];
  workspaceId: string;
  /** Starts one more `runtime worker` process. */
  addWorker(): Promise<RuntimeProcess>;
  close(): Promise<void>;
}

export const WORKER_ENV = (smtpUrl: string) => ({
  SMTP_URL: smtpUrl,
  WORKER_CONCURRENCY: '10',
  // With CHAOS_LOG_DIR, e.g. CHAOS_LOG_LEVEL=debug keeps Graphile Worker's job log too.
  ...(process.env.CHAOS_LOG_LEVEL ? { LOG_LEVEL: process.env.CHAOS_LOG_LEVEL } : {}),
});

/**
 * A fresh durable cluster, a counting SMTP server, a signing-checking CRM endpoint, one
 * `runtime api` and `workers` `runtime worker` processes, the five-step journey published, and
 * `contacts` contacts imported (`x0`…).
 */
export async function startChaosEnv(options: {
  workers: number;
  contacts: number;
  graph?: GraphInput;
  /** Routes the runtimes' connections (e.g. through a proxy that resets them): url → url. */
  via?: (kind: 'database' | 'smtp' | 'crm', url: string) => Promise<string>;
}): Promise<ChaosEnv> {
  const cluster = await startBenchCluster();
  const sql = cluster.pool(4);
  const smtp = await startSmtpReceiver();
  const crm = await startCrmReceiver();
  const via = options.via ?? (async (_kind, url) => url);
  const env = WORKER_ENV(await via('smtp', smtp.url));
  const databaseUrl = await via('database', cluster.url);
  try {
    const apiProcess = await spawnRuntime({ mode: 'api', databaseUrl, env, name: 'api' });
    const workers: RuntimeProcess[] = [];
    let spawned = 0;
    const addWorker = async () => {
      // Named before the await: workers started together must not share a name.
      const name = `worker ${++spawned}`;
      const worker = await spawnRuntime({ mode: 'worker', databaseUrl, env, name });
      workers.push(worker);
      return worker;
    };
    await Promise.all(Array.from({ length: options.workers }, addWorker));
    // Handoffs go to the CRM receiver as signed Standard Webhooks.
    await api(apiProcess.url, 'PUT', '/v1/settings/channels', {
      crm: { webhookUrl: await via('crm', crm.url), secrets: [{ secret: crm.secret }] },
    });
    await publishJourney(apiProcess.url, options.graph ?? fiveStepJourney('chaos.start'));
    const workspaceId = await benchWorkspace(sql);
    await insertContacts(sql, workspaceId, 'x', options.contacts);
    return {
      cluster,
      sql,
      smtp,
      crm,
      api: apiProcess,
      workers,
      workspaceId,
      addWorker,
      async close() {
        await killAllRuntimes();
        await sql.end({ timeout: 1 }).catch(() => {});
        await smtp.close();
        await crm.close();
        await cluster.stop();
      },
    };
  } catch (error) {
    await killAllRuntimes();
    await smtp.close();
    await crm.close();
    await cluster.stop();
    throw error;
  }
}

/** Trigger events for contacts [from, to): posted in batches, retried on 503 and refused connections (ids make retries safe). */
export async function postStarts(
  env: ChaosEnv,
  from: number,
  to: number,
  batchSize = 100,
): Promise<{ retries: number }> {
  let retries = 0;
  for (let start = from; start < to; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, to - start) }, (_, k) => ({
      id: `chaos-start-${start + k}`,
      contactId: `x${start + k}`,
      type: 'chaos.start',
    }));
    const giveUpAt = performance.now() + 60_000;
    for (;;) {
      try {
        await api(env.api.url, 'POST', '/v1/events', { batch });
        break;
      } catch (error) {
        const message = (error as Error).message;
        if (!/→ 503|fetch failed|ECONNREFUSED/.test(message) || performance.now() > giveUpAt) throw error;
        retries++;
        await sleep(200);
      }
    }
  }
  return { retries };
}

/**
 * Posts the trigger events for `contacts` contacts spread over about `seconds` seconds. Never
 * throws: a load that could not be delivered comes back as `error` (the scenario reports it).
 */
export async function postStartsOver(
  env: ChaosEnv,
  contacts: number,
  seconds: number,
): Promise<{ retries: number; error?: string }> {
  return postStartsOverOrThrow(env, contacts, seconds).catch((error: Error) => ({
    retries: -1,
    error: `posting the trigger events failed: ${error.message}`,
  }));
}

async function postStartsOverOrThrow(
  env: ChaosEnv,
  contacts: number,
  seconds: number,
): Promise<{ retries: number }> {
  const batches = Math.max(1, Math.ceil(seconds * 5));
  const per = Math.ceil(contacts / batches);
  let retries = 0;
  const started = performance.now();
  for (let b = 0; b * per < contacts; b++) {
    const due = started + b * 200;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    retries += (await postStarts(env, b * per, Math.min(contacts, (b + 1) * per))).retries;
  }
  return { retries };
}

/** What the ledger, the trace and the receivers say once the run settled. */
export interface Outcome {
  contacts: number;
  enrolled: number;
  completed: number;
  /** Contacts with no enrollment, or one that never ended. */
  lost: number;
  emailsSentInLedger: number;
  emailsAmbiguous: number;
  /** Ambiguous emails whose Message-ID the SMTP server did receive (the sender died before the 250). */
  emailsAmbiguousReceived: number;
  /** Ambiguous emails without `smtp_data_at`: marked ambiguous though their body never went out. */
  emailsAmbiguousBeforeBody: number;
  /** Emails sent on a later attempt (claimed, interrupted before their body went out, sent again). */
  emailsSentAgain: number;
  /** Message bodies the SMTP server saw begin and then end without the final dot. */
  smtpDataAborted: number;
  emailsFailed: number;
  emailsReceived: number;
  duplicateEmails: number;
  handoffsSentInLedger: number;
  /** Handoffs the ledger gave up on (`dead`) or recorded without a CRM (`delivered-to-ledger`). */
  handoffsDead: number;
  handoffsLedgerOnly: number;
  crmReceived: number;
  duplicateWebhooks: number;
  badSignatures: number;
  /** Email attempts (ledger) → how many effects needed that many. */
  emailAttempts: Record<string, number>;
  handoffAttempts: Record<string, number>;
}

/**
 * Waits until every contact's enrollment ended and every effect left pending/sending (or the
 * deadline passes), then counts. Nothing here asserts: scenarios do.
 */
export async function settle(
  env: ChaosEnv,
  contacts: number,
  timeoutMs: number,
  stallMs = 45_000,
): Promise<Outcome & { settledMs: number }> {
  const started = performance.now();
  // Gives up early when nothing moves for stallMs (e.g. every worker died): the counts then tell.
  let last = '';
  let lastChange = started;
  for (;;) {
    const [row] = await env.sql<{ ended: number; open: number; steps: number }[]>`
      select (select count(*)::int from enrollments where ended_at is not null) as ended,
             (select count(*)::int from effects where state in ('pending', 'sending')) as open,
             (select count(*)::int from journey_steps) as steps`.catch(() => [
      { ended: -1, open: -1, steps: -1 },
    ]);
    if (row!.ended >= contacts && row!.open === 0) break;
    const now = performance.now();
    const state = JSON.stringify(row);
    if (state !== last) {
      last = state;
      lastChange = now;
    }
    if (now - started > timeoutMs || now - lastChange > stallMs) break;
    await sleep(250);
  }
  const settledMs = performance.now() - started;
  return { ...(await outcome(env, contacts)), settledMs };
}

export async function outcome(env: ChaosEnv, contacts: number): Promise<Outcome> {
  const [row] = await env.sql<
    {
      enrolled: number;
      completed: number;
      lost: number;
      emailsSent: number;
      emailsAmbiguous: number;
      emailsFailed: number;
      handoffsSent: number;
      handoffsDead: number;
      handoffsLedgerOnly: number;
    }[]
  >`
    select
      (select count(*)::int from enrollments) as enrolled,
      (select count(*)::int from enrollments where state = 'completed') as completed,
      (select count(*)::int from generate_series(0, ${contacts - 1}::int) i
        where not exists (select 1 from enrollments e where e.contact_id = 'x' || i and e.ended_at is not null)) as lost,
      (select count(*)::int from effects where kind = 'email' and state = 'sent') as emails_sent,
      (select count(*)::int from effects where kind = 'email' and state = 'ambiguous') as emails_ambiguous,
      (select count(*)::int from effects where kind = 'email' and state = 'failed') as emails_failed,
      (select count(*)::int from effects where kind = 'handoff' and state = 'sent') as handoffs_sent,
      (select count(*)::int from effects where kind = 'handoff' and state = 'dead') as handoffs_dead,
      (select count(*)::int from effects where kind = 'handoff' and state = 'delivered-to-ledger') as handoffs_ledger_only`;
  const ambiguous = await env.sql<{ messageId: string | null; bodyWent: boolean }[]>`
    select m.message_id, e.smtp_data_at is not null as body_went
    from effects e left join messages m on m.effect_id = e.id
    where e.kind = 'email' and e.state = 'ambiguous'`;
  const [again] = await env.sql<{ n: number }[]>`
    select count(*)::int as n from effects where kind = 'email' and state = 'sent' and attempts > 1`;
  const attempts = await env.sql<{ attempts: number; n: number }[]>`
    select attempts, count(*)::int as n from effects where kind = 'email' group by 1 order by 1`;
  const handoffAttempts = await env.sql<{ attempts: number; n: number }[]>`
    select attempts, count(*)::int as n from effects where kind = 'handoff' group by 1 order by 1`;
  const smtp = env.smtp.counts();
  const crm = env.crm.counts();
  return {
    contacts,
    enrolled: row!.enrolled,
    completed: row!.completed,
    lost: row!.lost,
    emailsSentInLedger: row!.emailsSent,
    emailsAmbiguous: row!.emailsAmbiguous,
    emailsAmbiguousReceived: ambiguous.filter((a) => a.messageId && env.smtp.byMessageId.has(a.messageId))
      .length,
    emailsAmbiguousBeforeBody: ambiguous.filter((a) => !a.bodyWent).length,
    emailsSentAgain: again!.n,
    smtpDataAborted: smtp.aborted,
    emailsFailed: row!.emailsFailed,
    emailsReceived: smtp.unique,
    duplicateEmails: smtp.duplicates,
    handoffsSentInLedger: row!.handoffsSent,
    handoffsDead: row!.handoffsDead,
    handoffsLedgerOnly: row!.handoffsLedgerOnly,
    crmReceived: crm.unique,
    duplicateWebhooks: crm.duplicates,
    badSignatures: crm.badSignatures,
    emailAttempts: Object.fromEntries(attempts.map((a) => [String(a.attempts), a.n])),
    handoffAttempts: Object.fromEntries(handoffAttempts.map((a) => [String(a.attempts), a.n])),
  };
}
