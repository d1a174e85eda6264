import { availableParallelism } from 'node:os';
import type { Sql } from '../../src/db/connect.js';
import { machineJiffies, resetStats, statementCalls, treeCpuSeconds, walStats } from './pgSampler.js';
import { sleep, until } from './stats.js';

/** What one measured run cost, per contact. */
export interface RunFigures {
  label: string;
  contacts: number;
  seconds: number;
  contactsPerSecond: number;
  /** CPU ms per contact of the process under test (with its child processes) and of Postgres. */
  appCpuMs: number;
  postgresCpuMs: number;
  /** CPU ms per contact of the bench process: load generator and SMTP receiver. */
  benchCpuMs: number;
  statementsPerContact: number;
  walBytesPerContact: number;
  /** Cores the machine's other tenants kept busy meanwhile (all busy cores minus this run's). */
  otherCores: number;
  /** Requests answered 503 (refused by admission) and sent again. */
  retried: number;
}

export interface Target {
  /** e.g. `${runtime.url}/v1/events`. */
  url: string;
  headers?: Record<string, string>;
}

export interface BenchEvent {
  id: string;
  contactId: string;
  type: string;
}

/** `count` trigger events for contacts `<prefix><i>`. */
export const triggerEvents = (prefix: string, type: string, count: number): BenchEvent[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-e${i}`, contactId: `${prefix}${i}`, type }));

let retried = 0;
async function post(target: Target, body: unknown): Promise<void> {
  for (;;) {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 503 || res.status === 429) {
      retried++;
      await sleep(20);
      continue;
    }
    if (res.status >= 300) throw new Error(`POST ${target.url} → ${res.status}: ${text.slice(0, 300)}`);
    return;
  }
}

/** Posts the events in batches of `size`, one request at a time (the throughput bench's load). */
export const batched = (size: number) => async (target: Target, events: BenchEvent[]) => {
  for (let from = 0; from < events.length; from += size)
    await post(target, { batch: events.slice(from, from + size) });
};

/** One event per POST, `inFlight` requests at a time: how webhooks and trackers send. */
export const singles = (inFlight: number) => async (target: Target, events: BenchEvent[]) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < events.length) await post(target, events[next++]);
    }),
  );
};

/**
 * Posts `events` to `target` with `load` and times until `done` says every contact was served;
 * CPU of the process under test (`appPid` and its children) and of Postgres (`postmasterPid` and
 * its backends), statements and WAL over the same span.
 */
export async function measureRun(options: {
  label: string;
  sql: Sql;
  appPid: number;
  postmasterPid: number;
  target: Target;
  events: BenchEvent[];
  load: (target: Target, events: BenchEvent[]) => Promise<void>;
  /** How many contacts are served so far (called once before the load, to take its baseline). */
  served: () => Promise<number>;
}): Promise<RunFigures> {
  const { sql, events } = options;
  await resetStats(sql);
  retried = 0;
  const app0 = await treeCpuSeconds(options.appPid);
  const pg0 = await treeCpuSeconds(options.postmasterPid);
  await options.served(); // its baseline
  const bench0 = process.cpuUsage();
  const machine0 = await machineJiffies();
  const started = performance.now();
  await options.load(options.target, events);
  await until(
    `${options.label}: every contact served`,
    async () => (await options.served()) >= events.length,
    15 * 60_000,
    100,
  );
  const seconds = (performance.now() - started) / 1000;
  const app = (await treeCpuSeconds(options.appPid)) - app0;
  const pg = (await treeCpuSeconds(options.postmasterPid)) - pg0;
  const bench = process.cpuUsage(bench0);
  const machine1 = await machineJiffies();
  const total = machine1.total - machine0.total;
  const busyCores = total > 0 ? (1 - (machine1.idle - machine0.idle) / total) * availableParallelism() : 0;
  const ours = (app + pg + (bench.user + bench.system) / 1e6) / seconds;
  const n = events.length;
  return {
    label: options.label,
    contacts: n,
    seconds,
    contactsPerSecond: n / seconds,
    appCpuMs: (app * 1000) / n,
    postgresCpuMs: (pg * 1000) / n,
    benchCpuMs: (bench.user + bench.system) / 1000 / n,
    statementsPerContact: (await statementCalls(sql)) / n,
    walBytesPerContact: (await walStats(sql)).bytes / n,
    otherCores: Math.max(0, busyCores - ours),
    retried,
  };
}

/**
 * Contacts whose one ledger row (email or handoff) is sent: served by Crossroads. Counts ledger
 * rows made since its first call (measureRun makes it before the load), by primary key: a scan of
 * the whole ledger every 100 ms would be Postgres CPU charged to the run.
 */
export const crossroadsServed = (sql: Sql) => {
  let after: string | undefined;
  return async () => {
    if (after === undefined) {
      const [row] = await sql<{ max: string }[]>`select coalesce(max(id), 0)::text as max from effects`;
      after = row?.max ?? '0';
      return 0;
    }
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from effects where id > ${after}::bigint and state = 'sent'`;
    return row?.n ?? 0;
  };
};
