import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Sql } from '../db/connect.js';

export interface TestDatabase {
  url: string;
  sql: Sql;
  /** Drops the database (call in afterAll). */
  drop(): Promise<void>;
}

/** A fresh, migrated, real Postgres database for one test file (cloned from the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject('testPostgres');
  const name = `crossroads_test_${randomBytes(6).toString('hex')}`;
  const admin = connect(adminUrl, { max: 1 });
  await admin.unsafe(`create database "${name}" template "${template}"`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const sql = connect(url);
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const cleanup = connect(adminUrl, { max: 1 });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
