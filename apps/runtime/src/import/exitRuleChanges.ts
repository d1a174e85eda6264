import { exitRuleWatch, type Registry } from '@crossroads/nodes';
import { z } from 'zod';
import type { Sql, TransactionSql } from '../db/connect.js';
import { actOnExitRuleChanges, changedAttributes } from '../ingest/exitRuleChanges.js';
import { exitedSegments, type SegmentTrigger } from '../ingest/upsertContact.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { journeyAt } from '../walk/journeys.js';
import type { ChangedContact } from './segmentEntries.js';

/** Contacts one job checks (each in its own transaction, as a PUT would). */
const CONTACTS_PER_JOB = 100;

const Attributes = z.record(z.string(), z.unknown());
export const ExitRuleChangesPayload = z.object({
  workspaceId: z.string(),
  importId: z.string(),
  contacts: z
    .array(
      z.object({
        id: z.string(),
        before: Attributes,
        after: Attributes,
        /** Segment → journeys that heard its exit already (trigger segments, import-segment-entries). */
        heard: z.record(z.string(), z.array(z.string())),
      }),
    )
    .min(1),
});

/**
 * Of the contacts a batch writes, those in a journey (any running version) whose exit rules watch
 * attribute changes or a segment: the only ones whose changes an import must act on. One indexed
 * read per batch; nothing more when no such journey runs.
 */
export async function watchedByExitRules(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx<{ contactId: string; workflowId: string; version: number }[]>`
    select distinct contact_id, workflow_id, version from enrollments
    where workspace_id = ${workspaceId} and contact_id = any(${ids as string[]}::text[]) and ended_at is null`;
  const watching = new Map<string, boolean>();
  const watched = new Set<string>();
  for (const row of rows) {
    const key = `${row.workflowId}:${row.version}`;
    if (!watching.has(key)) {
      // A version that cannot compile fails its enrollments when they advance; imports skip it.
      const journey = await journeyAt(tx, registry, row.workflowId, row.version).catch(() => undefined);
      const watch = journey ? exitRuleWatch(journey.settings) : undefined;
      watching.set(key, !!watch && (watch.attributes || watch.segments.length > 0));
    }
    if (watching.get(key)) watched.add(row.contactId);
  }
  return watched;
}

/**
 * Queues, in the batch's transaction, the exit-rule checks of the watched contacts it changed: the
 * import does not wait for journeys, and a change is never lost (the jobs commit with it).
 */
export async function queueExitRuleChanges(
  tx: TransactionSql,
  workspaceId: string,
  importId: string,
  segments: readonly SegmentTrigger[],
  changed: readonly ChangedContact[],
): Promise<void> {
  const contacts = changed.flatMap(({ id, before, after }) =>
    before && changedAttributes(before, after).length > 0
      ? [{ id, before, after, heard: Object.fromEntries(exitedSegments(segments, id, before, after)) }]
      : [],
  );
  const jobs = [];
  for (let i = 0; i < contacts.length; i += CONTACTS_PER_JOB) {
    jobs.push({
      task: TASKS.importExitRuleChanges,
      payload: { workspaceId, importId, contacts: contacts.slice(i, i + CONTACTS_PER_JOB) },
    });
  }
  await addJobs(tx, jobs);
}

/**
 * The `import-exit-rule-changes` job: each contact's changes go through the same exit-rule check
 * as a PUT, with event ids fixed by import, contact and attribute or segment, so a retried job
 * acts on each change once.
 */
export async function ingestExitRuleChanges(
  sql: Sql,
  registry: Registry,
  payload: z.infer<typeof ExitRuleChangesPayload>,
): Promise<void> {
  const { workspaceId, importId } = payload;
  for (const contact of payload.contacts) {
    const heard = new Map(Object.entries(contact.heard).map(([segment, ids]) => [segment, new Set(ids)]));
    await sql.begin((tx) =>
      actOnExitRuleChanges(
        tx,
        registry,
        workspaceId,
        contact.id,
        contact.before,
        contact.after,
        heard,
        (type, key) => `${type}:import:${importId}:${contact.id}:${key}`,
      ),
    );
  }
}
