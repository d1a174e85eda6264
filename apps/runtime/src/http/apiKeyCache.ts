import {
  type ApiKeyIdentity,
  findApiKey,
  hashKey,
  LAST_USED_RESOLUTION_MS,
  touchApiKey,
} from '../access/apiKeys.js';
import type { Sql } from '../db/connect.js';

/**
 * How long a verified API key is trusted without asking the database again. A key revoked through
 * this process fails at once (`forgetApiKeys`); one revoked through another process (or in SQL)
 * still works here for at most this long.
 */
export const API_KEY_TTL_MS = 5_000;
const MAX_KEYS = 10_000;

interface Entry {
  identity: ApiKeyIdentity;
  expiresAt: number;
}

// One cache per database pool, so apps on different databases in one process never share keys.
// Entries are keyed by the key's hash: the secrets themselves are not kept.
const caches = new WeakMap<Sql, Map<string, Entry>>();
// When this process last wrote each key's last_used_at (by key id).
const touched = new WeakMap<Sql, Map<string, number>>();

/** Records the key's use at most once a minute per process, off the request's path. */
function noteUse(sql: Sql, identity: ApiKeyIdentity, now: number): void {
  const times = touched.get(sql) ?? new Map<string, number>();
  touched.set(sql, times);
  if (now - (times.get(identity.keyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
  if (times.size >= MAX_KEYS) times.clear();
  times.set(identity.keyId, now);
  // A lost update only makes "last used" a minute older; it must never fail the request.
  touchApiKey(sql, identity.keyId).catch(() => times.delete(identity.keyId));
}

/**
 * The identity of a live API key, or null when it is unknown or revoked. Verified keys are
 * remembered for API_KEY_TTL_MS: without this, every request (an ingest batch too) paid a
 * database round trip before its real work. Unknown keys are never remembered.
 *
 * @example
 * const identity = await verifiedApiKey(deps.sql, 'crk_…');
 * if (!identity) throw new HttpProblem(401, 'Unauthorized', '…');
 */
export async function verifiedApiKey(sql: Sql, key: string): Promise<ApiKeyIdentity | null> {
  const cache = caches.get(sql) ?? new Map<string, Entry>();
  caches.set(sql, cache);
  const hash = hashKey(key);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.expiresAt > now) {
    noteUse(sql, hit.identity, now);
    return hit.identity;
  }
  const identity = await findApiKey(sql, key);
  if (!identity) {
    cache.delete(hash);
    return null;
  }
  if (cache.size >= MAX_KEYS) cache.clear();
  cache.set(hash, { identity, expiresAt: now + API_KEY_TTL_MS });
  noteUse(sql, identity, now);
  return identity;
}

/** The identity of a key verified within API_KEY_TTL_MS, from the cache only (no database, no await). */
export function knownApiKey(sql: Sql, key: string): ApiKeyIdentity | undefined {
  const hit = caches.get(sql)?.get(hashKey(key));
  return hit && hit.expiresAt > Date.now() ? hit.identity : undefined;
}

/**
 * Forgets every verified key of this database, so a revocation made by this process takes effect
 * on its next request.
 *
 * @example
 * await revokeApiKey(sql, actor, id);
 * forgetApiKeys(sql);
 */
export function forgetApiKeys(sql: Sql): void {
  caches.get(sql)?.clear();
}
