import { BENCH_ADMIN_KEY } from '../../../bench/harness/runtimeProcess.js';
import { sleep } from '../../../bench/harness/stats.js';
import { type ChaosEnv, postStartsOver, settle, startChaosEnv } from '../chaosEnv.js';
import { expectNoCrashes, expectNothingLostOrDoubled } from '../delivery.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';
import { describeAmbiguous, describeStragglers } from '../stragglers.js';

interface Probe {
  at: number;
  /** Milliseconds until the answer (or the network error). */
  took: number;
  route: string;
  status: number | 'network';
  retryAfter: string | null;
  error?: string;
}

/** Calls a read and a write route every 50 ms until stopped, recording each answer. */
function probeApi(env: ChaosEnv): { stop(): Promise<Probe[]> } {
  const probes: Probe[] = [];
  let running = true;
  let n = 0;
  const call = async (method: string, path: string, body?: unknown) => {
    const at = performance.now();
    try {
      const res = await fetch(`${env.api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      const took = performance.now() - at;
      probes.push({
        at,
        took,
        route: `${method} ${path}`,
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
      });
    } catch (error) {
      const took = performance.now() - at;
      const message = (error as Error).message;
      probes.push({
        at,
        took,
        route: `${method} ${path}`,
        status: 'network',
        retryAfter: null,
        error: message,
      });
    }
  };
  const loop = (async () => {
    while (running) {
      n++;
      await Promise.all([
        call('GET', '/v1/workflows'),
        call('POST', '/v1/events', { id: `probe-${n}`, contactId: 'probe', type: 'chaos.probe' }),
      ]);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return probes;
    },
  };
}

/** Milliseconds from `since` until GET /v1/workflows answers 2xx (each try bounded to 2 s; Infinity after 30 s). */
async function firstAnswer(env: ChaosEnv, since: number): Promise<number> {
  while (performance.now() - since < 30_000) {
    const ok = await fetch(`${env.api.url}/v1/workflows`, {
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
      signal: AbortSignal.timeout(2000),
    }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return performance.now() - since;
    await sleep(100);
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Postgres is stopped in immediate mode (a crash: no checkpoint, WAL replay on start) in the
 * middle of the load and started again after `outageMs`. Expect: the API answers 503 with
 * Retry-After (never 500) while it is down, every process survives, work resumes by itself, and
 * nothing is lost or doubled.
 */
export async function postgresRestart(scale: Scale): Promise<ScenarioResult> {
  const r = new Recorder(
    'Postgres restart (immediate mode)',
    `${scale.contacts} contacts on the five-step journey; 1 API + 2 worker processes; halfway through the load \`pg_ctl stop -m immediate\`, ${scale.outageMs / 1000} s down, then started again; a prober calls GET /v1/workflows and POST /v1/events every 50 ms throughout`,
  );
  const env = await startChaosEnv({ workers: 2, contacts: scale.contacts });
  try {
    const probe = probeApi(env);
    const load = postStartsOver(env, scale.contacts, scale.loadSeconds);
    await sleep((scale.loadSeconds * 1000) / 2);
    const [before] = await env.sql<{ n: number }[]>`select count(*)::int as n from journey_steps`;
    const down = performance.now();
    await env.cluster.kill();
    await sleep(scale.outageMs);
    const upStarted = performance.now();
    await env.cluster.start();
    const up = performance.now();
    const apiRecovered = firstAnswer(env, up);
    // Our own pool reconnects on the next query.
    let workResumedMs = Number.NaN;
    for (let i = 0; i < scale.stallMs / 100; i++) {
      const [row] = await env.sql<{ n: number }[]>`select count(*)::int as n from journey_steps`.catch(() => [
        { n: 0 },
      ]);
      if (row!.n > before!.n) {
        workResumedMs = performance.now() - up;
        break;
      }
      await sleep(100);
    }
    const { retries, error: loadError } = await load;
    if (loadError) r.fail(loadError);
    await sleep(1000);
    const probes = await probe.stop();
    const o = await settle(env, scale.contacts, 180_000, scale.stallMs);

    const during = probes.filter((p) => p.at >= down && p.at <= up + 500);
    const apiRecoveredMs = await apiRecovered;
    const count = (f: (p: Probe) => boolean) => probes.filter(f).length;
    r.figure('Postgres down (stop → ready again), s', ((up - down) / 1000).toFixed(1));
    r.figure('of which start + WAL replay, s', ((up - upStarted) / 1000).toFixed(1));
    r.figure('probe answers in all / during the outage', `${probes.length} / ${during.length}`);
    r.figure(
      '503 answers',
      count((p) => p.status === 503),
    );
    r.expect(
      '500 answers',
      count((p) => p.status === 500),
      (n) => n === 0,
      '0',
    );
    r.expect(
      'other 5xx answers',
      count((p) => typeof p.status === 'number' && p.status > 500 && p.status !== 503),
      (n) => n === 0,
      '0',
    );
    r.expect(
      '503 answers without Retry-After',
      count((p) => p.status === 503 && !p.retryAfter),
      (n) => n === 0,
      '0',
    );
    r.expect(
      'probes with no HTTP answer (API process gone or hung)',
      count((p) => p.status === 'network'),
      (n) => n === 0,
      '0',
    );
    for (const p of probes.filter((p) => p.status === 'network')) {
      r.fail(
        `${p.route} sent ${((p.at - down) / 1000).toFixed(2)} s after the stop got no answer in ${(p.took / 1000).toFixed(1)} s (${p.error})`,
      );
    }
    r.expect(
      'slowest answer, s',
      Number((Math.max(...probes.map((p) => p.took)) / 1000).toFixed(2)),
      // The API's request deadline (REQUEST_TIMEOUT_MS, 8 s) answers 503 by then at the latest.
      (s) => s <= 9,
      '≤ 9',
    );
    r.expect(
      'API answering 2xx again after Postgres is up, s',
      Number((apiRecoveredMs / 1000).toFixed(2)),
      (s) => s <= 10,
      '≤ 10',
    );
    r.expect(
      'first journey step after Postgres is up, s',
      Number((workResumedMs / 1000).toFixed(2)),
      (s) => s <= 30,
      '≤ 30',
    );
    r.figure('ingest retries by the load generator (503 / refused)', retries);
    r.figure('time to settle after the load, s', (o.settledMs / 1000).toFixed(1));
    expectNothingLostOrDoubled(r, o);
    if (r.result.failures.length > 0) for (const line of await describeStragglers(env)) r.fail(line);
    if (o.emailsAmbiguous > 0) for (const line of await describeAmbiguous(env)) console.log(`    ${line}`);
    expectNoCrashes(r, env, new Set());
  } catch (error) {
    r.fail(`aborted: ${(error as Error).message}`);
    expectNoCrashes(r, env);
  } finally {
    await env.close();
  }
  return r.done();
}
