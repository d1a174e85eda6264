import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/connect.js';

const DAY = 86_400_000;

/** Test helpers writing engine rows directly (events, ledger effects) for channel service tests. */
export function rowWriter(sql: Sql, workspaceId: string, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  let n = 0;
  return {
    ago,
    async event(contactId: string, type: string, daysAgo: number, properties: Record<string, unknown> = {}) {
      await sql`insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
                values (${workspaceId}, ${randomUUID()}, ${contactId}, ${type}, ${sql.json(properties as never)},
                        ${ago(daysAgo)})`;
    },
    /** An email (or handoff) in the ledger; returns its id, the message key of its tracking. */
    async effect(
      contactId: string,
      options: { kind?: string; state?: string; daysAgo?: number; payload?: Record<string, unknown> } = {},
    ): Promise<string> {
      n += 1;
      const at = options.daysAgo === undefined ? null : ago(options.daysAgo);
      const [row] = await sql<{ id: string }[]>`
        insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                             kind, state, payload, sent_at, updated_at)
        values (${workspaceId}, ${`test-${randomUUID()}`}, ${n}, ${randomUUID()}, 1, 'send-1', ${contactId},
                ${options.kind ?? 'email'}, ${options.state ?? 'sent'},
                ${sql.json((options.payload ?? { kind: 'email', category: 'marketing' }) as never)},
                ${options.state === 'sent' || options.state === undefined ? at : null}, ${at ?? now})
        returning id`;
      return String(row?.id);
    },
  };
}

/** A bare workspace row for service tests; returns its id. */
export async function insertWorkspace(sql: Sql, name = 'test'): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into workspaces (name) values (${name}) returning id`;
  return String(row?.id);
}
