import type { RuntimeProcess } from '../../../bench/harness/runtimeProcess.js';
import { sleep } from '../../../bench/harness/stats.js';
import { type ChaosEnv, postStartsOver, settle, startChaosEnv } from '../chaosEnv.js';
import { expectNoCrashes, expectNothingLostOrDoubled } from '../delivery.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

/** Jobs a worker held (running or in its local queue) when it was killed. */
async function lockedBy(env: ChaosEnv, worker: RuntimeProcess): Promise<{ poolId?: string; jobs: string[] }> {
  const [row] = await env.sql<
    { poolId: string }[]
  >`select pool_id from worker_processes where pid = ${worker.pid}`;
  if (!row) return { jobs: [] };
  const jobs = await env.sql<{ id: string }[]>`
    select id::text from graphile_worker._private_jobs where locked_by = ${row.poolId}`;
  return { poolId: row.poolId, jobs: jobs.map((j) => j.id) };
}

/** Milliseconds until none of `jobs` is still held by the dead pool or waiting unlocked and due. */
async function timeToResume(env: ChaosEnv, poolId: string, jobs: string[], since: number): Promise<number> {
  for (;;) {
    const [row] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs
      where id = any(${jobs}::bigint[]) and (locked_by = ${poolId} or (locked_by is null and run_at <= now()))`;
    if (row!.n === 0) return performance.now() - since;
    if (performance.now() - since > 120_000) return Number.POSITIVE_INFINITY;
    await sleep(100);
  }
}

/**
 * Two `runtime worker` processes run the five-step journey for `scale.contacts` contacts while one
 * of them is SIGKILLed every `killEveryMs` and started again. Expect: nothing lost or doubled, and
 * every job a killed worker held picked up again within 30 s (the dead-worker sweeper).
 */
export async function sigkillWorkers(scale: Scale): Promise<ScenarioResult> {
  const r = new Recorder(
    'SIGKILL workers',
    `${scale.contacts} contacts on trigger → gate → send → wait (PT1S) → handoff; 2 worker processes; one SIGKILLed every ${scale.killEveryMs / 1000} s while the load runs, then restarted`,
  );
  const env = await startChaosEnv({ workers: 2, contacts: scale.contacts });
  try {
    const killed = new Set<number>();
    const resumes: Promise<number>[] = [];
    let stranded = 0;
    let loading = true;
    const load = postStartsOver(env, scale.contacts, scale.loadSeconds).finally(() => {
      loading = false;
    });
    let kills = 0;
    const started = performance.now();
    // Keep killing while events arrive and a little after (waits and deliveries are then in flight).
    while (loading || performance.now() - started < (scale.loadSeconds + 4) * 1000) {
      await sleep(scale.killEveryMs);
      const victim = env.workers.find((w) => w.exitCode() === null && !killed.has(w.pid));
      if (!victim) continue;
      const held = await lockedBy(env, victim);
      const at = performance.now();
      killed.add(victim.pid);
      await victim.kill();
      kills++;
      if (held.poolId && held.jobs.length > 0) {
        stranded += held.jobs.length;
        resumes.push(timeToResume(env, held.poolId, held.jobs, at));
      }
      await env.addWorker();
    }
    const { retries, error: loadError } = await load;
    if (loadError) r.fail(loadError);
    const resumeMs = await Promise.all(resumes);
    const o = await settle(env, scale.contacts, 180_000, scale.stallMs);
    r.figure('workers SIGKILLed (and restarted)', kills);
    r.figure('jobs held by killed workers (stranded)', stranded);
    const worst = resumeMs.length ? Math.max(...resumeMs) : 0;
    r.expect(
      'slowest stranded batch picked up again (s)',
      Number((worst / 1000).toFixed(1)),
      (s) => s <= 30,
      '≤ 30',
    );
    r.figure('ingest retries (503 / refused)', retries);
    r.figure('time to settle after the last kill (s)', (o.settledMs / 1000).toFixed(1));
    expectNothingLostOrDoubled(r, o);
    expectNoCrashes(r, env, killed);
  } catch (error) {
    r.fail(`aborted: ${(error as Error).message}`);
    expectNoCrashes(r, env);
  } finally {
    await env.close();
  }
  return r.done();
}
