import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from '../../src/db/connect.js';

export interface WaitSample {
  /** Share of sampled active backends per wait (`CPU` when running, e.g. `IO:WalSync`, `Lock:tuple`). */
  waits: Array<{ wait: string; share: number }>;
  /** Mean number of backends running a statement, and idle inside a transaction. */
  meanActive: number;
  meanIdleInTransaction: number;
  samples: number;
  /** What the backends waiting on a heavyweight lock waited for, e.g. `object pg_database/0` (NOTIFY's commit lock). */
  lockTargets: Array<{ target: string; share: number }>;
}

/**
 * Samples pg_stat_activity every `everyMs` while a run goes on: what the backends of the database
 * are waiting for (the wait event), or `CPU` when they run. Stop it to get the distribution.
 *
 * @example
 * const sampler = sampleWaits(sql); ...; const waits = await sampler.stop();
 */
export function sampleWaits(sql: Sql, everyMs = 50): { stop(): Promise<WaitSample> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let active = 0;
  let idleInTx = 0;
  const targets = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const blocked = await sql<{ target: string }[]>`
        select locktype || coalesce(' ' || classid::regclass::text || '/' || objid, ' ' || relation::regclass::text, '') as target
        from pg_locks where not granted`.catch(() => []);
      for (const { target } of blocked) targets.set(target, (targets.get(target) ?? 0) + 1);
      const rows = await sql<{ state: string; wait: string | null }[]>`
        select state, case when wait_event is null then 'CPU' else wait_event_type || ':' || wait_event end as wait
        from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
          and state in ('active', 'idle in transaction')`.catch(() => []);
      samples++;
      for (const row of rows) {
        if (row.state === 'idle in transaction') {
          idleInTx++;
          continue;
        }
        active++;
        const wait = row.wait ?? 'CPU';
        counts.set(wait, (counts.get(wait) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
      const blockedTotal = [...targets.values()].reduce((a, b) => a + b, 0) || 1;
      return {
        lockTargets: [...targets.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([target, n]) => ({ target, share: n / blockedTotal })),
        waits: [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([wait, n]) => ({ wait, share: n / total })),
        meanActive: active / Math.max(1, samples),
        meanIdleInTransaction: idleInTx / Math.max(1, samples),
        samples,
      };
    },
  };
}

/** The statements that took the most time since the last reset (pg_stat_statements). */
export async function topStatements(sql: Sql, limit = 6) {
  return sql<{ query: string; calls: number; totalMs: number; meanMs: number }[]>`
    select left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query, calls::int,
           round(total_exec_time::numeric, 1)::float8 as total_ms, round(mean_exec_time::numeric, 3)::float8 as mean_ms
    from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time desc limit ${limit}`;
}

/** Statements sent since the last reset (top level, so not those run inside functions). */
export async function statementCalls(sql: Sql): Promise<number> {
  const [row] = await sql<{ calls: string | null }[]>`
    select sum(calls)::text as calls from pg_stat_statements
    where toplevel and dbid = (select oid from pg_database where datname = current_database())`;
  return Number(row?.calls ?? 0);
}

/** WAL written and fsyncs since the last reset (pg_stat_wal). */
export async function walStats(sql: Sql) {
  const [row] = await sql<{ walBytes: string; walRecords: string }[]>`
    select wal_bytes::text, wal_records::text from pg_stat_wal`;
  // PostgreSQL 18 counts WAL fsyncs in pg_stat_io (object 'wal').
  const [io] = await sql<{ fsyncs: string | null }[]>`
    select sum(fsyncs)::text as fsyncs from pg_stat_io where object = 'wal'`.catch(() => [{ fsyncs: null }]);
  return {
    bytes: Number(row?.walBytes ?? 0),
    records: Number(row?.walRecords ?? 0),
    syncs: Number(io?.fsyncs ?? 0),
  };
}

export async function resetStats(sql: Sql): Promise<void> {
  await sql`select pg_stat_statements_reset()`;
  await sql`select pg_stat_reset_shared('wal')`;
  await sql`select pg_stat_reset_shared('io')`.catch(() => {});
}

/** CPU seconds used so far by a process (user + system), from /proc. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU seconds of every process whose parent is `parentPid` (Postgres backends of a postmaster), plus its own. */
export async function treeCpuSeconds(parentPid: number): Promise<number> {
  let total = await cpuSeconds(parentPid);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === parentPid) total += (Number(fields[11]) + Number(fields[12])) / 100;
  }
  return total;
}

/** Jiffies of all CPUs from /proc/stat: total and idle (idle + iowait). */
export async function machineJiffies(): Promise<{ total: number; idle: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  const n = line.trim().split(/\s+/).slice(1).map(Number);
  return { total: n.reduce((a, b) => a + b, 0), idle: (n[3] ?? 0) + (n[4] ?? 0) };
}
