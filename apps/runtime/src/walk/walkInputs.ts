import type { LogicRule } from '@crossroads/graph-schema';
import type { CompiledJourney, ContactData, JourneyEvent, Registry } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import { journeyAt } from './journeys.js';

/** An enrollment as the walk locks and reads it. */
export interface EnrollmentRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  version: number;
  contactId: string;
  nodeId: string;
  visit: number;
  eventId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

// A version's pins never change (migration 091), so its rules are kept for good.
const pinnedRules = new Map<string, Record<string, LogicRule>>();
const MAX_PINNED = 10_000;

/** Contacts (fresh), events, pinned segment rules and compiled journeys for a batch, one query each. */
export async function loadInputs(tx: TransactionSql, registry: Registry, rows: EnrollmentRow[]) {
  const journeys = new Map<string, CompiledJourney | string>();
  for (const row of rows) {
    const key = `${row.workflowId}:${row.version}`;
    if (journeys.has(key)) continue;
    try {
      journeys.set(key, await journeyAt(tx, registry, row.workflowId, row.version));
    } catch (error) {
      // A version that cannot run fails its enrollments instead of retrying forever.
      journeys.set(key, (error as Error).message);
    }
  }
  const withEvents = rows.filter((r) => r.eventId !== null);
  // Each version runs with the segment revisions it pinned at publish (authoring/segmentPins.ts).
  if (pinnedRules.size > MAX_PINNED) pinnedRules.clear();
  const pinnedKeys = [
    ...new Set(
      rows
        .map((r) => `${r.workflowId}:${r.version}`)
        .filter((key) => {
          const journey = journeys.get(key);
          return typeof journey === 'object' && journey.usesSegments && !pinnedRules.has(key);
        }),
    ),
  ];
  // Handoffs record the segments their contact is in now (sales outcomes by segment).
  const handoffWorkspaces = [
    ...new Set(
      rows
        .filter((r) => {
          const journey = journeys.get(`${r.workflowId}:${r.version}`);
          return (
            typeof journey === 'object' && [...journey.nodes.values()].some((n) => n.type === 'sales-handoff')
          );
        })
        .map((r) => r.workspaceId),
    ),
  ];
  const [contactRows, eventRows, segmentRows, workspaceSegmentRows] = await Promise.all([
    tx<{ workspaceId: string; id: string; attributes: Record<string, unknown> }[]>`
      select c.workspace_id, c.id, c.attributes from contacts c
      join unnest(${rows.map((r) => r.workspaceId)}::uuid[], ${rows.map((r) => r.contactId)}::text[]) as k(ws, id)
        on c.workspace_id = k.ws and c.id = k.id`,
    withEvents.length === 0
      ? []
      : tx<
          {
            workspaceId: string;
            id: string;
            type: string;
            properties: Record<string, unknown>;
            occurredAt: Date;
          }[]
        >`
          select e.workspace_id, e.id, e.type, e.properties, e.occurred_at
          from unnest(${withEvents.map((r) => r.workspaceId)}::uuid[], ${withEvents.map((r) => r.eventId)}::text[])
            as k(ws, id)
          -- The key gives the event's week: one partition read per event (migration 240).
          join event_keys ek on ek.workspace_id = k.ws and ek.id = k.id
          join events e on e.workspace_id = k.ws and e.id = k.id and e.received_at = ek.received_at`,
    pinnedKeys.length === 0
      ? []
      : tx<{ workflowId: string; version: number; name: string; rule: LogicRule }[]>`
          select p.workflow_id, p.version, p.segment_name as name, r.rule
          from version_segments p
          join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
          join unnest(${pinnedKeys.map((k) => k.split(':')[0]!)}::uuid[],
                      ${pinnedKeys.map((k) => Number(k.split(':')[1]))}::int[]) as k(workflow_id, version)
            on p.workflow_id = k.workflow_id and p.version = k.version`,
    handoffWorkspaces.length === 0
      ? []
      : tx<{ workspaceId: string; name: string; rule: LogicRule }[]>`
          select workspace_id, name, rule from segments where workspace_id = any(${handoffWorkspaces}::uuid[])`,
  ]);
  const contacts = new Map<string, ContactData>(
    contactRows.map((c) => [`${c.workspaceId}\u0000${c.id}`, { ...c.attributes, id: c.id }]),
  );
  const events = new Map<string, JourneyEvent>(
    eventRows.map((e) => [
      `${e.workspaceId}\u0000${e.id}`,
      { id: e.id, type: e.type, properties: e.properties, timestamp: e.occurredAt.toISOString() },
    ]),
  );
  for (const key of pinnedKeys) pinnedRules.set(key, {});
  for (const s of segmentRows) pinnedRules.get(`${s.workflowId}:${s.version}`)![s.name] = s.rule;
  /** The segment rules a version runs with, by name. */
  const segments = (row: EnrollmentRow) => pinnedRules.get(`${row.workflowId}:${row.version}`) ?? {};
  /** The workspace's current segment rules, by name (loaded for journeys with a handoff). */
  const workspaceSegments = new Map<string, Record<string, LogicRule>>();
  for (const s of workspaceSegmentRows) {
    const rules = workspaceSegments.get(s.workspaceId) ?? {};
    rules[s.name] = s.rule;
    workspaceSegments.set(s.workspaceId, rules);
  }
  return { journeys, contacts, events, segments, workspaceSegments };
}
