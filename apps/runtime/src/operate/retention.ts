import { recordAudit } from '../access/audit.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import type { Logger } from '../logger.js';

/**
 * The tables retention keeps bounded (migration 225): each is partitioned by week on the time its
 * rows were written, with a default partition for rows outside every week created.
 */
export const RETAINED_TABLES = [
  { table: 'events', key: 'received_at' },
  { table: 'journey_steps', key: 'at' },
  { table: 'messages', key: 'created_at' },
] as const;

type Table = (typeof RETAINED_TABLES)[number];

export interface RetentionOptions {
  /** Rows written more than this many days ago are deleted (RETENTION_DAYS). */
  retentionDays: number;
  /** The clock (tests move it). */
  now?: Date;
  /** Weeks created ahead of the current one, so inserts never land in the default partition. */
  aheadWeeks?: number;
}

export interface Dropped {
  table: string;
  partition: string;
  rows: number;
}

export interface RetentionReport {
  created: string[];
  dropped: Dropped[];
}

const DAY_MS = 86_400_000;
/** Creating, detaching and dropping wait this long at most for the tables' locks, then try next run. */
const LOCK_TIMEOUT = '3s';
/** One maintenance run at a time (the crontab runs one, tests may call it beside it). */
const RETENTION_LOCK = 727_003;

/** Monday 00:00 UTC of the week holding `at`, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

const weekOfName = (name: string) => `${name.slice(-8, -4)}-${name.slice(-4, -2)}-${name.slice(-2)}`;
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The maintenance task (worker crontab, hourly): creates the weeks ahead, then detaches and drops
 * every weekly partition whose whole week ended more than `retentionDays` ago, and deletes rows
 * that old from the default partition. Each drop is audited in every workspace that had rows in it
 * (actor `system`: the log is per workspace), with the rows dropped and the cutoff, in the
 * transaction that drops. A partition detached by a run that died is dropped by the next one.
 */
export async function runRetention(
  sql: Sql,
  logger: Logger,
  options: RetentionOptions,
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const report: RetentionReport = { created: [], dropped: [] };
  for (const spec of RETAINED_TABLES) {
    report.created.push(...(await createAhead(sql, logger, spec, now, options.aheadWeeks ?? 4)));
    await detachExpired(sql, logger, spec, cutoff);
    report.dropped.push(...(await dropDetached(sql, logger, spec, cutoff, options.retentionDays)));
    const old = await deleteFromDefault(sql, logger, spec, cutoff, options.retentionDays);
    if (old) report.dropped.push(old);
  }
  if (report.created.length > 0 || report.dropped.length > 0)
    logger.info({ ...report, cutoff: cutoff.toISOString() }, 'retention: partitions created and dropped');
  return report;
}

/**
 * One step in its own transaction, one run at a time. A table lock not had within LOCK_TIMEOUT
 * (55P03: a long transaction holds the table) leaves the step to the next run instead of failing
 * the others: undefined then.
 */
async function locked<T>(
  sql: Sql,
  logger: Logger,
  step: string,
  run: (tx: TransactionSql) => Promise<T>,
): Promise<T | undefined> {
  try {
    return (await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${RETENTION_LOCK})`;
      await tx.unsafe(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      return run(tx);
    })) as T;
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    logger.warn({ step }, 'retention: a table was busy; this step is tried again at the next run');
    return undefined;
  }
}

/** This week's partition and `ahead` more (rows of those weeks already in the default are moved). */
async function createAhead(
  sql: Sql,
  logger: Logger,
  { table, key }: Table,
  now: Date,
  ahead: number,
): Promise<string[]> {
  const first = weekOf(now);
  const weeks = Array.from({ length: ahead + 1 }, (_, i) => plusDays(first, 7 * i));
  const rows = await locked(
    sql,
    logger,
    `create ${table}`,
    (tx) => tx<{ week: string; created: boolean }[]>`
      select week::text, crossroads_week_partition(${table}, ${key}, week) as created
      from unnest(${weeks}::date[]) as week order by week`,
  );
  return (rows ?? []).filter((r) => r.created).map((r) => `${table}_p${r.week.replaceAll('-', '')}`);
}

/** Weekly partitions still attached whose week ended at or before the cutoff. */
async function detachExpired(sql: Sql, logger: Logger, { table }: Table, cutoff: Date): Promise<void> {
  const attached = await sql<{ name: string }[]>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass and c.relname ~ ${`^${table}_p[0-9]{8}$`}
    order by c.relname`;
  for (const { name } of attached) {
    if (Date.parse(`${plusDays(weekOfName(name), 7)}T00:00:00Z`) > cutoff.getTime()) continue;
    // Its own short transaction: the parent's lock is held only for the detach.
    await locked(
      sql,
      logger,
      `detach ${name}`,
      (tx) => tx`alter table ${tx(table)} detach partition ${tx(name)}`,
    );
  }
}

/** Detached weekly tables past the cutoff: counted per workspace, audited, dropped (one transaction each). */
async function dropDetached(
  sql: Sql,
  logger: Logger,
  { table }: Table,
  cutoff: Date,
  retentionDays: number,
): Promise<Dropped[]> {
  const detached = await sql<{ name: string }[]>`
    select relname as name from pg_class
    where relname ~ ${`^${table}_p[0-9]{8}$`} and relkind = 'r' and not relispartition
      and relnamespace = current_schema()::regnamespace
    order by relname`;
  const dropped: Dropped[] = [];
  for (const { name } of detached) {
    const from = weekOfName(name);
    const before = plusDays(from, 7);
    if (Date.parse(`${before}T00:00:00Z`) > cutoff.getTime()) continue;
    const rows = await locked(sql, logger, `drop ${name}`, async (tx) => {
      const perWorkspace = await tx<{ workspaceId: string; rows: number }[]>`
        select p.workspace_id, count(*)::int as rows from ${tx(name)} p
        join workspaces w on w.id = p.workspace_id group by p.workspace_id order by p.workspace_id`;
      if (table === 'events')
        await tx`delete from event_keys k using ${tx(name)} e where k.workspace_id = e.workspace_id and k.id = e.id`;
      await tx`drop table ${tx(name)}`;
      for (const w of perWorkspace)
        await audit(tx, w, { table, partition: name, from, before, cutoff, retentionDays });
      return perWorkspace.reduce((n, w) => n + w.rows, 0);
    });
    if (rows !== undefined) dropped.push({ table, partition: name, rows });
  }
  return dropped;
}

/** Rows older than the cutoff that no week held (written before the weeks were created). */
async function deleteFromDefault(
  sql: Sql,
  logger: Logger,
  { table, key }: Table,
  cutoff: Date,
  retentionDays: number,
): Promise<Dropped | undefined> {
  const name = `${table}_default`;
  const rows = await locked(sql, logger, `delete from ${name}`, async (tx) => {
    const perWorkspace = await tx<{ workspaceId: string; rows: number }[]>`
      with gone as (
        delete from ${tx(name)} where ${tx(key)} < ${cutoff}
        returning workspace_id${table === 'events' ? tx`, id` : tx``}),
      ${
        table === 'events'
          ? tx`keys as (delete from event_keys k using gone where k.workspace_id = gone.workspace_id and k.id = gone.id),`
          : tx``
      }
      counted as (select workspace_id, count(*)::int as rows from gone group by workspace_id)
      select c.workspace_id, c.rows from counted c join workspaces w on w.id = c.workspace_id
      order by c.workspace_id`;
    const before = cutoff.toISOString();
    for (const w of perWorkspace)
      await audit(tx, w, { table, partition: name, from: null, before, cutoff, retentionDays });
    return perWorkspace.reduce((n, w) => n + w.rows, 0);
  });
  return rows ? { table, partition: name, rows } : undefined;
}

async function audit(
  tx: TransactionSql,
  w: { workspaceId: string; rows: number },
  d: {
    table: string;
    partition: string;
    from: string | null;
    before: string;
    cutoff: Date;
    retentionDays: number;
  },
): Promise<void> {
  await recordAudit(tx, {
    workspaceId: w.workspaceId,
    actor: 'system',
    actorRole: null,
    action: 'retention.dropped',
    subject: d.table,
    details: {
      table: d.table,
      partition: d.partition,
      rows: w.rows,
      from: d.from,
      before: d.before,
      cutoff: d.cutoff.toISOString(),
      retentionDays: d.retentionDays,
    },
  });
}
