import { type Registry, SEGMENT_ENTERED_EVENT } from '@crossroads/nodes';
import { z } from 'zod';
import type { Sql, TransactionSql } from '../db/connect.js';
import { ingestEvents } from '../ingest/ingestEvents.js';
import { type ClockRow, clockRow, SEGMENT_EXITED_EVENT, saveClocks } from '../ingest/segmentClocks.js';
import {
  enteredSegments,
  exitedSegments,
  type SegmentTrigger,
  storeSegmentEntry,
  storeSegmentExit,
} from '../ingest/upsertContact.js';
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
  /** Absent (older jobs): entered. Exited: only the journeys in `only` hear it (they pinned a revision it left). */
  exited: z.boolean().optional(),
  only: z.array(z.string()).optional(),
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
 * Decides which segments the changed contacts entered or left, with the same rules as a single
 * `PUT /v1/contacts/:id` (`enteredSegments`, `exitedSegments`), and queues their segment.entered
 * and segment.exited events as jobs in the batch's transaction: the import does not wait for
 * journeys, and an entry or exit is never lost (the jobs commit with the contacts' new attributes).
 * Event ids are fixed by import, contact and segment, so a retried job stores each event once.
 * The segment clocks of rules that read the time are written here too, as a PUT writes them.
 * Returns how many entries were queued.
 */
export async function queueSegmentEntries(
  tx: TransactionSql,
  workspaceId: string,
  importId: string,
  segments: readonly SegmentTrigger[],
  changed: readonly ChangedContact[],
): Promise<number> {
  if (segments.length === 0 || changed.length === 0) return 0;
  const now = new Date();
  const timestamp = now.toISOString();
  const entries: Entry[] = [];
  const clocks: ClockRow[] = [];
  for (const contact of changed) {
    for (const trigger of segments) {
      const clock = clockRow(trigger, contact.id, contact.after, now);
      if (clock) clocks.push(clock);
    }
    for (const [segment, leftOut] of enteredSegments(
      segments,
      contact.id,
      contact.before,
      contact.after,
      timestamp,
    )) {
      const id = `${SEGMENT_ENTERED_EVENT}:import:${importId}:${contact.id}:${segment}`;
      entries.push({ id, contactId: contact.id, segment, timestamp, leftOut });
    }
    for (const [segment, only] of exitedSegments(
      segments,
      contact.id,
      contact.before,
      contact.after,
      timestamp,
    )) {
      const id = `${SEGMENT_EXITED_EVENT}:import:${importId}:${contact.id}:${segment}`;
      entries.push({ id, contactId: contact.id, segment, timestamp, leftOut: [], exited: true, only });
    }
  }
  await saveClocks(tx, workspaceId, clocks);
  const jobs = [];
  for (let i = 0; i < entries.length; i += EVENTS_PER_JOB) {
    jobs.push({
      task: TASKS.importSegmentEntries,
      payload: { workspaceId, entries: entries.slice(i, i + EVENTS_PER_JOB) },
    });
  }
  await addJobs(tx, jobs);
  return entries.filter((e) => !e.exited).length;
}

const eventOf = (entry: Entry) => ({
  id: entry.id,
  contactId: entry.contactId,
  type: entry.exited ? SEGMENT_EXITED_EVENT : SEGMENT_ENTERED_EVENT,
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
  const forAll = entries.filter((entry) => !entry.exited && entry.leftOut.length === 0);
  if (forAll.length > 0) await ingestEvents(sql, registry, workspaceId, forAll.map(eventOf));
  for (const entry of entries.filter((e) => !e.exited && e.leftOut.length > 0)) {
    await sql.begin((tx) => storeSegmentEntry(tx, registry, workspaceId, eventOf(entry), entry.leftOut));
  }
  // Exits reach only the journeys that start on the segment (their waits, goals and exit rules).
  for (const entry of entries.filter((e) => e.exited)) {
    await sql.begin((tx) => storeSegmentExit(tx, registry, workspaceId, eventOf(entry), entry.only ?? []));
  }
}
