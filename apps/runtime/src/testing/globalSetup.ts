import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '../db/connect.js';
import { freePort } from '../db/dataFolder.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate, migrationsFingerprint } from '../db/migrate.js';
import { createLogger } from '../logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgres: { adminUrl: string; template: string };
  }
}

/**
 * One real Postgres for the whole run (embedded, or TEST_DATABASE_URL's server), and a migrated
 * template database; each test file clones it into a fresh database (createTestDatabase).
 */
export default async function setup(project: TestProject) {
  const logger = createLogger('silent');
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    // A throwaway cluster per run (own folder, free port), so parallel runs never share one.
    const dataDir = await mkdtemp(join(tmpdir(), 'crossroads-test-pg-'));
    await chmod(dataDir, 0o755); // Postgres runs as its own user when we are root.
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      logger,
      fast: true,
      ephemeral: true,
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
    stop = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const template = `crossroads_tpl_${await migrationsFingerprint()}`;
  const admin = connect(adminUrl, { max: 1 });
  const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
  if (!exists) {
    const building = `${template}_building_${process.pid}`;
    await admin.unsafe(`create database "${building}"`);
    const url = adminUrl.replace(/\/[^/]*$/, `/${building}`);
    const sql = connect(url, { max: 1 });
    await migrate(sql, url, logger);
    await sql.end();
    await admin.unsafe(`alter database "${building}" rename to "${template}"`);
  }
  // Leftovers from runs that were killed.
  const stale = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like 'crossroads_test_%'`;
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  await admin.end();
  project.provide('testPostgres', { adminUrl, template });
  return async () => {
    await stop?.();
  };
}
