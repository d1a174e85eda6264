import type { Queryable, Sql } from '../db/connect.js';
import { createApiKey } from './apiKeys.js';
import { recordAudit } from './audit.js';

export interface Workspace {
  id: string;
  name: string;
  createdAt: Date;
}

/**
 * Creates a workspace with its first admin key (shown once). The entry goes to the new workspace's
 * audit log and to the creator's, so both sides can see who made it.
 */
export async function createWorkspace(
  sql: Sql,
  creator: { workspaceId: string; name: string },
  name: string,
): Promise<{ id: string; name: string; adminKey: string; adminKeyId: string }> {
  return sql.begin(async (tx) => {
    const [workspace] = await tx<
      { id: string }[]
    >`insert into workspaces (name) values (${name}) returning id`;
    const id = workspace!.id;
    const admin = await createApiKey(tx, { workspaceId: id, name: 'admin', role: 'admin' });
    for (const workspaceId of [id, creator.workspaceId]) {
      await recordAudit(tx, {
        workspaceId,
        actor: creator.name,
        action: 'workspace.created',
        subject: id,
        details: { name, adminKeyId: admin.id },
      });
    }
    return { id, name, adminKey: admin.key, adminKeyId: admin.id };
  });
}

export async function getWorkspace(sql: Queryable, id: string): Promise<Workspace | null> {
  const [row] = await sql<Workspace[]>`select id, name, created_at from workspaces where id = ${id}`;
  return row ?? null;
}
