import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '../db/connect.js';
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
    const embedded = await startEmbeddedPostgres({
      dataDir: resolve(import.meta.dirname, '../../../../.data/test'),
      port: Number(process.env.TEST_PG_PORT ?? 54339),
      logger,
      fast: true,
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
    stop = embedded.stop;
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
