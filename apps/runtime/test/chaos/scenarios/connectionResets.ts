import { sleep } from '../../../bench/harness/stats.js';
import { type ChaosEnv, postStartsOver, settle, startChaosEnv } from '../chaosEnv.js';
import { expectNoCrashes, expectNothingLostOrDoubled } from '../delivery.js';
import { type ResetProxy, startResetProxy } from '../resetProxy.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';
import { describeStragglers } from '../stragglers.js';

const KINDS = ['database', 'smtp', 'crm'] as const;

/**
 * Issue 18: a worker exited on `read ECONNRESET`, an API process on an uncaught
 * `connect ECONNREFUSED`. Here every connection the runtime makes (Postgres, SMTP, the CRM webhook)
 * goes through a proxy that resets a random live connection, or refuses new ones for a moment,
 * every ~`everyMs` per kind while the load runs. Expect: no runtime process exits, nothing lost or
 * doubled, and an email ambiguous only where its DATA was in flight.
 */
export async function connectionResets(scale: Scale): Promise<ScenarioResult> {
  const everyMs = 300;
  const refuseMs = 300;
  const r = new Recorder(
    'Connection resets (Postgres, SMTP, CRM)',
    `${scale.contacts} contacts on the five-step journey; an API and 2 worker processes whose connections to Postgres, the SMTP server and the CRM each go through a proxy that, every ~${everyMs / 1000} s per kind, resets one live connection at random (RST) or, one time in four, refuses new ones for ${refuseMs} ms; for the load and ${scale.loadSeconds} s after it`,
  );
  const proxies = new Map<(typeof KINDS)[number], ResetProxy>();
  let env: ChaosEnv | undefined;
  try {
    env = await startChaosEnv({
      workers: 2,
      contacts: scale.contacts,
      via: async (kind, url) => {
        const proxy = await startResetProxy(url);
        proxies.set(kind, proxy);
        return proxy.via(url);
      },
    });
    for (const proxy of proxies.values()) proxy.startFaults({ everyMs, refuseMs });
    const { retries, error: loadError } = await postStartsOver(env, scale.contacts, scale.loadSeconds);
    if (loadError) r.fail(loadError);
    // Walks, waits, emails and handoffs still under way: keep faulting them for a while.
    await sleep(scale.loadSeconds * 1000);
    for (const proxy of proxies.values()) proxy.stopFaults();
    // A delivery that met a fault retries with backoff (emails from 5 s, webhooks from 30 s, ±20 %).
    const o = await settle(env, scale.contacts, 300_000, 90_000);
    for (const kind of KINDS) {
      const c = proxies.get(kind)!.counts();
      r.figure(
        `${kind}: connections / reset / refusal spells`,
        `${c.connections} / ${c.resets} / ${c.refused}`,
      );
    }
    r.figure('ingest retries (503 / refused / reset)', retries);
    r.figure('time to settle after the faults stopped (s)', (o.settledMs / 1000).toFixed(1));
    expectNothingLostOrDoubled(r, o);
    expectNoCrashes(r, env);
    if (r.result.failures.length > 0) {
      for (const line of await describeStragglers(env)) r.fail(line);
      const unsent = await env.sql<{ line: string }[]>`
        select format('not sent: effect %s %s %s attempts=%s claimed_by=%s last_error=%s updated=%s', id, kind, state,
                      attempts, claimed_by, left(last_error, 100), to_char(updated_at, 'HH24:MI:SS.MS')) as line
        from effects where state not in ('sent') limit 10`;
      for (const { line } of unsent) r.fail(line);
    }
  } catch (error) {
    r.fail(`aborted: ${(error as Error).message}`);
    if (env) expectNoCrashes(r, env);
  } finally {
    for (const proxy of proxies.values()) proxy.stopFaults();
    await env?.close();
    for (const proxy of proxies.values()) await proxy.close();
  }
  return r.done();
}
