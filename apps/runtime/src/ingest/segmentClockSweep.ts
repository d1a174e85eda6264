import type { LogicRule } from '@crossroads/graph-schema';
import { type Registry, SEGMENT_ENTERED_EVENT } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { actOnEvents, eventContext, type StoredEvent } from './actOnEvents.js';
import { type ClockRow, clockRow, SEGMENT_EXITED_EVENT, saveClocks } from './segmentClocks.js';
import { insertEvents } from './storeEvents.js';

interface DueClock {
  workspaceId: string;
  workflowId: string;
  version: number;
  segmentName: string;
  contactId: string;
  member: boolean;
  dueAt: Date;
  rule: LogicRule | null;
  attributes: Record<string, unknown> | null;
  live: boolean;
}

/** Due clocks one transaction re-checks, and most transactions one sweep runs. */
const BATCH = 500;
const MAX_BATCHES = 20;

/**
 * Re-checks the segment clocks that are due (migration 151): each contact whose answer time alone
 * may have changed is evaluated again under its journey's pinned rule. A contact that entered gets
 * `segment.entered`, one that left gets `segment.exited`, acted on for that journey (its trigger,
 * waits and goals) through the normal event path, in the transaction that moves the clock on, so a
 * crash repeats a batch whole or not at all. Clocks of versions no longer live, or of contacts gone,
 * are dropped. Runs from the worker's sweep; returns what it did.
 */
export async function sweepSegmentClocks(
  sql: Sql,
  registry: Registry,
  now: () => Date = () => new Date(),
): Promise<{ checked: number; entered: number; exited: number }> {
  const total = { checked: 0, entered: 0, exited: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const done = await sql.begin((tx) => sweepBatch(tx, registry, now()));
    total.checked += done.checked;
    total.entered += done.entered;
    total.exited += done.exited;
    if (done.checked < BATCH) break;
  }
  return total;
}

async function sweepBatch(tx: TransactionSql, registry: Registry, now: Date) {
  const due = await tx<DueClock[]>`
    select c.workspace_id, c.workflow_id, c.version, c.segment_name, c.contact_id, c.member, c.due_at,
           r.rule, k.attributes,
           (w.status = 'active' and w.active_version = c.version and w.archived_at is null) as live
    from segment_clocks c
    join workflows w on w.id = c.workflow_id
    left join contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    left join version_segments p
      on p.workflow_id = c.workflow_id and p.version = c.version and p.segment_name = c.segment_name
    left join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    where c.due_at <= ${now}
    order by c.due_at
    limit ${BATCH}
    for update of c skip locked`;
  const gone = due.filter((c) => !c.live || c.attributes === null || c.rule === null);
  if (gone.length > 0) {
    await tx`
      delete from segment_clocks c using unnest(
        ${gone.map((g) => g.workflowId)}::uuid[], ${gone.map((g) => g.version)}::int[],
        ${gone.map((g) => g.segmentName)}::text[], ${gone.map((g) => g.contactId)}::text[]
      ) as g(workflow_id, version, segment_name, contact_id)
      where c.workflow_id = g.workflow_id and c.version = g.version
        and c.segment_name = g.segment_name and c.contact_id = g.contact_id`;
  }
  const outcome = { checked: due.length, entered: 0, exited: 0 };
  // Per journey: the clocks it moves on and the events it hears.
  const byJourney = new Map<string, { workspaceId: string; rows: ClockRow[]; events: StoredEvent[] }>();
  for (const c of due) {
    if (!c.live || c.attributes === null || c.rule === null) continue;
    const trigger = { workflowId: c.workflowId, version: c.version, name: c.segmentName, rule: c.rule };
    const row = clockRow(trigger, c.contactId, c.attributes, now);
    if (!row) continue;
    const key = `${c.workflowId}:${c.version}`;
    const journey = byJourney.get(key) ?? { workspaceId: c.workspaceId, rows: [], events: [] };
    journey.rows.push(row);
    if (row.member !== c.member) {
      const type = row.member ? SEGMENT_ENTERED_EVENT : SEGMENT_EXITED_EVENT;
      journey.events.push({
        // Names the journey and the instant it became due: written once, whatever happens.
        id: `${type}:${c.workflowId}:${c.version}:${c.segmentName}:${c.contactId}:${c.dueAt.toISOString()}`,
        contactId: c.contactId,
        type,
        properties: { segment: c.segmentName, becauseOf: 'time' },
        timestamp: now.toISOString(),
      });
      outcome[row.member ? 'entered' : 'exited']++;
    }
    byJourney.set(key, journey);
  }
  for (const [key, { workspaceId, rows, events }] of byJourney) {
    await saveClocks(tx, workspaceId, rows);
    if (events.length === 0) continue;
    const stored = new Set(
      (
        await insertEvents(
          tx,
          workspaceId,
          tx`select e.id, e.contact_id, e.type, e.properties, e.occurred_at
             from jsonb_to_recordset(${tx.json(
               events.map((e) => ({ ...e, contact_id: e.contactId, occurred_at: e.timestamp })) as never,
             )}) as e(id text, contact_id text, type text, properties jsonb, occurred_at timestamptz)`,
          'skip-duplicates',
        )
      ).map((r) => r.id),
    );
    const fresh = events.filter((e) => stored.has(e.id));
    if (fresh.length === 0) continue;
    const [workflowId, version] = [key.split(':')[0], Number(key.split(':')[1])];
    const context = await eventContext(tx, registry, workspaceId, [
      ...new Set(fresh.map((e) => e.contactId)),
    ]);
    // This journey alone: others on the same segment keep clocks (and events) of their own.
    await actOnEvents(tx, registry, workspaceId, fresh, {
      ...context,
      journeys: context.journeys.filter((j) => j.workflowId === workflowId && j.version === version),
      live: context.live.filter((l) => l.workflowId === workflowId),
    });
  }
  return outcome;
}
