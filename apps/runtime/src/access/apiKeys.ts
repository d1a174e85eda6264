import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@crossroads/api';
import type { Queryable, Sql } from '../db/connect.js';
import { recordAudit } from './audit.js';

export interface ApiKeyIdentity {
  keyId: string;
  keyName: string;
  workspaceId: string;
  role: Role;
  instanceAdmin: boolean;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new random key: shown to its owner once, stored only as a hash. */
export function generateKey(): string {
  return `crk_${randomBytes(24).toString('base64url')}`;
}

export async function createApiKey(
  sql: Queryable,
  input: { workspaceId: string; name: string; role: Role; instanceAdmin?: boolean; key?: string },
): Promise<{ id: string; key: string }> {
  const key = input.key ?? generateKey();
  const [row] = await sql<{ id: string }[]>`
    insert into api_keys (workspace_id, name, role, instance_admin, key_hash, key_prefix)
    values (${input.workspaceId}, ${input.name}, ${input.role}, ${input.instanceAdmin ?? false},
            ${hashKey(key)}, ${key.slice(0, 8)})
    returning id`;
  return { id: row!.id, key };
}

export async function findApiKey(sql: Queryable, key: string): Promise<ApiKeyIdentity | null> {
  const [row] = await sql<ApiKeyIdentity[]>`
    select id as key_id, name as key_name, workspace_id, role, instance_admin
    from api_keys where key_hash = ${hashKey(key)} and revoked_at is null`;
  return row ?? null;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  /** First characters of the key, to recognise it; the key itself is never stored. */
  prefix: string;
  instanceAdmin: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The workspace's keys, newest first, revoked ones included (marked by revokedAt). */
export async function listApiKeys(sql: Sql, workspaceId: string): Promise<ApiKeySummary[]> {
  return sql<ApiKeySummary[]>`
    select id, name, role, key_prefix as prefix, instance_admin, created_at, revoked_at, last_used_at
    from api_keys where workspace_id = ${workspaceId}
    order by created_at desc, id`;
}

/**
 * Revokes a key of the workspace (it answers 401 from then on) and records who did it.
 * Returns null when no such key exists in this workspace; revoking twice keeps the first time.
 */
export async function revokeApiKey(
  sql: Sql,
  actor: { workspaceId: string; name: string },
  id: string,
): Promise<ApiKeySummary | null> {
  return sql.begin(async (tx) => {
    const [row] = await tx<ApiKeySummary[]>`
      update api_keys set revoked_at = coalesce(revoked_at, now())
      where workspace_id = ${actor.workspaceId} and id = ${id}
      returning id, name, role, key_prefix as prefix, instance_admin, created_at, revoked_at, last_used_at`;
    if (!row) return null;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'key.revoked',
      subject: id,
      details: { name: row.name, role: row.role },
    });
    return row;
  });
}

/** Creates a workspace key (never an instance admin) and records it in the audit log. */
export async function issueApiKey(
  sql: Sql,
  actor: { workspaceId: string; name: string },
  input: { name: string; role: Role },
): Promise<{ id: string; key: string; name: string; role: Role; prefix: string }> {
  return sql.begin(async (tx) => {
    const { id, key } = await createApiKey(tx, { workspaceId: actor.workspaceId, ...input });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'key.created',
      subject: id,
      details: { name: input.name, role: input.role },
    });
    return { id, key, name: input.name, role: input.role, prefix: key.slice(0, 8) };
  });
}

/** How often a key's `last_used_at` is written at most: a busy key costs one update a minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Records that a key was used now, unless that was recorded less than a minute ago (the row
 * is left alone then, so a busy key is not a hot row).
 */
export async function touchApiKey(sql: Queryable, keyId: string): Promise<void> {
  await sql`
    update api_keys set last_used_at = now()
    where id = ${keyId}
      and (last_used_at is null or last_used_at < now() - ${LAST_USED_RESOLUTION_MS / 1000} * interval '1 second')`;
}
