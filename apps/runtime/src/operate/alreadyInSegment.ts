import type { Graph } from '@crossroads/graph-schema';
import {
  compiledJourney,
  evaluateRule,
  type Registry,
  SEGMENT_ENTERED_EVENT,
  triggerSegments,
  withPackFacts,
} from '@crossroads/nodes';
import type { Queryable, Sql } from '../db/connect.js';
import { actOnEvents, eventContext, type StoredEvent } from '../ingest/actOnEvents.js';
import { ruleData, type TriggerRule, triggerRules } from '../ingest/segmentClocks.js';
import { insertEvents } from '../ingest/storeEvents.js';

/** Contacts read per page (and per enrolment transaction). */
const PAGE = 1000;

/** Pages of the workspace's contacts that are in one of the segments now, in id order. */
async function* membersOf(sql: Queryable, workspaceId: string, rules: TriggerRule[]) {
  const now = new Date();
  for (let after = ''; ; ) {
    const page = await sql<{ id: string; attributes: Record<string, unknown> }[]>`
      select id, attributes from contacts where workspace_id = ${workspaceId} and id > ${after}
      order by id limit ${PAGE}`;
    if (page.length === 0) return;
    after = page[page.length - 1]!.id;
    yield page.flatMap((c) => {
      const data = ruleData(c.id, c.attributes, now);
      const segment = rules.find((s) => evaluateRule(s.rule, data).matched);
      return segment ? [{ contactId: c.id, segment: segment.name }] : [];
    });
  }
}

/**
 * How many contacts "also enrol the contacts already in the segment" would enrol: those in one of
 * the segments the version starts on now (read in pages; rules checked as at a contact upsert).
 */
export async function countAlreadyIn(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<{ segments: string[]; contacts: number } | null> {
  const rules = await triggerRules(sql, registry, workspaceId, workflowId, version);
  if (!rules) return null;
  let contacts = 0;
  if (rules.length > 0) for await (const page of membersOf(sql, workspaceId, rules)) contacts += page.length;
  return { segments: rules.map((r) => r.name), contacts };
}

/**
 * The same count for the draft, before "Publish and go live": its trigger's segments with their
 * current rules (the revisions a publish pins now). Null for a workflow of another workspace; a
 * draft that does not compile starts on no segment.
 */
export async function countDraftAlreadyIn(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
): Promise<{ segments: string[]; contacts: number } | null> {
  const [workflow] = await sql<{ draft: Graph }[]>`
    select draft from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!workflow) return null;
  const names = await withPackFacts(() => triggerSegments(compiledJourney(workflow.draft, registry))).catch(
    () => [] as string[],
  );
  if (names.length === 0) return { segments: [], contacts: 0 };
  const rules = await sql<TriggerRule[]>`
    select ${workflowId}::uuid as workflow_id, 0 as version, name, rule from segments
    where workspace_id = ${workspaceId} and name = any(${names}::text[]) order by name`;
  let contacts = 0;
  if (rules.length > 0) for await (const page of membersOf(sql, workspaceId, rules)) contacts += page.length;
  return { segments: rules.map((r) => r.name), contacts };
}

/**
 * Enrols the contacts already in the version's trigger segments into that journey alone, as if
 * each had just entered: a `segment.entered` event per contact, acted on through the normal ingest
 * path (re-entry rules apply). The event id names the workflow, version and contact, so running
 * this again (a retried job, a restart mid-way) stores and enrols nobody twice. Does nothing once
 * another version is live or the journey is paused.
 */
export async function enrolAlreadyIn(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<{ contacts: number; enrolled: number }> {
  const rules = await triggerRules(sql, registry, workspaceId, workflowId, version);
  const total = { contacts: 0, enrolled: 0 };
  if (!rules || rules.length === 0) return total;
  for await (const page of membersOf(sql, workspaceId, rules)) {
    if (page.length === 0) continue;
    total.contacts += page.length;
    const still = await sql.begin(async (tx) => {
      const context = await eventContext(
        tx,
        registry,
        workspaceId,
        page.map((m) => m.contactId),
      );
      const journeys = context.journeys.filter((j) => j.workflowId === workflowId && j.version === version);
      if (journeys.length === 0) return false;
      const timestamp = new Date().toISOString();
      const stored = await insertEvents(
        tx,
        workspaceId,
        tx`select ${`${SEGMENT_ENTERED_EVENT}:already-in:${workflowId}:${version}:`} || m.contact_id,
               m.contact_id, ${SEGMENT_ENTERED_EVENT}, jsonb_build_object('segment', m.segment, 'alreadyIn', true),
               ${timestamp}
           from unnest(${page.map((m) => m.contactId)}::text[], ${page.map((m) => m.segment)}::text[])
             as m(contact_id, segment)`,
        'skip-duplicates',
      ).then((rows) => rows.map((r) => ({ ...r, segment: String(r.properties.segment) })));
      const events: StoredEvent[] = stored.map((e) => ({
        id: e.id,
        contactId: e.contactId,
        type: SEGMENT_ENTERED_EVENT,
        properties: { segment: e.segment, alreadyIn: true },
        timestamp,
      }));
      // This journey alone: other journeys' waits and triggers heard nothing new.
      const live = context.live.filter((l) => l.workflowId === workflowId);
      const outcome = await actOnEvents(tx, registry, workspaceId, events, { ...context, journeys, live });
      total.enrolled += outcome.enrolled;
      return true;
    });
    if (!still) break;
  }
  return total;
}
