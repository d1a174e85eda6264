import { type Registry, SEGMENT_ENTERED_EVENT } from '@crossroads/nodes';
import { z } from 'zod';
import type { Sql, TransactionSql } from '../db/connect.js';
import { ingestEvents } from '../ingest/ingestEvents.js';
import { enteredSegments, type SegmentTrigger, storeSegmentEntry } from '../ingest/upsertContact.js';
import { addJobs, TASKS } from '../queue/jobs.js';

/** segment.entered events one job ingests (a batch of `POST /v1/events` holds up to 1,000). */
const EVENTS_PER_JOB = 500;

const Entry = z.object({
  id: z.string(),
  contactId: z.string(),
  segment: z.string(),
  timestamp: z.string(),
  /** Journeys whose pinned revision of the segment the contact did not enter (as a PUT decides). */
  leftOut: z.array(z.string()).default([]),
});
export const SegmentEntriesPayload = z.object({ workspaceId: z.string(), entries: z.array(Entry).min(1) });
type Entry = z.infer<typeof Entry>;

/** A contact an import created or changed: its attributes before (none: new) and after. */
export interface ChangedContact {
  id: string;
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown>;
}

/**
 * Decides which segments the changed contacts entered, with the same rule as a single
 * `PUT /v1/contacts/:id` (`enteredSegments`), and queues their segment.entered events as jobs in
 * the batch's transaction: the import does not wait for journeys, and an entry is never lost
 * (the jobs commit with the contacts' new attributes). Event ids are fixed by import, contact
 * and segment, so a retried job stores each event once. Returns how many entries were queued.
 */
export async function queueSegmentEntries(
  tx: TransactionSql,
  workspaceId: string,
  importId: string,
  segments: readonly SegmentTrigger[],
  changed: readonly ChangedContact[],
): Promise<number> {
  if (segments.length === 0 || changed.length === 0) return 0;
  const now = new Date().toISOString();
  const entries: Entry[] = [];
  for (const contact of changed) {
    for (const [segment, leftOut] of enteredSegments(
      segments,
      contact.id,
      contact.before,
      contact.after,
      now,
    )) {
      entries.push({
        id: `${SEGMENT_ENTERED_EVENT}:import:${importId}:${contact.id}:${segment}`,
        contactId: contact.id,
        segment,
        timestamp: now,
        leftOut,
      });
    }
  }
  const jobs = [];
  for (let i = 0; i < entries.length; i += EVENTS_PER_JOB) {
    jobs.push({
      task: TASKS.importSegmentEntries,
      payload: { workspaceId, entries: entries.slice(i, i + EVENTS_PER_JOB) },
    });
  }
  await addJobs(tx, jobs);
  return entries.length;
}

const eventOf = (entry: Entry) => ({
  id: entry.id,
  contactId: entry.contactId,
  type: SEGMENT_ENTERED_EVENT,
  properties: { segment: entry.segment },
  timestamp: entry.timestamp,
});

/**
 * The `import-segment-entries` job: the events go through `ingestEvents`, like any other event;
 * the rare entry some journeys must not hear (they pinned a revision the contact did not enter)
 * is stored and acted on alone, as a PUT does. Both skip an event stored before (a retried job).
 */
export async function ingestSegmentEntries(
  sql: Sql,
  registry: Registry,
  payload: z.infer<typeof SegmentEntriesPayload>,
): Promise<void> {
  const { workspaceId, entries } = payload;
  const forAll = entries.filter((entry) => entry.leftOut.length === 0);
  if (forAll.length > 0) await ingestEvents(sql, registry, workspaceId, forAll.map(eventOf));
  for (const entry of entries.filter((e) => e.leftOut.length > 0)) {
    await sql.begin((tx) => storeSegmentEntry(tx, registry, workspaceId, eventOf(entry), entry.leftOut));
  }
}
