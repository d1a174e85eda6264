import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import type { Logger } from '../logger.js';
import type { Sql } from './connect.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 727_001;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Numbered plain SQL files `NNN_name.sql`, in order. */
export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      id: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: await readFile(join(migrationsDir, file), 'utf8'),
    })),
  );
}

/** Changes whenever a migration file changes: names test template databases. */
export async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await loadMigrations()) hash.update(`${m.id}:${m.name}:${m.sql}`);
  return hash.digest('hex').slice(0, 12);
}

/**
 * Applies pending migrations forward-only, each in its own transaction, under an advisory lock so
 * several processes starting at once apply each migration exactly once. Then Graphile Worker's own.
 */
export async function migrate(sql: Sql, url: string, logger: Logger): Promise<number[]> {
  const migrations = await loadMigrations();
  const applied: number[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`create table if not exists crossroads_migrations (
      id integer primary key, name text not null, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ id: number }[]>`select id from crossroads_migrations`).map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      logger.info({ migration: `${m.id}_${m.name}` }, 'applying migration');
      await tx.unsafe(m.sql);
      await tx`insert into crossroads_migrations (id, name) values (${m.id}, ${m.name})`;
      applied.push(m.id);
    }
  });
  await runWorkerMigrations({ connectionString: url, logger: undefined });
  return applied;
}
