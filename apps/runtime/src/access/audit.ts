import type { Queryable } from '../db/connect.js';

/** Actions written to the audit log. Dotted `object.verb`, past tense. */
export type AuditAction =
  | 'workspace.created'
  | 'key.created'
  | 'key.revoked'
  | 'workflow.created'
  | 'workflow.renamed'
  | 'draft.saved'
  | 'draft.edited'
  | 'version.published'
  | 'workflow.activated'
  | 'workflow.paused'
  | 'segment.created'
  | 'segment.updated'
  | 'segment.deleted'
  | 'contact.erased'
  // Other services may add their own actions without touching this list.
  | (string & {});

export interface AuditEntry {
  workspaceId: string;
  /** Who did it: `actorOf(auth)` for a request, or 'system'. */
  actor: string;
  /**
   * The actor's role when it acted. Left out, it is read from the key `actor` names (its name and
   * the first 8 characters of its id), so every caller gets it without passing it.
   */
  actorRole?: string | null | undefined;
  action: AuditAction;
  workflowId?: string | null;
  /** What it was done to, e.g. a key id, a contact id, a segment name. */
  subject?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Names the API key behind a request for the audit log: its name plus the first 8 characters of
 * its id, so two keys with the same name stay distinguishable and no secret is written.
 *
 * @example
 * ```ts
 * actorOf(c.var.auth) // 'ci deploy (3f2a9c1e)'
 * ```
 */
export function actorOf(identity: { keyName: string; keyId: string }): string {
  return `${identity.keyName} (${identity.keyId.slice(0, 8)})`;
}

/**
 * Appends one entry to the workspace's audit log. Pass the transaction that makes the change so
 * the entry exists exactly when the change does. The database numbers and chains it (`seq`,
 * `hash`: migration 090), holding the workspace's audit lock until that transaction ends: call
 * this last in the transaction.
 *
 * @example
 * ```ts
 * await sql.begin(async (tx) => {
 *   await tx`update workflows set status = 'paused' where id = ${id} and workspace_id = ${ws}`;
 *   await recordAudit(tx, { workspaceId: ws, actor: actorOf(auth), action: 'workflow.paused', workflowId: id });
 * });
 * ```
 */
export async function recordAudit(sql: Queryable, entry: AuditEntry): Promise<void> {
  const keyPrefix = /\(([0-9a-f]{8})\)$/.exec(entry.actor)?.[1] ?? null;
  const role =
    entry.actorRole !== undefined
      ? sql`${entry.actorRole}::text`
      : sql`(select min(role) from api_keys where workspace_id = ${entry.workspaceId}
                and ${keyPrefix}::text is not null and left(id::text, 8) = ${keyPrefix}::text
              having count(*) = 1)`;
  await sql`
    insert into audit_log (workspace_id, actor, actor_role, action, workflow_id, subject, details)
    values (${entry.workspaceId}, ${entry.actor}, ${role}, ${entry.action}, ${entry.workflowId ?? null},
            ${entry.subject ?? null}, ${sql.json((entry.details ?? {}) as never)})`;
}
