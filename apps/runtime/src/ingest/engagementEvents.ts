import { createHash } from 'node:crypto';
import type { Registry } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import type { TrackedMessage } from '../deliver/tracking.js';
import { type IngestResult, ingestEvents } from './ingestEvents.js';

export type EngagementType = 'email.opened' | 'email.clicked' | 'email.replied' | 'email.unsubscribed';

/** The tracked_messages column holding the first time of each kind of engagement (for stats). */
const FIRST_AT: Record<EngagementType, string> = {
  'email.opened': 'opened_at',
  'email.clicked': 'clicked_at',
  'email.replied': 'replied_at',
  'email.unsubscribed': 'unsubscribed_at',
};

/** Repeated opens (and clicks of the same link) within this window count once. */
export const ENGAGEMENT_DEDUPE_MS = 60_000;

/**
 * A stable event id, so ingestion dedupes: the same message, type and discriminator (link index,
 * reply hash) within one dedupe window is one event.
 */
export function engagementEventId(
  type: EngagementType,
  messageKey: string,
  discriminator: string,
  at: Date,
): string {
  const bucket =
    type === 'email.opened' || type === 'email.clicked' ? Math.floor(at.getTime() / ENGAGEMENT_DEDUPE_MS) : 0;
  const hash = createHash('sha256')
    .update(JSON.stringify([type, messageKey, discriminator, bucket]))
    .digest('base64url');
  return `${type}:${hash.slice(0, 32)}`;
}

/**
 * Records an engagement event for a tracked message through the engine's ingestion, so waits for
 * `email.opened` resume, goals convert and gates can read it. Properties: `messageKey`,
 * `workflowId`, `nodeId`, plus `extra` (e.g. `url`, `idx`).
 *
 * @example
 * ```ts
 * await emitEngagementEvent(sql, registry, message, 'email.clicked', { url, idx: 0 }, { discriminator: '0' });
 * ```
 */
export async function emitEngagementEvent(
  sql: Sql,
  registry: Registry,
  message: TrackedMessage,
  type: EngagementType,
  extra: Record<string, unknown> = {},
  options: { discriminator?: string; at?: Date } = {},
): Promise<IngestResult> {
  const at = options.at ?? new Date();
  const column = FIRST_AT[type];
  await sql`update tracked_messages set ${sql(column)} = coalesce(${sql(column)}, ${at})
            where workspace_id = ${message.workspaceId} and message_key = ${message.messageKey}`;
  return ingestEvents(sql, registry, message.workspaceId, [
    {
      id: engagementEventId(type, message.messageKey, options.discriminator ?? '', at),
      contactId: message.contactId,
      type,
      properties: {
        messageKey: message.messageKey,
        workflowId: message.workflowId,
        nodeId: message.nodeId,
        ...extra,
      },
      timestamp: at.toISOString(),
    },
  ]);
}
