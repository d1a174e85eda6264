import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect.js';
import type { Role } from '../http/permissions.js';

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
  sql: Sql,
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

export async function findApiKey(sql: Sql, key: string): Promise<ApiKeyIdentity | null> {
  const [row] = await sql<ApiKeyIdentity[]>`
    select id as key_id, name as key_name, workspace_id, role, instance_admin
    from api_keys where key_hash = ${hashKey(key)} and revoked_at is null`;
  return row ?? null;
}
