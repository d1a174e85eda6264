import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connect.js';

const cache = new WeakMap<object, Map<string, Buffer>>();

/**
 * A per-instance secret, created in the database on first use (32 random bytes) and cached per
 * pool. Every process of the instance reads the same row, so tokens one signs another verifies.
 * It never comes from the environment, so a fresh install needs no setup.
 */
export async function instanceSecret(sql: Queryable, name: string): Promise<Buffer> {
  const known = cache.get(sql)?.get(name);
  if (known) return known;
  await sql`insert into instance_secrets (name, secret) values (${name}, ${randomBytes(32)})
            on conflict (name) do nothing`;
  const [row] = await sql<{ secret: Buffer }[]>`select secret from instance_secrets where name = ${name}`;
  const secret = (row as { secret: Buffer }).secret;
  const forPool = cache.get(sql) ?? new Map<string, Buffer>();
  forPool.set(name, secret);
  cache.set(sql, forPool);
  return secret;
}

/** The secret behind tracking, unsubscribe and reply tokens. */
export const trackingSecret = (sql: Queryable) => instanceSecret(sql, 'tracking');
