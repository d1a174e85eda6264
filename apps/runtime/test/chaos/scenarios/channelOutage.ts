import { sleep } from '../../../bench/harness/stats.js';
import { postStartsOver, settle, startChaosEnv } from '../chaosEnv.js';
import { expectNoCrashes, expectNothingLostOrDoubled } from '../delivery.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

/** Waits `ms`, then until `met()` (a generous hang guard of 3 minutes). */
async function outageFor(ms: number, met: () => boolean | Promise<boolean>): Promise<void> {
  await sleep(ms);
  for (const until = performance.now() + 180_000; !(await met()) && performance.now() < until; )
    await sleep(100);
}

/**
 * The SMTP server refuses every message (451 after DATA) and the CRM answers 500, then stalls,
 * for `refuseSeconds` while the load runs; then both recover. Expect: the backlog drains after
 * recovery, nothing lost or doubled, and the retries (backoff) visible in the ledger's attempts.
 */
export async function channelOutage(scale: Scale): Promise<ScenarioResult> {
  const r = new Recorder(
    'SMTP refusing, CRM failing',
    `${scale.contacts} contacts on the five-step journey; 2 worker processes; the SMTP server answers 451 to every message and the CRM 500 (first half) then never answers (second half) for ${scale.refuseSeconds} s, then both recover`,
  );
  const env = await startChaosEnv({ workers: 2, contacts: scale.contacts });
  try {
    env.smtp.refuse(true);
    if (scale.crmOutage) env.crm.setMode('error');
    const load = postStartsOver(env, scale.contacts, Math.min(scale.loadSeconds, scale.refuseSeconds));
    // Each half lasts its time and until the outage has been met (on a busy machine the first
    // sends and handoffs may come late), so what is tested does not depend on the machine's speed.
    await outageFor((scale.refuseSeconds * 1000) / 2, () => !scale.crmOutage || env.crm.counts().failed > 0);
    if (scale.crmOutage) env.crm.setMode('stall');
    await outageFor((scale.refuseSeconds * 1000) / 2, async () => {
      const [row] = await env.sql<{ n: number }[]>`
        select count(*)::int as n from effects where kind = 'email' and (attempts > 1 or last_error is not null)`;
      return row!.n > 0;
    });
    const { retries, error: loadError } = await load;
    if (loadError) r.fail(loadError);
    const [during] = await env.sql<{ pending: number; retried: number }[]>`
      select count(*) filter (where state in ('pending', 'sending'))::int as pending,
             count(*) filter (where attempts > 1 or last_error is not null)::int as retried
      from effects where kind = 'email'`;
    env.smtp.refuse(false);
    env.crm.setMode('ok');
    const recovered = performance.now();
    // Retries wait up to minutes (full-jitter backoff): no early give-up here.
    const o = await settle(env, scale.contacts, 10 * 60_000, 10 * 60_000);
    const drainedMs = performance.now() - recovered;
    r.figure('messages refused by the SMTP server (451)', env.smtp.counts().refused);
    r.figure('CRM requests answered 500', env.crm.counts().failed);
    const [handoffs] = await env.sql<{ retried: number }[]>`
      select count(*)::int as retried from effects where kind = 'handoff' and attempts > 1`;
    if (scale.crmOutage)
      r.expect('handoffs retried with backoff (ledger attempts > 1)', handoffs!.retried, (n) => n > 0, '> 0');
    r.figure('emails waiting in the ledger when the channels recovered', during!.pending);
    r.expect(
      'emails retried with backoff during the outage (ledger attempts > 1 or last_error)',
      during!.retried,
      (n) => n > 0,
      '> 0',
    );
    r.figure('backlog drained after recovery, s', (drainedMs / 1000).toFixed(1));
    r.figure('ingest retries', retries);
    expectNothingLostOrDoubled(r, o);
    expectNoCrashes(r, env, new Set());
  } catch (error) {
    r.fail(`aborted: ${(error as Error).message}`);
    expectNoCrashes(r, env);
  } finally {
    await env.close();
  }
  return r.done();
}
